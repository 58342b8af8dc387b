import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';

export type SlaReport = components['schemas']['SlaReport'];
export type SlaReportRow = SlaReport['rows'][number];
export type ReportGrouping = SlaReport['groupBy'];
export const REPORT_GROUPINGS: readonly ReportGrouping[] = ['caseType', 'department', 'queue'];

export interface SlaReportQuery {
  groupBy: ReportGrouping;
  /** RFC 3339 instants; to is exclusive. */
  from: string;
  to: string;
  caseType?: string;
  departmentId?: string;
  queue?: string;
}

const queryOf = (q: SlaReportQuery) => ({
  groupBy: q.groupBy,
  from: q.from,
  to: q.to,
  ...(q.caseType ? { caseType: q.caseType } : {}),
  ...(q.departmentId ? { departmentId: q.departmentId } : {}),
  ...(q.queue ? { queue: q.queue } : {}),
});

export function useSlaReport(q: SlaReportQuery) {
  return useQuery({
    queryKey: ['sla', 'report', q],
    placeholderData: keepPreviousData,
    // Without format=csv the answer is always the JSON report (the CSV form is the export link below).
    queryFn: async (): Promise<SlaReport> => dataOf(await api.GET('/api/v1/sla/report', { params: { query: queryOf(q) } })) as SlaReport,
  });
}

/** The CSV export of the same figures: a plain link, so the browser downloads it with the session cookie. */
export function csvHref(q: SlaReportQuery): string {
  return `/api/v1/sla/report?${new URLSearchParams({ ...queryOf(q), format: 'csv' }).toString()}`;
}
