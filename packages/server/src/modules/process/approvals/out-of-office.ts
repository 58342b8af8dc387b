import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems, type FieldError } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { findUserById, isAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { extraProblems } from './extra-problems.ts';
import { findOutOfOffice, findOverlappingOutOfOffice, insertOutOfOffice, listOutOfOffice, lockOutOfOfficeOf, revokeOutOfOffice, type OutOfOfficeRule } from './out-of-office-store.ts';

const MAX_LISTED = 200;

export interface OutOfOfficeInput {
  delegateId: string;
  startsAt: Date;
  endsAt: Date;
  processKeys?: string[] | null;
  reason?: string | null;
  /** process:admin only: set the rule for another person. */
  userId?: string;
}

/** Someone other than the caller: only process:admin; 403 otherwise. */
function assertMayManageFor(ctx: CommandContext, userId: string): void {
  if (userId !== ctx.actor.userId && !isAllowed(ctx.actor, 'process:admin')) {
    throw httpProblems.forbidden({ detail: 'Only process:admin manages another person’s out-of-office rules', action: 'process:admin' });
  }
}

/** The caller's rules, or (process:admin) another person's. */
export async function listOutOfOfficeRules(ctx: CommandContext, userId?: string): Promise<OutOfOfficeRule[]> {
  const whose = userId ?? ctx.actor.userId;
  assertMayManageFor(ctx, whose);
  return listOutOfOffice(ctx.tx, whose, MAX_LISTED);
}

/**
 * Sets an out-of-office rule: from `startsAt` until `endsAt`, tasks given to the person go to the
 * delegate (for every process, or those named). Refused: an end not after the start or already
 * past, an unknown or inactive delegate or person, oneself as delegate (400, naming the field);
 * a rule of the person overlapping in time and processes (409).
 */
export async function createOutOfOfficeRule(ctx: CommandContext, input: OutOfOfficeInput): Promise<OutOfOfficeRule> {
  const userId = input.userId ?? ctx.actor.userId;
  assertMayManageFor(ctx, userId);
  const processKeys = input.processKeys && input.processKeys.length > 0 ? [...new Set(input.processKeys)].sort() : null;
  const errors: FieldError[] = [];
  if (input.endsAt.getTime() <= input.startsAt.getTime()) errors.push({ field: 'endsAt', reason: 'must be after startsAt', code: 'not-after-start' });
  else if (input.endsAt.getTime() <= ctx.now.getTime()) errors.push({ field: 'endsAt', reason: 'is already past', code: 'in-the-past' });
  if (input.delegateId === userId) errors.push({ field: 'delegateId', reason: 'must be someone else', code: 'self' });
  else {
    const delegate = await findUserById(ctx.tx, input.delegateId);
    if (delegate?.status !== 'active') errors.push({ field: 'delegateId', reason: 'no such active user', code: 'unknown-user' });
  }
  if (input.userId !== undefined && input.userId !== ctx.actor.userId) {
    const person = await findUserById(ctx.tx, input.userId);
    if (person?.status !== 'active') errors.push({ field: 'userId', reason: 'no such active user', code: 'unknown-user' });
  }
  if (errors.length > 0) throw httpProblems.validationFailed({ detail: 'The out-of-office rule is not valid', errors });

  await lockOutOfOfficeOf(ctx.tx, userId);
  const overlapping = await findOverlappingOutOfOffice(ctx.tx, { userId, startsAt: input.startsAt, endsAt: input.endsAt, processKeys, now: ctx.now });
  if (overlapping) {
    throw extraProblems.outOfOfficeOverlap({ detail: `Rule ${overlapping.id} already covers part of this time for these processes`, conflictingId: overlapping.id });
  }
  const rule: OutOfOfficeRule = {
    id: newId(),
    userId,
    delegateId: input.delegateId,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    processKeys,
    reason: input.reason ?? null,
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
    revokedAt: null,
  };
  await insertOutOfOffice(ctx.tx, rule);
  await recordAuditEvent(ctx, {
    action: 'process.out-of-office-set',
    targetType: 'user',
    targetId: userId,
    // The reason may say why the person is away (illness, leave): it stays with the rule.
    data: {
      ruleId: rule.id,
      delegateId: rule.delegateId,
      startsAt: rule.startsAt.toISOString(),
      endsAt: rule.endsAt.toISOString(),
      processKeys,
      byAdmin: userId !== ctx.actor.userId,
    },
  });
  return rule;
}

/** Revokes a rule from now on: one's own, or anyone's with process:admin; another's answers 404 as if it did not exist. */
export async function revokeOutOfOfficeRule(ctx: CommandContext, id: string): Promise<void> {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const rule = UUID.test(id) ? await findOutOfOffice(ctx.tx, id, { forUpdate: true }) : undefined;
  if (!rule || (rule.userId !== ctx.actor.userId && !isAllowed(ctx.actor, 'process:admin'))) {
    throw extraProblems.outOfOfficeNotFound({ detail: `No out-of-office rule ${id}` });
  }
  if (rule.revokedAt !== null) return;
  await revokeOutOfOffice(ctx.tx, id, ctx.now);
  await recordAuditEvent(ctx, { action: 'process.out-of-office-revoked', targetType: 'user', targetId: rule.userId, data: { ruleId: rule.id, byAdmin: rule.userId !== ctx.actor.userId } });
}

/** How a rule stands at `now`, for the console. */
export function outOfOfficeState(rule: OutOfOfficeRule, now: Date): 'scheduled' | 'active' | 'ended' | 'revoked' {
  if (rule.revokedAt !== null) return 'revoked';
  if (rule.endsAt.getTime() <= now.getTime()) return 'ended';
  return rule.startsAt.getTime() <= now.getTime() ? 'active' : 'scheduled';
}
