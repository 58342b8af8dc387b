import type { CommandContext } from '../../../platform/commands/index.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { isAllowed } from '../../access/index.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import { readRuleOrThrow } from '../rules/rule-commands.ts';
import { automationProblems } from '../problems.ts';
import type { AutomationRun, RunStatus } from './model.ts';
import { findRun, listRuns } from './run-store.ts';
import { readRecordForRule } from './record-access.ts';

export interface RunPageQuery {
  status?: RunStatus;
  /** The cursor a previous page returned. */
  after?: string;
  limit?: number;
}

function decodeCursor(cursor: string | undefined): { startedAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(at ?? '');
  if (Number.isNaN(startedAt.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id))
    throw automationProblems.invalidDefinition({ errors: [{ field: 'after', reason: 'is not a cursor this list returned' }] });
  return { startedAt, id };
}
const encodeCursor = (run: AutomationRun) => Buffer.from(`${run.startedAt.toISOString()}|${run.id}`).toString('base64url');

function page(runs: AutomationRun[], limit: number) {
  const items = runs.slice(0, limit);
  return { items, next: runs.length > limit ? encodeCursor(items[items.length - 1]!) : null };
}

export async function listRunsOfRule(ctx: CommandContext, key: string, query: RunPageQuery) {
  const rule = await readRuleOrThrow(ctx, key);
  const limit = query.limit ?? 50;
  return page(await listRuns(ctx.tx, { ruleId: rule.id, status: query.status, before: decodeCursor(query.after), limit: limit + 1 }), limit);
}

/** Whether the reader may see the runs about this subject: automation:read, or a reader of the case or record. */
async function maySeeRunsOf(ctx: CommandContext, subjectType: string, subjectId: string | null): Promise<boolean> {
  if (isAllowed(ctx.actor, 'automation:read')) return true;
  if (!subjectId) return false;
  try {
    if (subjectType === 'case') await findCaseForActionOrThrow(ctx, subjectId, 'case:read');
    else if (subjectType === 'record') await readRecordForRule(ctx, subjectId);
    else return false;
    return true;
  } catch (error) {
    if (error instanceof Problem || error instanceof Error) return false;
    throw error;
  }
}

/** The runs about one case or record (automation:read, or a reader of that subject). */
export async function listRunsOfSubject(ctx: CommandContext, subjectId: string, subjectType: 'case' | 'record' | undefined, query: RunPageQuery) {
  const limit = query.limit ?? 50;
  let allowed = isAllowed(ctx.actor, 'automation:read');
  if (!allowed) allowed = (await maySeeRunsOf(ctx, subjectType ?? 'case', subjectId)) || (subjectType === undefined && (await maySeeRunsOf(ctx, 'record', subjectId)));
  if (!allowed) throw automationProblems.runNotFound({ detail: `No runs you may see about ${subjectId}` });
  return page(await listRuns(ctx.tx, { subjectId, status: query.status, before: decodeCursor(query.after), limit: limit + 1 }), limit);
}

export async function readRunOrThrow(ctx: CommandContext, id: string): Promise<AutomationRun> {
  const run = await findRun(ctx.tx, id);
  if (!run || !(await maySeeRunsOf(ctx, run.subjectType, run.subjectId))) throw automationProblems.runNotFound({ detail: `No automation run ${id}` });
  return run;
}
