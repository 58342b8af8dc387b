import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import dayjs from 'dayjs';
import { api } from '../../app/api.ts';

export type Dashboard = components['schemas']['AnalyticsDashboard'];
export type Cockpit = components['schemas']['AnalyticsCockpit'];
export type CockpitUnit = Cockpit['units'][number];
export type AnalyticsTotals = components['schemas']['AnalyticsTotals'];
export type DrillPage = components['schemas']['AnalyticsDrillPage'];
export type AgeBucket = Dashboard['backlogByAge'][number]['bucket'];

export const DRILL_METRICS = ['created', 'resolved', 'first-contact-resolved', 'reopened', 'rated', 'sla-met', 'sla-breached', 'backlog'] as const;
export type DrillMetric = (typeof DRILL_METRICS)[number];
export const AGE_BUCKETS: readonly AgeBucket[] = ['lt1d', '1to3d', '3to7d', '7to30d', 'gt30d'];

const DATE = 'YYYY-MM-DD';
const DEFAULT_DAYS = 30;

/** The filter of every figure on the cockpit and the drill page, kept in the URL. */
export interface AnalyticsFilterState {
  from: string;
  to: string;
  departmentId?: string;
  caseType?: string;
  product?: string;
  channel?: string;
}

const FILTER_KEYS = ['departmentId', 'caseType', 'product', 'channel'] as const;

export function filterOf(search: URLSearchParams): AnalyticsFilterState {
  const to = dayjs(search.get('to') ?? '', DATE, true);
  const from = dayjs(search.get('from') ?? '', DATE, true);
  const toDay = to.isValid() ? to : dayjs().startOf('day');
  const state: AnalyticsFilterState = { from: (from.isValid() ? from : toDay.subtract(DEFAULT_DAYS - 1, 'day')).format(DATE), to: toDay.format(DATE) };
  // channel may be '' (cases without a channel): present means filtered.
  for (const key of FILTER_KEYS) {
    const value = search.get(key);
    if (value !== null && (value !== '' || key === 'channel')) state[key] = value;
  }
  return state;
}

export function searchOf(filter: AnalyticsFilterState, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const search = new URLSearchParams({ from: filter.from, to: filter.to });
  for (const key of FILTER_KEYS) if (filter[key] !== undefined) search.set(key, filter[key]!);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) search.set(key, value);
  return search;
}

const queryOf = (f: AnalyticsFilterState) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as AnalyticsFilterState;

export function useDashboard(filter: AnalyticsFilterState, enabled = true) {
  return useQuery({
    queryKey: ['analytics', 'dashboard', filter],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<Dashboard> => dataOf(await api.GET('/api/v1/analytics/dashboard', { params: { query: queryOf(filter) } })),
  });
}

export function useCockpit(filter: AnalyticsFilterState) {
  return useQuery({
    queryKey: ['analytics', 'cockpit', filter],
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<Cockpit> => dataOf(await api.GET('/api/v1/analytics/cockpit', { params: { query: queryOf(filter) } })),
  });
}

/** Which figure a drill shows: the metric and the bucket keys of the chart or table row clicked. */
export interface DrillTarget {
  metric: DrillMetric;
  day?: string;
  ageBucket?: AgeBucket;
  assigneeId?: string;
  teamId?: string;
}

export function drillTargetOf(search: URLSearchParams): DrillTarget | null {
  const metric = search.get('metric') as DrillMetric | null;
  if (!metric || !DRILL_METRICS.includes(metric)) return null;
  const ageBucket = search.get('ageBucket') as AgeBucket | null;
  return {
    metric,
    day: search.get('day') ?? undefined,
    ageBucket: ageBucket && AGE_BUCKETS.includes(ageBucket) ? ageBucket : undefined,
    assigneeId: search.get('assigneeId') ?? undefined,
    teamId: search.get('teamId') ?? undefined,
  };
}

/** The drill page's address for a figure under the current filter. */
export function drillHref(filter: AnalyticsFilterState, target: DrillTarget, override: Partial<AnalyticsFilterState> = {}): string {
  return `/analytics/drill?${searchOf({ ...filter, ...override }, { ...target }).toString()}`;
}

export function useDrill(filter: AnalyticsFilterState, target: DrillTarget | null) {
  return useInfiniteQuery({
    queryKey: ['analytics', 'drill', filter, target],
    enabled: target !== null,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: DrillPage) => last.nextCursor ?? undefined,
    queryFn: async ({ pageParam }): Promise<DrillPage> =>
      dataOf(
        await api.GET('/api/v1/analytics/drill', {
          params: { query: { ...queryOf(filter), ...Object.fromEntries(Object.entries(target!).filter(([, v]) => v !== undefined)), metric: target!.metric, limit: 50, cursor: pageParam } },
        }),
      ),
  });
}

export const formatRate = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);
export const formatAverage = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(2));
