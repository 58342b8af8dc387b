import { useMemo } from 'react';
import { useCaseTypes } from '../cases/case-queries.ts';
import type { RoutingNames } from './rule-model.ts';
import { useQueues } from './routing-admin-api.ts';

/** Case types and queues by name for the summaries; a key or id the lists do not hold reads as itself. */
export function useRoutingNames(): RoutingNames {
  const caseTypes = useCaseTypes();
  const queues = useQueues();
  return useMemo(
    () => ({
      caseType: (key: string) => caseTypes.data?.find((c) => c.key === key)?.name ?? key,
      queue: (id: string) => queues.data?.find((q) => q.id === id || q.key === id)?.name ?? id,
    }),
    [caseTypes.data, queues.data],
  );
}
