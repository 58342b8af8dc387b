import type { CommandContext, CommandRunnerOptions } from '../../platform/commands/index.ts';
import type { Db } from '../../platform/db/database.ts';
import type { FieldChange } from '../../platform/db/tables.ts';
import type { AuditAction } from '../../platform/events/index.ts';
import { insertAuditEvent, insertAuditEvents, type AuditEventInput } from './store.ts';

export interface AuditFact {
  /** From the one catalogue (platform/events/audit-actions.ts), documented in docs/events.md. */
  action: AuditAction;
  targetType: string;
  targetId: string;
  caseId?: string | null;
  changes?: FieldChange[];
  reason?: string | null;
  data?: unknown;
}

function toEventInput(ctx: CommandContext, fact: AuditFact): AuditEventInput {
  return {
    ...fact,
    reason: fact.reason ?? ctx.reason,
    occurredAt: ctx.now,
    actorId: ctx.actor.userId,
    actorName: ctx.actor.username,
    onBehalfOf: ctx.onBehalfOf,
    requestId: ctx.requestId,
    clientIp: ctx.clientIp,
    channel: ctx.channel,
  };
}

/** Appends audit events in the command's own transaction: they commit or vanish with the change. */
export async function recordAuditEvents(ctx: CommandContext, facts: AuditFact[]): Promise<void> {
  await insertAuditEvents(
    ctx.tx,
    facts.map((fact) => toEventInput(ctx, fact)),
  );
}

/**
 * Audit events of several commands that share one transaction (group commit), each event with
 * its own command's actor, request and channel, in one statement.
 */
export async function recordAuditEventsOfCommands(entries: { ctx: CommandContext; fact: AuditFact }[]): Promise<void> {
  if (entries.length === 0) return;
  await insertAuditEvents(
    entries[0]!.ctx.tx,
    entries.map(({ ctx, fact }) => toEventInput(ctx, fact)),
  );
}

export async function recordAuditEvent(ctx: CommandContext, fact: AuditFact): Promise<void> {
  await recordAuditEvents(ctx, [fact]);
}

/** before → after for every field that changed; unchanged fields are left out. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>, prefix = ''): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key] ?? null;
    const b = after[key] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field: prefix + key, before: a, after: b });
  }
  return changes;
}

/**
 * For the command runner: a system actor refused outside its grants leaves an `access.denied`
 * event naming it, written on its own connection after the command rolled back (app.ts does the
 * same for requests).
 */
export function recordSystemActorRefusal(db: Db): NonNullable<CommandRunnerOptions['onSystemActorRefused']> {
  return async (meta, problem, now) => {
    await insertAuditEvent(db, {
      occurredAt: now,
      actorId: meta.actor.userId,
      actorName: meta.actor.username,
      onBehalfOf: meta.onBehalfOf ?? null,
      action: 'access.denied',
      targetType: 'command',
      targetId: meta.channel,
      reason: problem.detail ?? problem.title,
      requestId: meta.requestId ?? null,
      channel: meta.channel,
      data: { problem: problem.type, action: problem.extensions.action ?? null },
    });
  };
}
