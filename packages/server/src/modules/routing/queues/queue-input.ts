import type { DispatchMode, RoutingStrategy } from '../model.ts';
import type { QueueReferences } from './validate-queue.ts';

/** A queue as a caller describes it (CreateQueueBody / UpdateQueueBody); left out: the default. */
export interface QueueInput {
  name: string;
  description?: string | null;
  departmentId?: string | null;
  memberIds?: string[];
  groupKeys?: string[];
  caseTypes?: string[];
  channels?: string[];
  strategy?: RoutingStrategy;
  mode?: DispatchMode;
  offerTimeoutSeconds?: number | null;
  overflowQueueId?: string | null;
  overflowAfterSeconds?: number | null;
  calendarKey?: string | null;
  active?: boolean;
}

const distinct = <T>(values: T[] | undefined): T[] => [...new Set(values ?? [])];

/** The whole queue as it should be: what the input leaves out takes its default (PUT replaces). */
export function queueReferencesOf(input: QueueInput): QueueReferences {
  return {
    name: input.name.trim(),
    description: input.description ?? null,
    departmentId: input.departmentId ?? null,
    memberIds: distinct(input.memberIds),
    groupKeys: distinct(input.groupKeys),
    caseTypes: distinct(input.caseTypes),
    channels: distinct(input.channels),
    strategy: input.strategy ?? 'least-loaded',
    mode: input.mode ?? 'push',
    offerTimeoutSeconds: input.offerTimeoutSeconds ?? null,
    overflowQueueId: input.overflowQueueId ?? null,
    overflowAfterSeconds: input.overflowAfterSeconds ?? null,
    // A blank calendar is no calendar (natural time), as a cleared select sends it.
    calendarKey: input.calendarKey?.trim() ? input.calendarKey.trim() : null,
    active: input.active ?? true,
  };
}
