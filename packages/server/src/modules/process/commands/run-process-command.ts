import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent, type DomainEvent } from '../../../platform/events/index.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { listActiveUsersHolding } from '../../access/index.ts';
import { recordAuditEvents, type AuditFact } from '../../audit/index.ts';
import {
  ConcurrentChangeError,
  ProcessCommandError,
  type DecisionOutcome,
  type EngineChanges,
  type EngineEvent,
  type EngineServices,
  type ProcessEngineApi,
  type TaskRecord,
} from '../engine/contract.ts';
import { processProblems } from '../problems.ts';
import { grantCaseReadToAssignees } from '../tasks/task-case-read.ts';
import { PgProcessStore } from '../store/pg-process-store.ts';
import { createProcessEngine, type EngineFactory } from './engine-factory.ts';
import { evaluateDecisionForProcess } from './decision-service.ts';

/** What a process command needs besides its context; everything has a default, so `{}` is the usual value. */
export interface ProcessCommandDeps {
  /** @default the interpreter (modules/process/engine) */
  createEngine?: EngineFactory;
  /** Business-rule tasks. @default the deployed decisions of modules/decisions */
  evaluateDecision?: (ctx: CommandContext, decisionKey: string, variables: Record<string, unknown>) => Promise<DecisionOutcome>;
  /** Task rows the command holds locked (FOR UPDATE) and as they are now: the engine uses them instead of reading them again. */
  lockedTasks?: readonly TaskRecord[];
}

export interface ProcessCommandOptions<R> {
  /** The command's audit event(s), written once after the operation succeeded (never one per element). */
  audit?: (result: R) => AuditFact | AuditFact[] | null;
}

/** Attempts of one operation when another command changed the instance in between. */
const MAX_ATTEMPTS = 4;
// PostgreSQL: deadlock_detected, serialization_failure. A job's claim and a command cancelling
// that job can lock the same two rows in opposite order; the loser runs again.
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

function isRetryable(error: unknown): boolean {
  if (error instanceof ConcurrentChangeError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs one engine operation as (part of) a command: the interpreter over the PostgreSQL store in
 * the command's transaction, the command's clock, uuid v7 ids and the deployed decisions. When
 * another command changed the instance in between (ConcurrentChangeError), the operation runs
 * again from a fresh read, a few times, then answers 409. A ProcessCommandError becomes a problem
 * (no-matching-flow → 422 naming the gateway; not-found → 404; not-active → 409 …) and nothing of
 * the operation is kept. Once it succeeds, whoever an open task of a case now belongs to gets a
 * read grant on the case (tasks/task-case-read.ts), the engine's events are published (outbox and
 * in-transaction subscribers) and the command's audit event is written.
 *
 * Each attempt runs in a savepoint, so a retry starts from what the transaction held before it
 * and a refused operation leaves the rest of the caller's command (a case it just created) alone.
 */
export async function runProcessCommand<R extends { changes: EngineChanges }>(
  ctx: CommandContext,
  deps: ProcessCommandDeps,
  operation: (engine: ProcessEngineApi) => Promise<R>,
  options: ProcessCommandOptions<R> = {},
): Promise<R> {
  const createEngine = deps.createEngine ?? createProcessEngine;
  const services = engineServicesOf(ctx, deps);
  for (let attempt = 1; ; attempt++) {
    await sql`SAVEPOINT process_command`.execute(ctx.tx);
    let result: R;
    try {
      result = await operation(createEngine(new PgProcessStore(ctx.tx, ctx.now, deps.lockedTasks), services));
      await sql`RELEASE SAVEPOINT process_command`.execute(ctx.tx);
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT process_command`.execute(ctx.tx);
      await sql`RELEASE SAVEPOINT process_command`.execute(ctx.tx);
      if (isRetryable(error) && attempt < MAX_ATTEMPTS) continue;
      throw toProblem(error);
    }
    // Whoever an open task of a case is given to may read the case (an approver sees what they approve).
    await grantCaseReadToAssignees(ctx, result.changes.tasks);
    await publishEngineEvents(ctx, result.changes.events, result.changes.tasks);
    const facts = options.audit?.(result);
    if (facts) await recordAuditEvents(ctx, Array.isArray(facts) ? facts : [facts]);
    return result;
  }
}

export function engineServicesOf(ctx: CommandContext, deps: ProcessCommandDeps): EngineServices {
  const evaluate = deps.evaluateDecision ?? evaluateDecisionForProcess;
  return {
    now: () => ctx.now,
    // uuid v7 without caller-supplied randomness keeps a per-process monotonic counter, so the
    // element instances one command makes sort in the order they were entered (history order).
    newId: () => uuidv7(),
    evaluateDecision: (decisionKey, variables) => evaluate(ctx, decisionKey, variables),
    // A countersign's `members`: one signer per active user holding the group or role.
    membersOf: (groupOrRoleKey) => listActiveUsersHolding(ctx.tx, groupOrRoleKey),
  };
}

/** The engine's events as domain events, ordered per process instance in the outbox. */
export function toDomainEvents(events: EngineEvent[], tasks: readonly TaskRecord[] = []): DomainEvent[] {
  const taskById = new Map(tasks.map((task) => [task.id, task]));
  return events.map((event) => {
    const { type, ...payload } = event;
    // A new task's department role, so the subscriber that resolves it reads only the tasks that have one.
    const task = event.type === 'process.task-created' ? taskById.get(event.taskId) : undefined;
    return domainEvent(type, 'process-instance', event.instanceId, (task ? { ...payload, departmentRole: task.departmentRole } : payload) as never);
  });
}

/** `tasks`: the operation's task records (changes.tasks), for the department role of new tasks. */
export async function publishEngineEvents(ctx: CommandContext, events: EngineEvent[], tasks: readonly TaskRecord[] = []): Promise<void> {
  if (events.length > 0) await ctx.publish(...toDomainEvents(events, tasks));
}

export function toProblem(error: unknown): unknown {
  if (error instanceof Problem) return error;
  if (error instanceof ConcurrentChangeError) {
    return processProblems.concurrentChange({ detail: `Process instance ${error.instanceId} was changed by another command ${MAX_ATTEMPTS} times while this one ran`, instanceId: error.instanceId });
  }
  if (!(error instanceof ProcessCommandError)) return error;
  const extensions = { detail: error.message, code: error.code, ...(error.elementId ? { elementId: error.elementId } : {}) };
  switch (error.code) {
    case 'no-matching-flow':
      return processProblems.noMatchingFlow(extensions);
    case 'not-found':
      return processProblems.recordNotFound(extensions);
    case 'not-active':
      return processProblems.notActive(extensions);
    case 'expression-failed':
      return processProblems.expressionFailed(extensions);
    case 'no-subscription':
      return processProblems.noSubscription(extensions);
    case 'invalid-variables':
      return processProblems.invalidVariables(extensions);
    case 'invalid-migration':
      return processProblems.invalidMigration(extensions);
    case 'called-process-missing':
      return processProblems.calledProcessMissing(extensions);
    case 'no-start-event':
      return processProblems.noStartEvent(extensions);
    case 'step-limit':
      return processProblems.stepLimit(extensions);
    case 'invalid-return-target':
      return processProblems.invalidReturnTarget(extensions);
    case 'not-multi-instance':
      return processProblems.notMultiInstance(extensions);
    default:
      return processProblems.notActive(extensions);
  }
}
