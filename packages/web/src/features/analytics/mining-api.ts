import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';

export type ProcessMining = components['schemas']['AnalyticsProcessMining'];
export type MiningStep = components['schemas']['AnalyticsMiningStep'];
export type MiningVariant = components['schemas']['AnalyticsMiningVariant'];
export type MiningMap = components['schemas']['AnalyticsMiningMap'];

export interface MiningQuery {
  processKey: string;
  version?: number;
  /** Local dates, to inclusive. */
  from: string;
  to: string;
  departmentId?: string;
  caseType?: string;
}

const queryOf = (q: MiningQuery) => ({
  processKey: q.processKey,
  from: q.from,
  to: q.to,
  ...(q.version ? { version: q.version } : {}),
  ...(q.departmentId ? { departmentId: q.departmentId } : {}),
  ...(q.caseType ? { caseType: q.caseType } : {}),
});

export function useMinedProcesses() {
  return useQuery({
    queryKey: ['analytics', 'processes'],
    staleTime: 60_000,
    queryFn: async () => dataOf(await api.GET('/api/v1/analytics/processes')).items,
  });
}

export function useProcessMining(q: MiningQuery | undefined) {
  return useQuery({
    queryKey: ['analytics', 'process-mining', q],
    enabled: q !== undefined,
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<ProcessMining> => dataOf(await api.GET('/api/v1/analytics/process-mining', { params: { query: queryOf(q!) } })),
  });
}

/** The event log as a plain link: the browser downloads it with the session cookie, streamed. */
export function eventLogHref(q: MiningQuery, format: 'xes' | 'csv'): string {
  const params = Object.fromEntries(Object.entries(queryOf(q)).map(([k, v]) => [k, String(v)]));
  return `/api/v1/analytics/event-log?${new URLSearchParams({ ...params, format }).toString()}`;
}
