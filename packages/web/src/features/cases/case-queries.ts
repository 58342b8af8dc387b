import { useQuery } from '@tanstack/react-query';
import { dataOf, type Case, type CaseActions, type CaseType } from '@docket/client';
import { api } from '../../app/api.ts';

export const caseTypesKey = ['case-types'] as const;

export function useCaseTypes() {
  return useQuery({
    queryKey: caseTypesKey,
    queryFn: async (): Promise<CaseType[]> => dataOf(await api.GET('/api/v1/case-types')).items,
    staleTime: 60_000,
  });
}

export function caseTypeName(types: CaseType[] | undefined, key: string): string {
  return types?.find((type) => type.key === key)?.name ?? key;
}

export const caseKey = (id: string) => ['case', id] as const;

/** Nothing but reading: what the console offers for a case whose view does not say (an answer replayed from before `allowed`). */
export const NOTHING_ALLOWED: CaseActions = {
  update: false,
  assign: false,
  take: false,
  transfer: false,
  close: false,
  comment: false,
  attach: false,
  attachmentRead: false,
  unmask: false,
  link: false,
  watch: true,
  audit: false,
  transitions: [],
  writableFields: [],
};

/** What the case view says this reader may do with the case: the server's own checks. */
export const allowedOf = (c: Pick<Case, 'allowed'>): CaseActions => c.allowed ?? NOTHING_ALLOWED;
