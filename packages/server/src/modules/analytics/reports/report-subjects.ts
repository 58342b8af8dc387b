import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import { readFieldForReports } from './field-reportability.ts';
import type { KnownField } from './report-definition.ts';
import { listKnownFields } from './run-report.ts';
import { type DimensionKind, FIELD_DIMENSION_PREFIX, type MeasureUnit, REPORT_SUBJECTS, type ReportSubject, SUBJECT_CATALOGUE } from './subject-catalogue.ts';

export interface DimensionView {
  key: string;
  kind: DimensionKind;
  fieldKey?: string;
  /** A case field's label as its form names it. */
  label?: string;
  dataClass?: string | null;
  caseTypes?: string[];
  /** This reader may group and filter by it in clear. */
  reportable: boolean;
  reason?: 'masked' | 'sealed';
}

export interface SubjectView {
  key: ReportSubject;
  dimensions: DimensionView[];
  measures: { key: string; unit: MeasureUnit; fieldKey?: string; reportable: boolean }[];
}

/** What a report can be built from, marked for THIS reader: a dimension they see masked is listed, not usable. */
export async function describeReportSubjects(ctx: CommandContext): Promise<SubjectView[]> {
  assertAllowed(ctx.actor, 'analytics:read');
  const fields = await listKnownFields(ctx);
  const readField = (fieldKey: string): KnownField => fields.get(fieldKey) ?? { key: fieldKey, type: 'select', dataClass: null, caseTypes: [] };
  return REPORT_SUBJECTS.map((subject) => {
    const catalogue = SUBJECT_CATALOGUE[subject];
    const dimensions: DimensionView[] = catalogue.dimensions.map((d) => {
      if (!d.fieldKey) return { key: d.key, kind: d.kind, reportable: true };
      const reading = readFieldForReports(ctx.actor.permissions, readField(d.fieldKey));
      return { key: d.key, kind: d.kind, fieldKey: d.fieldKey, reportable: reading.reportable, ...(reading.reason ? { reason: reading.reason } : {}) };
    });
    const measures: SubjectView['measures'] = catalogue.measures.map((m) => ({ key: m.key, unit: m.unit, reportable: true }));
    if (subject === 'cases') {
      for (const field of fields.values()) {
        // category and product are facts' own columns already listed above.
        if (field.key === 'category' || field.key === 'product') continue;
        const reading = readFieldForReports(ctx.actor.permissions, field);
        dimensions.push({
          key: `${FIELD_DIMENSION_PREFIX}${field.key}`,
          kind: 'field',
          fieldKey: field.key,
          ...(field.label ? { label: field.label } : {}),
          dataClass: field.dataClass,
          caseTypes: field.caseTypes,
          reportable: reading.reportable,
          ...(reading.reason ? { reason: reading.reason } : {}),
        });
        if (field.type === 'number') {
          for (const prefix of ['sum', 'avg']) measures.push({ key: `${prefix}:field:${field.key}`, unit: 'number', fieldKey: field.key, reportable: reading.reportable });
        }
      }
    }
    return { key: subject, dimensions, measures };
  });
}
