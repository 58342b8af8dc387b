import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';

export type SlaBoard = components['schemas']['SlaBoard'];
export type SlaBoardGroup = SlaBoard['groups'][number];
export type SlaBoardCase = SlaBoardGroup['cases'][number];
export type SlaRisk = SlaBoardCase['slaState'];

export const SLA_RISKS: readonly SlaRisk[] = ['on-track', 'at-risk', 'breached', 'paused'];
/** The board's colours by risk: on track green, at risk orange, breached red, paused grey. */
export const RISK_COLORS: Record<SlaRisk, string> = { 'on-track': 'green', 'at-risk': 'orange', breached: 'red', paused: 'default' };

export interface SlaBoardFilters {
  departmentId?: string;
  queue?: string;
  caseType?: string;
  risks?: SlaRisk[];
}

export const slaBoardKey = ['sla', 'board'] as const;
// Counts and countdowns move with the clocks: a supervisor watching the board sees changes within half a minute.
const BOARD_POLL_MS = 30_000;

export function useSlaBoard(filters: SlaBoardFilters) {
  return useQuery({
    queryKey: [...slaBoardKey, filters],
    placeholderData: keepPreviousData,
    refetchInterval: BOARD_POLL_MS,
    queryFn: async () => {
      const query = {
        ...(filters.departmentId ? { departmentId: filters.departmentId } : {}),
        ...(filters.queue ? { queue: filters.queue } : {}),
        ...(filters.caseType ? { caseType: filters.caseType } : {}),
        ...(filters.risks?.length ? { risk: filters.risks.join(',') } : {}),
      };
      const board = dataOf(await api.GET('/api/v1/sla/board', { params: { query } }));
      // The server's now against this browser's: countdowns count on the server's clock.
      return { ...board, offsetMs: Date.parse(board.now) - Date.now() };
    },
  });
}

export function filtersOf(search: URLSearchParams): SlaBoardFilters {
  const risks = (search.get('risk') ?? '').split(',').filter((r): r is SlaRisk => (SLA_RISKS as readonly string[]).includes(r));
  return {
    departmentId: search.get('departmentId') ?? undefined,
    queue: search.get('queue') ?? undefined,
    caseType: search.get('caseType') ?? undefined,
    risks: risks.length > 0 ? risks : undefined,
  };
}

export function searchOf(filters: SlaBoardFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.departmentId) search.set('departmentId', filters.departmentId);
  if (filters.queue) search.set('queue', filters.queue);
  if (filters.caseType) search.set('caseType', filters.caseType);
  if (filters.risks?.length) search.set('risk', filters.risks.join(','));
  return search;
}
