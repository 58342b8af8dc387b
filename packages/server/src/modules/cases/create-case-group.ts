import pg from 'pg';
import type { CommandContext, CommandMeta, CommandRunner } from '../../platform/commands/index.ts';
import { assertAllowedToCreate } from '../access/index.ts';
import type { CaseRow } from './case-row.ts';
import { findCurrentCaseTypeForCreateOrThrow } from './case-types.ts';
import { presentCasesToReaders, type CaseViewBody } from './case-view.ts';
import { withSlaSummaries } from './sla-summary.ts';
import { createCase } from './create-case.ts';
import { resolveCaseQueues } from './case-queue.ts';
import { insertPreparedCases, prepareNewCase, withCreateDefaults, type NewCaseInput, type PreparedCase } from './new-case.ts';
import { caseProblems } from './problems.ts';

/**
 * Group commit for single creates. Under concurrency most of a create's cost is its own
 * transaction: eight round trips and a synchronous commit (a WAL flush) for one row. Creates
 * that arrive while a transaction is in flight wait and are then written together: one
 * transaction, one statement per table, one commit for the whole group — the technique
 * databases use for their own log (PostgreSQL's commit_delay, InnoDB's group commit).
 *
 * Each create is still answered only after its own case has committed, and with its own result
 * or problem: validation, permission and case-type refusals are decided per create before the
 * group writes; if the group's transaction fails as a whole (a statement refused), every create
 * in it runs again alone, in its own transaction, so one bad create fails only itself.
 *
 * Alone (one create in flight) a create goes straight through, so latency at low load is unchanged.
 */

/** A create as the route hands it over: who, from where, and what (its transaction is the group's). */
export interface GroupedCreate {
  meta: CommandMeta;
  input: NewCaseInput;
}

export interface GroupedCreateResult {
  case: CaseRow;
  view: CaseViewBody;
  /** True when an earlier case with the same external id was returned instead. */
  duplicate: boolean;
}

export interface CaseGroupCommit {
  create(request: GroupedCreate): Promise<GroupedCreateResult>;
}

export interface GroupCommitOptions {
  /** Creates per transaction at most. */
  maxGroupSize?: number;
  /** Group transactions in flight at once: while one waits for its commit, the next one fills. */
  maxGroupsInFlight?: number;
}

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<I, R> {
  item: I;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * The queue: submissions wait while `maxInFlight` groups are being written, then leave together.
 * `runGroup` answers each item's outcome; when it throws, each item goes through `runAlone`.
 */
export function createGroupQueue<I, R>(
  runGroup: (items: I[]) => Promise<Outcome<R>[]>,
  runAlone: (item: I) => Promise<R>,
  options: { maxGroupSize: number; maxInFlight: number },
): { submit(item: I): Promise<R> } {
  const waiting: Waiting<I, R>[] = [];
  let inFlight = 0;
  const write = async (group: Waiting<I, R>[]) => {
    let outcomes: Outcome<R>[];
    try {
      outcomes = await runGroup(group.map((w) => w.item));
    } catch {
      // Whatever failed the group fails again alone, for the create that caused it only.
      await Promise.all(group.map((w) => runAlone(w.item).then(w.resolve, w.reject)));
      return;
    }
    group.forEach((w, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  };
  const pump = () => {
    while (inFlight < options.maxInFlight && waiting.length > 0) {
      const group = waiting.splice(0, options.maxGroupSize);
      inFlight++;
      void write(group).finally(() => {
        inFlight--;
        pump();
      });
    }
  };
  return {
    submit: (item) =>
      new Promise<R>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        pump();
      }),
  };
}

export function createCaseGroupCommit(commands: CommandRunner, options: GroupCommitOptions = {}): CaseGroupCommit {
  const queue = createGroupQueue<GroupedCreate, GroupedCreateResult>(
    (items) =>
      commands.runCommandsTogether(
        items.map((item) => item.meta),
        (ctxs) => writeGroup(items.map((item, i) => ({ ...item, ctx: ctxs[i]! }))),
      ),
    (item) =>
      commands.runCommand(item.meta, async (ctx) => {
        const created = await createCase(ctx, item.input);
        const [view] = await presentCasesToReaders([{ ctx, row: created.case }], { transitions: true });
        return { case: created.case, view: view!, duplicate: created.duplicate };
      }),
    { maxGroupSize: options.maxGroupSize ?? 64, maxInFlight: options.maxGroupsInFlight ?? 2 },
  );
  return { create: (request) => queue.submit(request) };
}

/** One group in one transaction: refusals per create first, then one write for the rest. */
async function writeGroup(items: (GroupedCreate & { ctx: CommandContext })[]): Promise<Outcome<GroupedCreateResult>[]> {
  const outcomes: Outcome<GroupedCreateResult>[] = new Array(items.length);
  const ready: { index: number; prepared: PreparedCase }[] = [];
  // Every queue the group names, found in one query.
  const queues =
    items.length > 0
      ? await resolveCaseQueues(
          items[0]!.ctx.tx,
          items.map((item) => item.input),
        )
      : [];
  for (const [index, { ctx, input }] of items.entries()) {
    try {
      const caseType = await findCurrentCaseTypeForCreateOrThrow(ctx, input.type);
      const prepared = prepareNewCase(caseType, withCreateDefaults(input, caseType, ctx.actor), ctx.actor.userId, ctx.actor.username, ctx.now, queues[index]);
      if (Array.isArray(prepared)) throw caseProblems.invalidFields({ errors: prepared });
      assertAllowedToCreate(ctx.actor, prepared);
      ready.push({ index, prepared });
    } catch (error) {
      refuseAloneOrFailGroup(outcomes, index, error);
    }
  }
  if (ready.length > 0) {
    const commandOfCase = new Map(ready.map(({ index, prepared }) => [prepared.id as string, items[index]!.ctx]));
    const first = items[ready[0]!.index]!.ctx;
    const { rows, insertedIds } = await insertPreparedCases(
      first,
      ready.map((r) => r.prepared),
      (id) => commandOfCase.get(id)!,
    );
    // The SLA clocks the creations started set each case's due time and state (issue 16).
    const rowOf = new Map(
      (
        await withSlaSummaries(
          first.tx,
          rows.filter((row) => insertedIds.has(row.id)),
        )
      ).map((row) => [row.id as string, row]),
    );
    const created = ready.filter(({ prepared }) => insertedIds.has(prepared.id));
    const views = await presentCasesToReaders(
      created.map(({ index, prepared }) => ({ ctx: items[index]!.ctx, row: rowOf.get(prepared.id)! })),
      { transitions: true },
    );
    created.forEach(({ index, prepared }, i) => {
      outcomes[index] = { ok: true, value: { case: rowOf.get(prepared.id)!, view: views[i]!, duplicate: false } };
    });
    // An external id already taken (rare): answered as a single create answers it, in this transaction.
    for (const { index } of ready.filter(({ prepared }) => !insertedIds.has(prepared.id))) {
      const { ctx, input } = items[index]!;
      try {
        const existing = await createCase(ctx, input);
        const [view] = await presentCasesToReaders([{ ctx, row: existing.case }], { transitions: true });
        outcomes[index] = { ok: true, value: { case: existing.case, view: view!, duplicate: existing.duplicate } };
      } catch (error) {
        refuseAloneOrFailGroup(outcomes, index, error);
      }
    }
  }
  return outcomes;
}

/**
 * A refusal of ours (a problem) is that create's answer; an error from PostgreSQL has aborted the
 * group's transaction, whose COMMIT would then roll back silently: it fails the group, and every
 * create in it runs again alone.
 */
function refuseAloneOrFailGroup(outcomes: Outcome<GroupedCreateResult>[], index: number, error: unknown): void {
  if (error instanceof pg.DatabaseError) throw error;
  outcomes[index] = { ok: false, error };
}
