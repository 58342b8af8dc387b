import type { Principal } from '../src/platform/http/principal.ts';
import type { Db } from '../src/platform/db/database.ts';
import type { CommandContext, CommandMeta, CommandRunner } from '../src/platform/commands/index.ts';
import { findPolicySubjectOfUser, findSystemActorOrThrow, findUserByUsername } from '../src/modules/access/index.ts';
import { addComment, createCase, readCase, updateCase } from '../src/modules/cases/index.ts';
import { claimTask, completeStep, completeTask, runEngineInCommand } from '../src/modules/process/index.ts';
import { ANALYTICS_TIME_ZONE } from '../src/modules/analytics/index.ts';
import { planAnalyticsHistory, stepsUntil, type HistoryDepartment, type HistoryStep, type PlannedCase } from './analytics-history-plan.ts';

// The demo's analytics history (issue 20): about three months of complaints and consultations at
// the Beijing branch, its Haidian sub-branch and the Shanghai branch, each carried out through the
// real commands at the time it happened (the seed's clock is set before each), by the people who
// would have done it: created, classified, handled, reviewed, answered, followed up, some reopened
// and some late. So the read model, the dashboards, process mining and the spike warnings have
// something true to show right after the first start. What the history holds is planned in
// analytics-history-plan.ts.

/** Who works a branch's cases: its agent, and the queue its customers' cases wait in. */
const BRANCH_STAFF: Record<HistoryDepartment, { agent: string; queue: string }> = {
  BJ: { agent: 'agent.bj', queue: 'bj-service' },
  'BJ-HD': { agent: 'agent.hd', queue: 'bj-service' },
  SH: { agent: 'agent.sh', queue: 'sh-service' },
};
/** The consumer-protection officer: the complaint review and the follow-up call (complaint-review group). */
const CP_OFFICER = 'cp.officer';
/** Hands a Beijing consultation on to the Haidian sub-branch. */
const BJ_SUPERVISOR = 'supervisor.bj';

const COMPLAINT_TITLES: Record<string, string> = {
  fees: '不明扣费',
  service: '柜员服务态度',
  'credit-card': '信用卡年费',
  wealth: '理财产品收益与宣传不符',
  other: '贷款还款提醒',
};
const CONSULTATION_TITLES: Record<string, string> = { accounts: '账户挂失', loans: '房贷利率', wealth: '理财赎回' };
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];

export interface AnalyticsHistoryOptions {
  now: Date;
  /** Sets the seed's clock: every command of the history runs at its own time. */
  setTime(at: Date): void;
  days?: number;
  timeZone?: string;
  scale?: number;
}

export interface AnalyticsHistorySummary {
  complaints: number;
  consultations: number;
  spikeComplaints: number;
  commands: number;
  durationMs: number;
}

/** A demo person as the principal their own commands run under (as a session of theirs would). */
async function demoPrincipal(db: Db, username: string): Promise<Principal> {
  const user = (await findUserByUsername(db, username))!;
  const subject = (await findPolicySubjectOfUser(db, user.id))!;
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    departmentId: user.departmentId,
    departmentIds: subject.departmentIds,
    subtreeDepartmentIds: subject.subtreeDepartmentIds,
    roles: user.roles,
    permissions: subject.permissions,
    kind: 'session',
    scopes: null,
    credentialId: 'seed',
  };
}

export async function seedAnalyticsHistory(commands: CommandRunner, db: Db, options: AnalyticsHistoryOptions): Promise<AnalyticsHistorySummary> {
  const startedAt = performance.now();
  const plan = planAnalyticsHistory({ now: options.now, days: options.days ?? 90, timeZone: options.timeZone ?? ANALYTICS_TIME_ZONE, scale: options.scale });
  const departments = await db.selectFrom('access.department').select(['id', 'code']).execute();
  const departmentId = (code: string) => departments.find((d) => d.code === code)!.id;
  const people = new Map<string, Principal>();
  for (const username of [...new Set([...Object.values(BRANCH_STAFF).map((s) => s.agent), CP_OFFICER, BJ_SUPERVISOR])]) {
    people.set(username, await demoPrincipal(db, username));
  }
  const seed = await findSystemActorOrThrow(db, 'system:seed');
  let commandCount = 0;
  const run = <T>(at: Date, actor: Principal, requestId: string, fn: (ctx: CommandContext) => Promise<T>): Promise<T> => {
    options.setTime(at);
    commandCount++;
    const meta: CommandMeta = { actor, channel: 'seed', requestId };
    return commands.runCommand(meta, fn);
  };
  // The one open task of a case's process at an element: the step a person takes next.
  const openTask = async (ctx: CommandContext, caseId: string, elementId: string): Promise<string> => {
    const task = await ctx.tx
      .selectFrom('process.task')
      .select('id')
      .where('case_id', '=', caseId)
      .where('element_id', '=', elementId)
      .where('state', '=', 'open')
      .executeTakeFirstOrThrow(() => new Error(`analytics history: no open ${elementId} task on case ${caseId}`));
    return task.id;
  };
  const setStatus = async (ctx: CommandContext, caseId: string, status: 'open' | 'resolved', reason?: string) => {
    const current = await readCase(ctx, caseId);
    await updateCase(ctx, caseId, current.version, { status, reason });
  };

  for (const [index, planned] of plan.entries()) {
    const staff = BRANCH_STAFF[planned.department];
    const agent = people.get(staff.agent)!;
    const requestId = (step: string) => `seed-analytics-${planned.key}-${step}`;
    const caseId = await run(planned.createdAt, seed, requestId('create'), async (ctx) => {
      const { case: created } = await createCase(ctx, caseInput(planned, index, departmentId(planned.department), agent.userId, staff.queue));
      return created.id;
    });
    let holder = agent;
    for (const [n, step] of stepsUntil(planned, options.now).entries()) {
      const id = requestId(`${n}-${step.kind}`);
      holder = await carryOut(step, id, holder);
    }

    async function carryOut(step: HistoryStep, id: string, current: Principal): Promise<Principal> {
      const cp = people.get(CP_OFFICER)!;
      switch (step.kind) {
        case 'classify':
          await run(step.at, current, id, async (ctx) => completeTask(ctx, runEngineInCommand, await openTask(ctx, caseId, 'classify'), { variables: { category: planned.subject } }));
          return current;
        case 'complete-handle':
          await run(step.at, current, id, async (ctx) => {
            // After a poor rating the agent reopens the case as they handle it again.
            if (step.reopen) await setStatus(ctx, caseId, 'open', '回访客户不满意，重新处理');
            // The first answer to the customer is the handling's outcome: the first-response target is met.
            await addComment(ctx, caseId, { body: HANDLING_REPLY[step.resolution], visibility: 'public' });
            return completeTask(ctx, runEngineInCommand, await openTask(ctx, caseId, 'handle'), { variables: { resolution: step.resolution } });
          });
          return current;
        case 'claim-review':
          await run(step.at, cp, id, async (ctx) => claimTask(ctx, runEngineInCommand, await openTask(ctx, caseId, 'review')));
          return current;
        case 'review':
          await run(step.at, cp, id, async (ctx) =>
            completeStep(
              ctx,
              runEngineInCommand,
              await openTask(ctx, caseId, 'review'),
              step.approved
                ? { action: 'approve', outcome: 'approved', variables: {}, comment: '处理意见合理，同意答复。' }
                : { action: 'reject', outcome: 'rejected', variables: {}, reason: '答复依据不足，请补充核实。' },
            ),
          );
          return current;
        case 'reply-and-resolve':
          await run(step.at, current, id, async (ctx) => {
            await completeTask(ctx, runEngineInCommand, await openTask(ctx, caseId, 'reply'), { variables: {} });
            await setStatus(ctx, caseId, 'resolved');
          });
          return current;
        case 'follow-up':
          await run(step.at, cp, id, async (ctx) => completeTask(ctx, runEngineInCommand, await openTask(ctx, caseId, 'followUp'), { variables: { satisfaction: step.satisfaction } }));
          return current;
        case 'transfer': {
          const to = BRANCH_STAFF[step.to];
          const next = people.get(to.agent)!;
          await run(step.at, people.get(BJ_SUPERVISOR)!, id, async (ctx) => {
            const found = await readCase(ctx, caseId);
            return updateCase(ctx, caseId, found.version, { departmentId: departmentId(step.to), assigneeId: next.userId, queue: to.queue, reason: '客户就近办理，转海淀支行' });
          });
          return next;
        }
        case 'answer-and-resolve':
          await run(step.at, current, id, async (ctx) => {
            await addComment(ctx, caseId, { body: '您好，您咨询的问题已为您解答，如有疑问请随时联系我们。', visibility: 'public' });
            await setStatus(ctx, caseId, 'resolved');
          });
          return current;
        case 'reopen':
          await run(step.at, current, id, async (ctx) => setStatus(ctx, caseId, 'open', '客户表示问题未解决'));
          return current;
      }
    }
  }
  options.setTime(options.now);
  return {
    complaints: plan.filter((c) => c.type === 'complaint').length,
    consultations: plan.filter((c) => c.type === 'consultation').length,
    spikeComplaints: plan.filter((c) => c.spike).length,
    commands: commandCount,
    durationMs: Math.round(performance.now() - startedAt),
  };
}

const HANDLING_REPLY: Record<'resolved' | 'partial' | 'rejected', string> = {
  resolved: '您好，经核实您反映的问题属实，已为您处理完毕。',
  partial: '您好，经核实您反映的问题部分属实，我行已按规定处理，处理意见待消保部门复核后答复。',
  rejected: '您好，经核实相关业务办理符合规定，处理意见待消保部门复核后正式答复。',
};

/** A planned case as the agent's or hotline's entry would have created it; no personal data beyond the demo's invented customer. */
function caseInput(planned: PlannedCase, index: number, departmentId: string, assigneeId: string, queue: string) {
  const surname = SURNAMES[index % SURNAMES.length]!;
  const addressed = `${surname}${index % 2 === 0 ? '先生' : '女士'}`;
  const customer = { id: `C${String(20_000 + (index % 400)).padStart(8, '0')}`, tier: index % 7 === 0 ? 'gold' : 'standard' };
  const phone = `139${String(10_000_000 + ((index * 7_919) % 89_999_999)).padStart(8, '0')}`;
  const common = { priority: planned.priority, channel: planned.channel, customer, assigneeId, queue, departmentId };
  if (planned.type === 'complaint') {
    return {
      ...common,
      type: 'complaint',
      title: `${addressed}投诉：${COMPLAINT_TITLES[planned.subject]}`,
      fields: {
        customerName: `${surname}某`,
        phone,
        category: planned.subject,
        product: planned.product,
        description: planned.spike ? '客户反映借记卡近期被收取账户管理费，事先未获告知。' : '客户来电反映相关业务问题，要求解释并处理。',
        regulatorReferral: planned.channel === '12378',
      },
    };
  }
  return {
    ...common,
    type: 'consultation',
    title: `${addressed}咨询：${CONSULTATION_TITLES[planned.subject]}`,
    fields: { customerName: `${surname}某`, phone, topic: planned.subject, question: '请问相关业务如何办理？' },
  };
}
