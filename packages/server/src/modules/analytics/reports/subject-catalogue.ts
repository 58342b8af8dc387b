// What a report can be about: four subjects, each with the dimensions it can be grouped and
// filtered by and the measures it can show. Pure: the SQL of each key is in report-query-store.ts.
// A dimension read from a case field names it (`fieldKey`): the field policy decides whether the
// reader may use it (field-reportability.ts).

export const REPORT_SUBJECTS = ['cases', 'tasks', 'sla-targets', 'routing-decisions'] as const;
export type ReportSubject = (typeof REPORT_SUBJECTS)[number];

/** How a dimension's values read: department and user ids get names; dates sort as dates. */
export const DIMENSION_KINDS = ['text', 'department', 'user', 'date', 'region', 'field'] as const;
export type DimensionKind = (typeof DIMENSION_KINDS)[number];

export const MEASURE_UNITS = ['count', 'rate', 'hours', 'score', 'number', 'ms'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];

export interface DimensionEntry {
  key: string;
  kind: DimensionKind;
  /** The case field the values come from (policy: field-reportability.ts). */
  fieldKey?: string;
}

export interface MeasureEntry {
  key: string;
  unit: MeasureUnit;
  fieldKey?: string;
}

const dims = (kind: DimensionKind, ...keys: string[]): DimensionEntry[] => keys.map((key) => ({ key, kind }));
const byDate = (prefix: string): DimensionEntry[] => dims('date', `${prefix}-day`, `${prefix}-week`, `${prefix}-month`);
/** The case a task, target or decision belongs to: its type, channel and department. */
const caseDims: DimensionEntry[] = [...dims('text', 'case-type', 'case-channel'), { key: 'case-department', kind: 'department' }];

export const SUBJECT_CATALOGUE: Record<ReportSubject, { dimensions: DimensionEntry[]; measures: MeasureEntry[] }> = {
  cases: {
    dimensions: [
      ...dims('text', 'type', 'channel', 'status', 'status-category', 'priority', 'sensitivity', 'outcome'),
      { key: 'category', kind: 'text', fieldKey: 'category' },
      { key: 'product', kind: 'text', fieldKey: 'product' },
      { key: 'region', kind: 'region' },
      { key: 'department', kind: 'department' },
      { key: 'assignee', kind: 'user' },
      ...byDate('created'),
      ...byDate('resolved'),
    ],
    measures: [
      { key: 'count', unit: 'count' },
      { key: 'resolved', unit: 'count' },
      { key: 'unfinished', unit: 'count' },
      { key: 'reopened', unit: 'count' },
      { key: 'sla-breaches', unit: 'count' },
      { key: 'first-contact-resolution-rate', unit: 'rate' },
      { key: 'on-time-rate', unit: 'rate' },
      { key: 'reopen-rate', unit: 'rate' },
      { key: 'satisfaction-average', unit: 'score' },
      { key: 'resolution-hours-average', unit: 'hours' },
    ],
  },
  tasks: {
    dimensions: [
      ...dims('text', 'process', 'step', 'state', 'outcome'),
      { key: 'department', kind: 'department' },
      { key: 'assignee', kind: 'user' },
      { key: 'assignee-department', kind: 'department' },
      ...caseDims,
      ...byDate('created'),
    ],
    measures: [
      { key: 'count', unit: 'count' },
      { key: 'completed', unit: 'count' },
      { key: 'open', unit: 'count' },
      { key: 'wait-hours-average', unit: 'hours' },
      { key: 'work-hours-average', unit: 'hours' },
      { key: 'work-hours-p90', unit: 'hours' },
    ],
  },
  'sla-targets': {
    dimensions: [...dims('text', 'target', 'kind', 'state', 'priority', 'breached'), ...caseDims, ...byDate('started')],
    measures: [
      { key: 'count', unit: 'count' },
      { key: 'breached', unit: 'count' },
      { key: 'met-on-time', unit: 'count' },
      { key: 'on-time-rate', unit: 'rate' },
      { key: 'elapsed-hours-average', unit: 'hours' },
    ],
  },
  'routing-decisions': {
    dimensions: [...dims('text', 'trigger', 'outcome', 'strategy', 'rule'), { key: 'assignee', kind: 'user' }, ...caseDims, ...byDate('decided')],
    measures: [
      { key: 'count', unit: 'count' },
      { key: 'assigned', unit: 'count' },
      { key: 'duration-ms-average', unit: 'ms' },
    ],
  },
};

/** A case-type field as a dimension of the cases subject: `field:<key>`. */
export const FIELD_DIMENSION_PREFIX = 'field:';
/** Sum and average of a number field: `sum:field:<key>`, `avg:field:<key>`. */
export const FIELD_MEASURE_PREFIXES = ['sum:field:', 'avg:field:'] as const;

/** Field types whose values make groups (choices and short text); free text never does. */
export const GROUPABLE_FIELD_TYPES = ['select', 'radio', 'checkbox', 'textfield', 'number', 'datetime'] as const;

export function isDateDimension(key: string): boolean {
  return /-(day|week|month)$/.test(key);
}
