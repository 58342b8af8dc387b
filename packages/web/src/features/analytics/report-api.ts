import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dataOf, type components, type paths } from '@docket/client';
import { api } from '../../app/api.ts';

// The report designer's API (issue 20, part F) through the typed client.

type Schemas = components['schemas'];
export type ReportSubjects = Schemas['AnalyticsReportSubjects'];
export type ReportSubjectView = ReportSubjects['items'][number];
export type DimensionView = ReportSubjectView['dimensions'][number];
export type ReportResult = Schemas['AnalyticsReportResult'];
export type SavedReport = Schemas['AnalyticsReport'];
export type Board = Schemas['AnalyticsBoard'];
export type ReportBody = paths['/api/v1/analytics/reports']['post']['requestBody']['content']['application/json'];
export type ReportDefinition = ReportBody['definition'];
export type ReportSchedule = NonNullable<ReportBody['schedule']>;
export type BoardBody = paths['/api/v1/analytics/boards']['post']['requestBody']['content']['application/json'];
export type ReportChart = ReportDefinition['chart'];
export type ReportSubjectKey = ReportDefinition['subject'];

export const REPORT_CHARTS: readonly ReportChart[] = ['table', 'bar', 'line', 'pie', 'funnel', 'sankey', 'map'];

export const reportKeys = {
  subjects: ['analytics', 'report-subjects'] as const,
  list: ['analytics', 'reports'] as const,
  one: (id: string) => ['analytics', 'reports', id] as const,
  boards: ['analytics', 'boards'] as const,
  board: (id: string) => ['analytics', 'boards', id] as const,
};

export function useReportSubjects() {
  return useQuery({ queryKey: reportKeys.subjects, staleTime: 60_000, queryFn: async () => dataOf(await api.GET('/api/v1/analytics/report-subjects')).items });
}

export function useReports() {
  return useQuery({ queryKey: reportKeys.list, queryFn: async () => dataOf(await api.GET('/api/v1/analytics/reports')).items });
}

export function useReport(id: string | undefined) {
  return useQuery({
    queryKey: reportKeys.one(id ?? ''),
    enabled: id !== undefined,
    queryFn: async () => dataOf(await api.GET('/api/v1/analytics/reports/{id}', { params: { path: { id: id! } } })),
  });
}

/** The live preview: runs the definition as it stands (debounced by the caller); an unusable one is not sent. */
export function useReportPreview(definition: ReportDefinition | undefined) {
  return useQuery({
    queryKey: ['analytics', 'report-preview', definition],
    enabled: definition !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: async (): Promise<ReportResult> => dataOf(await api.POST('/api/v1/analytics/reports/run', { body: { definition: definition! } })),
  });
}

/**
 * The values a dimension takes in the reader's reach over the last year (at most 200, the most
 * frequent first): what a filter offers to pick from, with departments and people named.
 */
export function useDimensionValues(subject: ReportSubjectKey, dimension: string | undefined) {
  return useQuery({
    queryKey: ['analytics', 'dimension-values', subject, dimension],
    enabled: dimension !== undefined && dimension !== '',
    staleTime: 60_000,
    retry: false,
    queryFn: async (): Promise<ReportResult> =>
      dataOf(await api.POST('/api/v1/analytics/reports/run', { body: { definition: { subject, groupBy: [dimension!], measures: ['count'], periodDays: 365, chart: 'table', limit: 200 } } })),
  });
}

/** A saved report's result with the reader's own policy (board tiles). */
export function useSavedReportResult(id: string) {
  return useQuery({
    queryKey: ['analytics', 'reports', id, 'result'],
    retry: false,
    queryFn: async (): Promise<ReportResult> => dataOf(await api.GET('/api/v1/analytics/reports/{id}/result', { params: { path: { id } } })),
  });
}

export async function createReport(body: ReportBody): Promise<SavedReport> {
  return dataOf(await api.POST('/api/v1/analytics/reports', { body }));
}

export async function updateReport(id: string, version: number, body: ReportBody): Promise<SavedReport> {
  return dataOf(await api.PUT('/api/v1/analytics/reports/{id}', { params: { path: { id }, header: { 'if-match': `"${version}"` } }, body }));
}

export async function deleteReport(id: string, version: number): Promise<void> {
  dataOf(await api.DELETE('/api/v1/analytics/reports/{id}', { params: { path: { id }, header: { 'if-match': `"${version}"` } } }));
}

/** The export: a plain link, so the browser downloads it with the session cookie (audited by the server). */
export function exportHref(id: string, format: 'csv' | 'xlsx'): string {
  return `/api/v1/analytics/reports/${encodeURIComponent(id)}/export?format=${format}`;
}

export function useBoards() {
  return useQuery({ queryKey: reportKeys.boards, queryFn: async () => dataOf(await api.GET('/api/v1/analytics/boards')).items });
}

export function useBoard(id: string | undefined) {
  return useQuery({
    queryKey: reportKeys.board(id ?? ''),
    enabled: id !== undefined && id !== 'new',
    queryFn: async () => dataOf(await api.GET('/api/v1/analytics/boards/{id}', { params: { path: { id: id! } } })),
  });
}

export async function createBoard(body: BoardBody): Promise<Board> {
  return dataOf(await api.POST('/api/v1/analytics/boards', { body }));
}

export async function updateBoard(id: string, version: number, body: BoardBody): Promise<Board> {
  return dataOf(await api.PUT('/api/v1/analytics/boards/{id}', { params: { path: { id }, header: { 'if-match': `"${version}"` } }, body }));
}

export async function deleteBoard(id: string, version: number): Promise<void> {
  dataOf(await api.DELETE('/api/v1/analytics/boards/{id}', { params: { path: { id }, header: { 'if-match': `"${version}"` } } }));
}
