import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';

// The agent's and supervisor's routing screens (issue 17): GET /me/routing (presence, capacity,
// queues), offers, take next, a case's routing decisions and the override, the live view.

type Schemas = components['schemas'];
export type MyRouting = Schemas['MyRouting'];
export type RoutingProfile = Schemas['RoutingProfile'];
export type Presence = RoutingProfile['presence'];
export type RoutingCapacity = Schemas['RoutingCapacity'];
export type RoutingLoad = Schemas['RoutingLoad'];
export type RoutingOffer = Schemas['RoutingOffer'];
export type CaseRouting = Schemas['CaseRouting'];
export type RoutingDecision = Schemas['RoutingDecision'];
export type RoutingCandidate = Schemas['RoutingCandidate'];
export type RoutingLive = Schemas['RoutingLive'];
export type LiveQueue = RoutingLive['queues'][number];
export type LiveAgent = RoutingLive['agents'][number];
export type Queue = Schemas['Queue'];
export type TakeNextResult = Schemas['TakeNextResult'];

export const myRoutingKey = ['me', 'routing'] as const;
export const offersKey = ['routing', 'offers'] as const;
export const liveKey = ['routing', 'live'] as const;
export const caseRoutingKey = (caseId: string) => ['case', caseId, 'routing'] as const;

/** The header's presence and capacity follow the agent's work within half a minute (and at once after their own actions). */
const MY_ROUTING_POLL_MS = 30_000;
/** The supervisor's live view: queues and agents as of at most 15 s ago. */
export const LIVE_POLL_MS = 15_000;

export function useMyRouting() {
  return useQuery({
    queryKey: myRoutingKey,
    queryFn: async (): Promise<MyRouting> => dataOf(await api.GET('/api/v1/me/routing')),
    refetchInterval: MY_ROUTING_POLL_MS,
    refetchIntervalInBackground: false,
    // The header asks for everyone: an error must not be asked again three times on every page.
    retry: false,
    staleTime: 10_000,
  });
}

export const setMyPresence = async (presence: Presence): Promise<MyRouting> => dataOf(await api.PUT('/api/v1/me/presence', { body: { presence } }));

export const sendPresenceHeartbeat = async (): Promise<void> => {
  await api.POST('/api/v1/me/presence/heartbeat');
};

export function useOffers(enabled: boolean) {
  return useQuery({
    queryKey: offersKey,
    enabled,
    queryFn: async (): Promise<RoutingOffer[]> => dataOf(await api.GET('/api/v1/routing/offers')).items,
    refetchInterval: MY_ROUTING_POLL_MS,
    refetchIntervalInBackground: false,
    retry: false,
  });
}

export const acceptOffer = async (id: string): Promise<RoutingOffer> => dataOf(await api.POST('/api/v1/routing/offers/{id}/accept', { params: { path: { id } } }));

export const declineOffer = async (id: string, reason: string | undefined): Promise<RoutingOffer> =>
  dataOf(await api.POST('/api/v1/routing/offers/{id}/decline', { params: { path: { id } }, body: reason ? { reason } : {} }));

/** Left out: the head of any of my queues. */
export const takeNextCase = async (queueId: string | undefined): Promise<TakeNextResult> => dataOf(await api.POST('/api/v1/routing/take-next', { body: queueId ? { queueId } : {} }));

export function useCaseRouting(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: caseRoutingKey(caseId),
    enabled,
    queryFn: async (): Promise<CaseRouting> => dataOf(await api.GET('/api/v1/cases/{id}/routing', { params: { path: { id: caseId } } })),
  });
}

/** If-Match carries the case version the reader saw (412 when someone changed the case meanwhile). */
export const overrideCaseRouting = async (caseId: string, version: number, body: { queueId?: string; assigneeId?: string; reason: string }): Promise<CaseRouting> =>
  dataOf(await api.POST('/api/v1/cases/{id}/routing/override', { params: { path: { id: caseId } }, headers: { 'if-match': `"${version}"` }, body }));

export function useQueues(enabled: boolean) {
  return useQuery({
    queryKey: ['queues'],
    enabled,
    staleTime: 60_000,
    queryFn: async (): Promise<Queue[]> => dataOf(await api.GET('/api/v1/queues')).items,
  });
}

export function useRoutingLive() {
  return useQuery({
    queryKey: liveKey,
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_POLL_MS,
    refetchIntervalInBackground: false,
    queryFn: async () => dataOf(await api.GET('/api/v1/routing/live')),
  });
}
