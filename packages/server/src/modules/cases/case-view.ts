import type { Principal } from '../../platform/http/principal.ts';
import type { CaseRow, CaseTypeRow } from './case-row.ts';

// TODO(#3): mask fields by data class for readers without the unmask permission; every
// response goes through here, so masking lands in one place.
export function toCaseView(row: CaseRow, _reader: Principal) {
  return {
    id: row.id,
    number: row.number,
    type: row.typeKey,
    typeVersion: row.typeVersion,
    title: row.title,
    status: row.status,
    priority: row.priority,
    channel: row.channel,
    customer: row.customer,
    fields: row.fields,
    tags: row.tags,
    externalSource: row.externalSource,
    externalId: row.externalId,
    assigneeId: row.assigneeId,
    queue: row.queue,
    departmentId: row.departmentId,
    dueAt: row.dueAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    version: row.version,
  };
}
export type CaseViewBody = ReturnType<typeof toCaseView>;

export function toCaseTypeView(row: CaseTypeRow) {
  return {
    key: row.key,
    name: row.name,
    prefix: row.prefix,
    description: row.description,
    version: row.version,
    currentVersion: row.currentVersion,
    schema: row.schema,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function iso<T extends { createdAt: Date }>(row: T): Omit<T, 'createdAt'> & { createdAt: string } {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
