import { domainEvent, type DomainEvent } from '../../platform/events/index.ts';
import type { CaseRow } from './case-row.ts';

export function caseCreatedEvent(row: Pick<CaseRow, 'id' | 'number' | 'typeKey' | 'typeVersion' | 'version'>): DomainEvent<'case.created'> {
  return domainEvent('case.created', 'case', row.id, { caseId: row.id, number: row.number, caseType: row.typeKey, version: row.version, typeVersion: row.typeVersion });
}

/**
 * One update as the events subscribers care about: a status change (SLA pause, process), an
 * assignment (routing, notifications), and everything else as the names of the changed fields.
 * `changed` are audit change names: `status`, `assigneeId`, `priority`, `fields.residentId` …
 */
export function caseChangedEvents(before: Pick<CaseRow, 'status' | 'assigneeId'>, after: Pick<CaseRow, 'id' | 'version' | 'status' | 'assigneeId'>, changed: string[]): DomainEvent[] {
  const { id: caseId, version } = after;
  const events: DomainEvent[] = [];
  if (changed.includes('status')) events.push(domainEvent('case.status-changed', 'case', caseId, { caseId, version, from: before.status, to: after.status }));
  if (changed.includes('assigneeId')) {
    events.push(domainEvent('case.assigned', 'case', caseId, { caseId, version, assigneeId: after.assigneeId, previousAssigneeId: before.assigneeId }));
  }
  const others = changed.filter((field) => field !== 'status' && field !== 'assigneeId');
  if (others.length > 0) events.push(domainEvent('case.fields-changed', 'case', caseId, { caseId, version, changed: others }));
  return events;
}

export function caseCommentedEvent(caseId: string, commentId: string, visibility: 'internal' | 'public'): DomainEvent<'case.commented'> {
  return domainEvent('case.commented', 'case', caseId, { caseId, commentId, visibility });
}

/** A case type version was saved (created or a new version): the process module checks its process key. */
export function caseTypeSavedEvent(caseType: string, version: number, processKey: string | null): DomainEvent<'case-type.saved'> {
  return domainEvent('case-type.saved', 'case-type', caseType, { caseType, version, processKey });
}
