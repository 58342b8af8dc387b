import { useLocale } from '../../app/locale.tsx';
import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';
import { caseTypeName, useCaseTypes } from '../cases/case-queries.ts';
import type { DimensionView, ReportResult } from './report-api.ts';

// Names of report keys and values in the reader's language: dimension and measure keys by the
// catalogue's words, values of known vocabularies (case types, channels, statuses, provinces) by
// theirs; departments and people come named by the server. A value no vocabulary knows is shown
// as it is stored (a select field's value).

export function dimensionLabel(t: Translate, key: string, fieldLabel?: string): string {
  if (key.startsWith('field:')) return t('analyticsReports.dim.field', { label: fieldLabel ?? key.slice('field:'.length) });
  return translateIfKnown(t, `analyticsReports.dim.${key}`) ?? key;
}

export function measureLabel(t: Translate, key: string): string {
  const field = /^(sum|avg):field:(.+)$/.exec(key);
  if (field) return t(field[1] === 'sum' ? 'analyticsReports.measure.sum' : 'analyticsReports.measure.avg', { label: field[2]! });
  return translateIfKnown(t, `analyticsReports.measure.${key}`) ?? key;
}

/** A dimension by its catalogue entry: a case field by its form's label. */
export function dimensionViewLabel(t: Translate, dimension: DimensionView): string {
  return dimensionLabel(t, dimension.key, dimension.label ?? dimension.fieldKey);
}

export function useValueLabeller() {
  const { t } = useLocale();
  const types = useCaseTypes();
  return (dimension: string, value: string | null, serverLabel: string | null): string => {
    if (value === null) return t('analyticsReports.none');
    if (dimension === 'type' || dimension === 'case-type') return caseTypeName(types.data, value);
    if (dimension === 'channel' || dimension === 'case-channel') return translateIfKnown(t, `routingAdmin.channel.${value}`) ?? translateIfKnown(t, `channel.${value}`) ?? value;
    if (dimension === 'status-category') return translateIfKnown(t, `statusCategory.${value}`) ?? value;
    if (dimension === 'priority') return translateIfKnown(t, `priority.${value}`) ?? value;
    if (dimension === 'sensitivity') return translateIfKnown(t, `knowledge.sensitivity.${value}`) ?? value;
    if (dimension === 'region') return translateIfKnown(t, `analyticsReports.province.${value}`) ?? value;
    if (dimension === 'breached') return t(value === 'yes' ? 'analyticsReports.value.yes' : 'analyticsReports.value.no');
    return serverLabel ?? value;
  };
}

/** A measure's value as read: rates as percentages, others as numbers. */
export function formatMeasure(value: number | null, unit: string | undefined): string {
  if (value === null) return '—';
  if (unit === 'rate') return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** Rows with their dimension values named, for the table and the chart alike. */
export function useLabelledRows(result: ReportResult | undefined) {
  const label = useValueLabeller();
  if (!result) return [];
  const dims = result.columns.filter((c) => c.role === 'dimension');
  return result.rows.map((r, i) => ({ key: String(i), names: r.keys.map((k, j) => label(dims[j]!.key, k, r.labels[j] ?? null)), values: r.values }));
}
