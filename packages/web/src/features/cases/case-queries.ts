import { useQuery } from '@tanstack/react-query';
import { dataOf, type CaseType } from '@docket/client';
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
