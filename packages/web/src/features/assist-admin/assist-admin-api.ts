import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type components, dataOf } from '@docket/client';
import { api } from '../../app/api.ts';

export type AssistSettings = components['schemas']['AssistSettings'];
export type AssistReport = components['schemas']['AssistReport'];
export type AssistModel = components['schemas']['AssistModelView'];
export type ReportBucket = AssistReport['bucket'];
export type AssistSettingsBody = Pick<AssistSettings, 'enabled' | 'threshold' | 'fields' | 'secondsPerField'>;

export const REPORT_BUCKETS: readonly ReportBucket[] = ['day', 'week', 'month'];

export const assistAdminKeys = {
  settings: ['assist', 'settings'] as const,
  models: ['assist', 'models'] as const,
  report: (query: AssistReportQuery) => ['assist', 'report', query] as const,
};

export interface AssistReportQuery {
  caseType?: string;
  from: string;
  to: string;
  bucket: ReportBucket;
}

export function useAssistSettings(enabled = true) {
  return useQuery({ queryKey: assistAdminKeys.settings, enabled, queryFn: async () => dataOf(await api.GET('/api/v1/assist/settings')).items });
}

export function useAssistModels(enabled = true) {
  return useQuery({ queryKey: assistAdminKeys.models, enabled, queryFn: async () => dataOf(await api.GET('/api/v1/assist/models')).items });
}

export function useAssistReport(query: AssistReportQuery) {
  return useQuery({
    queryKey: assistAdminKeys.report(query),
    placeholderData: keepPreviousData,
    queryFn: async () => dataOf(await api.GET('/api/v1/assist/report', { params: { query: { ...query, ...(query.caseType ? {} : { caseType: undefined }) } } })),
  });
}

/** Saves a case type's settings against the version read: a 412 means someone saved in between. */
export async function saveAssistSettings(caseType: string, version: number, body: AssistSettingsBody): Promise<AssistSettings> {
  return dataOf(await api.PUT('/api/v1/assist/settings/{caseType}', { params: { path: { caseType }, header: { 'if-match': `"${version}"` } }, body }));
}

/** 0.8 → "80 %", null → "—". */
export function percent(rate: number | null | undefined, digits = 0): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(digits)} %`;
}

/** Seconds as hours with one decimal: what a report reader compares. */
export function hoursOf(seconds: number): string {
  return (seconds / 3600).toFixed(1);
}
