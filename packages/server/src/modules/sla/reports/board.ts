import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed, lookupNames } from '../../access/index.ts';
import { countOpenCasesBySlaState, listOpenCasesBySlaGroup } from '../../cases/index.ts';
import { slaReportProblems } from './problems.ts';
import { SLA_RISKS, type SlaRisk } from './schemas.ts';

/** Cases listed per department and queue; the counts stay complete. */
export const BOARD_CASES_PER_GROUP = 50;

export interface BoardQueryInput {
  departmentId?: string;
  queue?: string;
  caseType?: string;
  risk?: string;
}

const COUNT_NAMES: Record<SlaRisk, 'onTrack' | 'atRisk' | 'breached' | 'paused'> = { 'on-track': 'onTrack', 'at-risk': 'atRisk', breached: 'breached', paused: 'paused' };

export function parseRisks(risk: string | undefined): SlaRisk[] | undefined {
  if (risk === undefined || risk.trim() === '') return undefined;
  const risks = [...new Set(risk.split(',').map((r) => r.trim()))];
  const unknown = risks.filter((r) => !(SLA_RISKS as readonly string[]).includes(r));
  if (unknown.length > 0) {
    throw slaReportProblems.validationFailed({ errors: [{ field: 'risk', reason: `unknown SLA state ${unknown.join(', ')}; use ${SLA_RISKS.join(', ')}` }] });
  }
  return risks as SlaRisk[];
}

const groupKey = (departmentId: string | null, queue: string | null) => `${departmentId ?? ''}|${queue ?? ''}`;

/**
 * The supervisor's board: the reader's unfinished cases with an SLA state, by department and
 * queue. A group is shown when it has a case of the risks asked for; its counts cover all its
 * cases. Groups most breached first, then most at risk, then by department name and queue.
 */
export async function readSlaBoard(ctx: CommandContext, query: BoardQueryInput) {
  assertAllowed(ctx.actor, 'sla:read');
  const slaStates = parseRisks(query.risk);
  const scope = { departmentId: query.departmentId, queue: query.queue, caseType: query.caseType };
  const [counts, cases] = [await countOpenCasesBySlaState(ctx, scope), await listOpenCasesBySlaGroup(ctx, { ...scope, slaStates }, BOARD_CASES_PER_GROUP)];
  const names = await lookupNames(
    ctx.tx,
    cases.map((c) => c.assigneeId),
    counts.map((c) => c.departmentId),
  );
  const groups = new Map<string, { departmentId: string | null; queue: string | null; counts: Record<'onTrack' | 'atRisk' | 'breached' | 'paused', number>; cases: typeof cases }>();
  for (const c of counts) {
    const key = groupKey(c.departmentId, c.queue);
    const group = groups.get(key) ?? { departmentId: c.departmentId, queue: c.queue, counts: { onTrack: 0, atRisk: 0, breached: 0, paused: 0 }, cases: [] };
    const name = COUNT_NAMES[c.slaState as SlaRisk];
    if (name) group.counts[name] += c.count;
    groups.set(key, group);
  }
  for (const c of cases) groups.get(groupKey(c.departmentId, c.queue))?.cases.push(c);
  const shown = [...groups.values()]
    .filter((g) => g.cases.length > 0)
    .map((g) => ({ ...g, departmentName: names.department(g.departmentId) }))
    .sort(
      (a, b) =>
        b.counts.breached - a.counts.breached ||
        b.counts.atRisk - a.counts.atRisk ||
        (a.departmentName ?? '\uffff').localeCompare(b.departmentName ?? '\uffff') ||
        (a.queue ?? '\uffff').localeCompare(b.queue ?? '\uffff'),
    );
  return {
    now: ctx.now.toISOString(),
    groups: shown.map((g) => ({
      departmentId: g.departmentId,
      departmentName: g.departmentName,
      queue: g.queue,
      counts: g.counts,
      cases: g.cases.map((c) => ({
        id: c.id,
        number: c.number,
        title: c.title,
        type: c.type,
        priority: c.priority as never,
        status: c.status,
        assigneeId: c.assigneeId,
        assigneeName: names.user(c.assigneeId),
        dueAt: c.dueAt?.toISOString() ?? null,
        slaState: c.slaState as SlaRisk,
        version: c.version,
        canAssign: c.canAssign,
      })),
    })),
  };
}
