import type { FieldChange } from '../../platform/db/tables.ts';
import type { AuditEventRow } from '../audit/index.ts';

/** What the timeline reads of an audit event. */
export type TimelineEvent = Pick<AuditEventRow, 'id' | 'occurredAt' | 'actorId' | 'actorName' | 'onBehalfOf' | 'action' | 'changes' | 'reason' | 'channel' | 'data'>;

export interface TimelineEntry {
  eventId: number;
  at: string;
  action: string;
  handler: { id: string | null; name: string | null; onBehalfOf: string | null; departmentId: string | null };
  decision: string | null;
  basis: string | null;
  changes: FieldChange[];
  channel: string | null;
  /** Time since the previous entry: how long the case waited for this step. */
  waitingMs: number;
}

export interface TimelinePhase {
  status: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number;
  enteredBy: string | null;
}

const field = (data: unknown, key: string): string | null => {
  if (data && typeof data === 'object' && key in data) {
    const value = (data as Record<string, unknown>)[key];
    return value === null || value === undefined ? null : String(value);
  }
  return null;
};

/**
 * The regulator's view of a case, from its audit events alone: every step with its handler,
 * decision and stated basis, the waiting time before it, and how long the case spent in each
 * status. Pure: `now` closes the current phase.
 */
export function buildTimeline(events: TimelineEvent[], now: Date) {
  const entries: TimelineEntry[] = [];
  const phases: TimelinePhase[] = [];
  let previous: Date | undefined;
  for (const event of events) {
    entries.push({
      eventId: event.id,
      at: event.occurredAt.toISOString(),
      action: event.action,
      handler: { id: event.actorId, name: event.actorName, onBehalfOf: event.onBehalfOf, departmentId: field(event.data, 'departmentId') },
      decision: field(event.data, 'decision') ?? field(event.data, 'outcome'),
      basis: event.reason ?? field(event.data, 'basis'),
      changes: event.changes,
      channel: event.channel,
      waitingMs: previous ? event.occurredAt.getTime() - previous.getTime() : 0,
    });
    previous = event.occurredAt;
    const status = event.changes.find((c) => c.field === 'status');
    if (status && typeof status.after === 'string') {
      const open = phases[phases.length - 1];
      if (open && open.endedAt === null) {
        open.endedAt = event.occurredAt.toISOString();
        open.durationMs = event.occurredAt.getTime() - Date.parse(open.startedAt);
      }
      phases.push({ status: status.after, startedAt: event.occurredAt.toISOString(), endedAt: null, durationMs: 0, enteredBy: event.actorName });
    }
  }
  const open = phases[phases.length - 1];
  if (open && open.endedAt === null) open.durationMs = Math.max(0, now.getTime() - Date.parse(open.startedAt));
  const first = events[0]?.occurredAt;
  return {
    entries,
    phases,
    openedAt: first?.toISOString() ?? null,
    elapsedMs: first ? Math.max(0, now.getTime() - first.getTime()) : 0,
    // TODO(#4): SLA status per step once the sla module records deadlines in audit events.
    sla: null,
  };
}
