import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';

// The customer 360° view's reads (issue 21): the server decides every section's visibility.

export type Customer360 = components['schemas']['Customer360'];
export type CustomerTimeline = components['schemas']['CustomerTimeline'];
export type TimelineItem = CustomerTimeline['items'][number];
export type CaseCustomerPanel = components['schemas']['CaseCustomerPanel'];
export type RelatedGroup = Customer360['related'][number];
export type CaseSection = Customer360['cases'];

export const customerKey = (id: string) => ['customer-360', id] as const;

export function useCustomer360(id: string) {
  return useQuery({
    queryKey: customerKey(id),
    queryFn: async () => dataOf(await api.GET('/api/v1/customers/{recordId}', { params: { path: { recordId: id } } })),
  });
}

export const TIMELINE_PAGE = 20;

export function useCustomerTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: [...customerKey(id), 'timeline'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      dataOf(await api.GET('/api/v1/customers/{recordId}/timeline', { params: { path: { recordId: id }, query: { limit: TIMELINE_PAGE, ...(pageParam ? { after: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The case's customer panel; null when the case has no customer record (the panel shows "no customer"). */
export function useCaseCustomer(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['case', caseId, 'customer'],
    enabled,
    retry: (count) => count < 2,
    queryFn: async (): Promise<CaseCustomerPanel | null> => {
      const panel = dataOf(await api.GET('/api/v1/cases/{id}/customer', { params: { path: { id: caseId } } }));
      return panel.hasCustomer ? panel : null;
    },
  });
}
