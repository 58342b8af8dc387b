import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import type { Database } from '../src/platform/db/database.ts';
import type { KeyRing } from '../src/platform/crypto/index.ts';
import { createCommandRunner, type CommandMeta, type CommandSubscribers } from '../src/platform/commands/index.ts';
import { newId } from '../src/platform/ids/ids.ts';
import { findSystemActorOrThrow, findUserByUsername, hashPassword, insertDepartment, insertUser, resetPasswordAsOperator } from '../src/modules/access/index.ts';
import { createCase, createCaseType, updateCase, addComment, readCase } from '../src/modules/cases/index.ts';
import { deployDecisions } from '../src/modules/decisions/index.ts';
import { deployProcesses, subscribeProcessWork } from '../src/modules/process/index.ts';
import { applySlaPack, SHIPPED_SLA_PACK_KEYS, subscribeSlaClocks } from '../src/modules/sla/index.ts';
import { subscribeRouting } from '../src/modules/routing/index.ts';
import { subscribeKnowledgeCaseIndex } from '../src/modules/knowledge/index.ts';
import { routeShippedSpikeRule } from '../src/modules/analytics/index.ts';
import { SERVER_PACKAGE_DIR } from '../src/platform/package-dir.ts';
import { SEED_CASE_TYPE_PROCESSES, SEED_CASE_TYPES, SEED_DECISION_FILES, SEED_PROCESS_FILES } from './case-types.ts';
import { DEMO_DEFAULT_QUEUES, seedRoutingQueues, seedRoutingRules } from './routing.ts';
import { seedIntegration } from './integration.ts';
import { seedKnowledge, seedKnowledgeWorkflow } from './knowledge.ts';
import { seedObjects } from './objects.ts';
import { seedAutomation } from './automation.ts';
import { seedAnalyticsHistory, type AnalyticsHistoryOptions, type AnalyticsHistorySummary } from './analytics-history.ts';

// The demo's BPMN and DMN files stay in seed/processes (the compiled seed in dist/ has no copy).
const SEED_MODELS_DIR = path.join(SERVER_PACKAGE_DIR, 'seed', 'processes');

/** The demo users, for the start banner. */
export const DEMO_USERNAMES = ['agent.bj', 'agent.sh', 'agent.hd', 'supervisor.bj', 'cp.officer', 'risk.analyst', 'auditor', 'marketing', 'analyst.hq', 'rm.bj', 'head.bj'] as const;

/** The password the README published for every demo user before they got random ones. */
export const PUBLISHED_DEMO_PASSWORD = 'docket-demo-2026';

/**
 * Data directories seeded before demo passwords were random still let anyone who read the README
 * in. Such users get a new password at the next start (DOCKET_DEMO_PASSWORD, or a random one
 * returned once for the banner) through the operator's reset: audited, their sessions ended.
 * Not when the operator chose that very password on purpose (the browser tests do).
 */
export async function retirePublishedDemoPassword(database: Database, options: { now: Date; password?: string }): Promise<{ retired: string[]; generatedPassword?: string }> {
  if (options.password === PUBLISHED_DEMO_PASSWORD) return { retired: [] };
  const users = await database.db
    .selectFrom('access.user')
    .select(['username', 'password_hash'])
    .where('username', 'in', [...DEMO_USERNAMES])
    .execute();
  const published = await Promise.all(users.map(async (u) => (u.password_hash ? verify(u.password_hash, PUBLISHED_DEMO_PASSWORD).catch(() => false) : false)));
  const retired = users.filter((_, i) => published[i]).map((u) => u.username);
  if (retired.length === 0) return { retired };
  const generatedPassword = options.password ? undefined : randomBytes(12).toString('base64url');
  for (const username of retired) {
    try {
      await resetPasswordAsOperator(database.db, { username, password: options.password ?? generatedPassword!, now: options.now });
    } catch (error) {
      // Only a chosen password can be refused by the policy; say which setting to change.
      throw options.password ? new Error(`DOCKET_DEMO_PASSWORD cannot replace the published demo password of ${username}: ${(error as Error).message}`) : error;
    }
  }
  return { retired, generatedPassword };
}

// A deterministic pseudo-random sequence, so every fresh demo looks the same.
function seededRandom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '洋', '艳', '军'];
const DISTRICTS = ['110105', '310115', '440304', '330106', '510107'];
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function residentId(random: () => number): string {
  const birth = `19${60 + Math.floor(random() * 40)}0${1 + Math.floor(random() * 9)}1${Math.floor(random() * 9)}`;
  const body = DISTRICTS[Math.floor(random() * DISTRICTS.length)]! + birth + String(100 + Math.floor(random() * 899));
  const sum = [...body].reduce((s, d, i) => s + Number(d) * W[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

function bankCard(random: () => number): string {
  const body = '622202' + Array.from({ length: 9 }, () => Math.floor(random() * 10)).join('');
  for (let check = 0; check < 10; check++) {
    const digits = body + check;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
}

// Where demo customers live, so branch push has something to go by: most are known by their home
// branch and region code (GB/T 2260), some only by region (Haidian, 110108, belongs to the
// Haidian sub-branch), a few only by address. Drawn from the case's index, not from the random
// sequence, so the rest of the demo stays as it was.
const BRANCH_REGIONS: Record<string, string[]> = { BJ: ['110105', '110108', '110101'], SH: ['310115', '310104'] };
const BRANCH_ADDRESSES: Record<string, string> = { BJ: '北京市朝阳区建国路88号', SH: '上海市浦东新区世纪大道100号' };

function demoCustomerLocation(i: number, branch: string): { branch?: string; region?: string; address?: string } {
  if (i % 20 === 10) return { address: BRANCH_ADDRESSES[branch]! };
  const regions = BRANCH_REGIONS[branch]!;
  const region = regions[i % regions.length]!;
  return i % 4 === 2 ? { region } : { branch, region };
}

/**
 * Seeds demo data once: departments, users, routing (queues, profiles, rules), the five case
 * types and about 200 cases, routed as they are created, and the knowledge base (seed/knowledge.ts). The demo users share one password:
 * `password` (DOCKET_DEMO_PASSWORD) or, without it, a random one that is returned once for the
 * start banner and stored nowhere but as a hash. A published default would let anyone who read
 * the README sign in as a supervisor who can unmask.
 */
export async function seedDemoData(
  database: Database,
  options: {
    now: Date;
    keyRing: KeyRing;
    caseCount?: number;
    password?: string;
    /** The runner's subscribers, before the app subscribes its process work to them (main.ts). */
    subscribers?: CommandSubscribers;
    /**
     * The analytics history (seed/analytics-history.ts), its length and volume: the first start
     * asks for it (main.ts); without it none, so tests of other seeded data stay as fast as before.
     */
    analyticsHistory?: Pick<AnalyticsHistoryOptions, 'days' | 'scale'>;
  },
): Promise<{ seeded: boolean; generatedPassword?: string; analyticsHistory?: AnalyticsHistorySummary }> {
  const { db } = database;
  if (await findUserByUsername(db, 'agent.bj')) return { seeded: false };
  const random = seededRandom(20_261_122);
  const admin = (await findUserByUsername(db, 'admin'))!;
  const generatedPassword = options.password ? undefined : randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(options.password ?? generatedPassword!);

  await db.transaction().execute(async (tx) => {
    const hq = newId();
    const bj = newId();
    const sh = newId();
    const bjHaidian = newId();
    const cp = newId();
    const risk = newId();
    await insertDepartment(tx, { id: hq, code: 'HQ', name: '总行 Head office', kind: 'head-office', parentId: null, path: `/${hq}/` });
    await insertDepartment(tx, { id: bj, code: 'BJ', name: '北京分行 Beijing branch', kind: 'branch', parentId: hq, path: `/${hq}/${bj}/` });
    await insertDepartment(tx, { id: bjHaidian, code: 'BJ-HD', name: '海淀支行 Haidian sub-branch', kind: 'sub-branch', parentId: bj, path: `/${hq}/${bj}/${bjHaidian}/` });
    await insertDepartment(tx, { id: sh, code: 'SH', name: '上海分行 Shanghai branch', kind: 'branch', parentId: hq, path: `/${hq}/${sh}/` });
    await insertDepartment(tx, { id: cp, code: 'CP', name: '消费者权益保护部 Consumer protection', kind: 'functional', parentId: hq, path: `/${hq}/${cp}/` });
    await insertDepartment(tx, { id: risk, code: 'RISK', name: '风险管理部 Risk management', kind: 'functional', parentId: hq, path: `/${hq}/${risk}/` });
    const users = [
      { username: 'agent.bj', displayName: '王芳 (北京坐席)', departmentId: bj, roles: ['agent'] },
      { username: 'agent.sh', displayName: '李强 (上海坐席)', departmentId: sh, roles: ['agent'] },
      // Also the compliance reviewer of customer-facing knowledge articles (issue 19).
      { username: 'cp.officer', displayName: '赵敏 (消保)', departmentId: cp, roles: ['agent', 'knowledge-compliance'] },
      { username: 'risk.analyst', displayName: '陈磊 (风险)', departmentId: risk, roles: ['agent'] },
      { username: 'auditor', displayName: '周静 (审计)', departmentId: hq, roles: ['auditor'] },
      { username: 'supervisor.bj', displayName: '刘伟 (北京主管)', departmentId: bj, roles: ['supervisor'] },
      { username: 'agent.hd', displayName: '黄娜 (海淀支行)', departmentId: bjHaidian, roles: ['agent'] },
      { username: 'marketing', displayName: '吴洋 (营销)', departmentId: hq, roles: ['marketing'] },
      // Issue 20: the business analyst — every figure of the bank, every case field masked.
      { username: 'analyst.hq', displayName: '何欣 (经营分析)', departmentId: hq, roles: ['analyst'] },
      // The shipped processes' other people: the head of risk (escalations, filing decisions), the
      // third member of the senior credit committee, and IT operations (transaction checks).
      { username: 'risk.head', displayName: '郑军 (风险部负责人)', departmentId: risk, roles: ['supervisor'] },
      { username: 'committee.member', displayName: '孙丽 (信贷委员)', departmentId: risk, roles: ['agent'] },
      { username: 'it.ops', displayName: '钱进 (信息科技)', departmentId: hq, roles: ['agent'] },
      // Issue 21: the customers' relationship managers (the owners of the demo customer records,
      // who get the birthday follow-ups) and the branch heads (told of fee complaints closed as
      // rejected). Neither is an agent: no case is routed or assigned to them.
      { username: 'rm.bj', displayName: '马骏 (北京客户经理)', departmentId: bj, roles: ['relationship-manager'] },
      { username: 'rm.sh', displayName: '林婷 (上海客户经理)', departmentId: sh, roles: ['relationship-manager'] },
      { username: 'head.bj', displayName: '宋涛 (北京分行行长)', departmentId: bj, roles: ['branch-head'] },
      { username: 'head.sh', displayName: '许静 (上海分行行长)', departmentId: sh, roles: ['branch-head'] },
    ];
    const userIds = new Map<string, string>();
    for (const user of users) {
      const id = newId<string>();
      userIds.set(user.username, id);
      await insertUser(tx, { id, passwordHash, ...user });
    }
    // The groups the shipped processes name as candidates (seed/processes/*.bpmn).
    const groups = [
      { key: 'risk-committee', name: '高级信贷委员会 Senior credit committee', department_id: risk, members: ['risk.head', 'supervisor.bj', 'committee.member'] },
      { key: 'risk-review', name: '风险审查 Risk review', department_id: risk, members: ['risk.analyst'] },
      { key: 'compliance-review', name: '合规审查 Compliance review', department_id: cp, members: ['cp.officer'] },
      { key: 'complaint-review', name: '投诉复核 Complaint review', department_id: cp, members: ['cp.officer'] },
      { key: 'it-check', name: 'IT 核查 IT check', department_id: hq, members: ['it.ops'] },
      { key: 'head-of-risk', name: '风险部负责人 Head of risk', department_id: risk, members: ['risk.head'] },
    ];
    for (const { members, ...group } of groups) {
      await tx
        .insertInto('access.group')
        .values({ ...group, kind: 'group', created_at: options.now })
        .execute();
      await tx
        .insertInto('access.group_member')
        .values(members.map((username) => ({ group_key: group.key, user_id: userIds.get(username)! })))
        .execute();
    }
    await tx.updateTable('access.user').set({ department_id: hq }).where('id', '=', admin.id).execute();
    await tx.insertInto('access.user_department').values({ user_id: admin.id, department_id: hq }).execute();
  });

  const departments = await db.selectFrom('access.department').select(['id', 'code']).execute();
  const deptId = (code: string) => departments.find((d) => d.code === code)!.id;
  const agents = await db.selectFrom('access.user').select(['id', 'username', 'department_id']).where(sql<boolean>`'agent' = ANY(roles)`).execute();
  const people = await db.selectFrom('access.user').select(['id', 'username']).where('kind', '=', 'person').execute();
  const routingIds = { departmentIds: new Map(departments.map((d) => [d.code, d.id])), userIds: new Map(people.map((u) => [u.username, u.id])) };
  // The demo's history is written as it would have happened: each case's commands run at their
  // own (past) time, as system:seed, whose grants are its role (migration 20261205T0100).
  let seedTime = options.now;
  const commands = createCommandRunner(database, { now: () => seedTime }, options.keyRing, { subscribers: options.subscribers });
  const meta: CommandMeta = { actor: await findSystemActorOrThrow(db, 'system:seed'), channel: 'seed' };
  // The app subscribes process work when it is built, after the seed; until then the seed's own
  // runner does, so its credit cases start their process as any case would.
  const unsubscribeProcessWork = subscribeProcessWork(commands.subscribers);
  // Likewise the SLA clocks: each demo case starts the clocks of the policy it matches.
  const unsubscribeSlaClocks = subscribeSlaClocks(commands.subscribers);
  // And the router (issue 17): a demo case created without an assignee is routed by the demo's
  // rules as any new case would be; one created with its queue and assignee keeps them.
  const unsubscribeRouting = subscribeRouting(commands.subscribers);
  // And the knowledge case index (issue 19): resolved demo cases are the similar cases suggested.
  const unsubscribeCaseIndex = subscribeKnowledgeCaseIndex(commands.subscribers);
  let analyticsHistory: AnalyticsHistorySummary | undefined;
  try {
    const caseCount = options.caseCount ?? 200;
    seedTime = new Date(options.now.getTime() - 61 * 86_400_000);
    // The queues come before the case types, whose default queues name them.
    const queueIds = await commands.runCommand({ ...meta, requestId: 'seed-routing-queues' }, (ctx) => seedRoutingQueues(ctx, routingIds));
    // The process must be deployed before the case type that names it (a case type naming an
    // undeployed key is refused), and the decision before the process that calls it.
    await commands.runCommand({ ...meta, requestId: 'seed-models' }, async (ctx) => {
      for (const dmn of SEED_DECISION_FILES) await deployDecisions(ctx, readFileSync(path.join(SEED_MODELS_DIR, dmn), 'utf8'));
      for (const bpmn of SEED_PROCESS_FILES) await deployProcesses(ctx, readFileSync(path.join(SEED_MODELS_DIR, bpmn), 'utf8'));
    });
    await commands.runCommand({ ...meta, requestId: 'seed-case-types' }, async (ctx) => {
      for (const type of SEED_CASE_TYPES) await createCaseType(ctx, { ...type, defaultQueue: DEMO_DEFAULT_QUEUES[type.key]!, processKey: SEED_CASE_TYPE_PROCESSES[type.key] });
    });
    // The rules after the case types they name, in force from the seed's past like the SLA packs.
    await commands.runCommand({ ...meta, requestId: 'seed-routing-rules' }, (ctx) => seedRoutingRules(ctx, queueIds));
    // Integration (issue 18): after the case types its sources and mailbox name.
    await commands.runCommand({ ...meta, requestId: 'seed-integration' }, (ctx) => seedIntegration(ctx, { riskAnalystId: routingIds.userIds.get('risk.analyst')! }));
    // Spike warnings (issue 20): the shipped rule's risk cases go to the consumer-protection desk.
    await commands.runCommand({ ...meta, requestId: 'seed-spike-routing' }, (ctx) => routeShippedSpikeRule(ctx, routingIds.departmentIds.get('CP')!));
    // The regulatory SLA packs (issue 16), before the first demo case, in this order: the
    // complaint policies first, then the higher-level review steps added to them.
    await commands.runCommand({ ...meta, requestId: 'seed-sla-packs' }, async (ctx) => {
      for (const key of SHIPPED_SLA_PACK_KEYS) await applySlaPack(ctx, key);
    });
    for (let i = 0; i < caseCount; i++) {
      // Spread creation over the last 60 days; older cases are further along.
      const ageDays = Math.floor(random() * 60);
      const createdAt = new Date(options.now.getTime() - ageDays * 86_400_000 - Math.floor(random() * 86_400_000));
      seedTime = createdAt;
      await commands.runCommand({ ...meta, requestId: `seed-${i}` }, async (ctx) => {
        const type = SEED_CASE_TYPES[Math.floor(random() * SEED_CASE_TYPES.length)]!;
        const name = SURNAMES[Math.floor(random() * SURNAMES.length)]! + GIVEN[Math.floor(random() * GIVEN.length)]!;
        const phone = `13${Math.floor(100_000_000 + random() * 899_999_999)}`;
        const branch = random() < 0.5 ? 'BJ' : 'SH';
        const fields: Record<string, Record<string, unknown>> = {
          complaint: {
            customerName: name,
            residentId: residentId(random),
            phone,
            bankCard: bankCard(random),
            category: ['fees', 'service', 'wealth', 'credit-card', 'other'][i % 5],
            description: '客户反映账户被收取不明费用，要求解释并退还。',
            regulatorReferral: i % 7 === 0,
          },
          consultation: { customerName: name, phone, topic: ['accounts', 'loans', 'wealth'][i % 3], question: '请问如何办理大额存单提前支取？' },
          suggestion: { customerName: name, email: `customer${i}@example.cn`, suggestion: '建议延长周末营业时间。' },
          'suspicious-transaction': {
            alertId: `AML-${100_000 + i}`,
            accountNumber: `6217${String(Math.floor(random() * 1e12)).padStart(12, '0')}`,
            accountHolder: name,
            amount: Math.round(random() * 5_000_000) / 100,
            rule: ['large-amount', 'frequent', 'fan-in-out', 'sanctions'][i % 4],
            riskLevel: ['low', 'medium', 'high'][i % 3],
          },
          'credit-approval': {
            applicantName: name,
            residentId: residentId(random),
            product: ['personal', 'mortgage', 'small-business'][i % 3],
            amount: 10_000 * (1 + Math.floor(random() * 200)),
            termMonths: [12, 36, 60, 120, 360][i % 5],
          },
        };
        // Titles are free text that every reader of the case sees unmasked: like a careful agent,
        // the demo never writes a customer's full name there, only the surname and an honorific.
        const addressed = `${name[0]}${i % 2 === 0 ? '先生' : '女士'}`;
        const titles: Record<string, string> = {
          complaint: `${addressed}投诉：${['不明扣费', '柜员服务态度', '理财产品亏损', '信用卡年费', '网点排队时间长'][i % 5]}`,
          consultation: `${addressed}咨询：${['账户挂失', '房贷利率', '理财赎回'][i % 3]}`,
          suggestion: `${addressed}建议：营业时间`,
          'suspicious-transaction': `异常交易预警 AML-${100_000 + i}`,
          'credit-approval': `${addressed}贷款申请`,
        };
        // Cases go to an agent of their own department (or wait unassigned), so a branch agent's
        // workspace shows exactly the branch's cases.
        const departmentId = type.key === 'suspicious-transaction' ? deptId('RISK') : deptId(branch);
        const candidates = agents.filter((a) => a.department_id === departmentId);
        const assignee = random() < 0.8 ? candidates[Math.floor(random() * candidates.length)] : undefined;
        // A case already assigned keeps its queue and assignee (the router records it as kept);
        // one nobody has taken is left to the rules: the queue, a raised priority, the branch.
        const queue = type.key === 'suspicious-transaction' ? 'aml-review' : type.key === 'credit-approval' ? 'credit' : `${branch.toLowerCase()}-service`;
        const { case: created } = await createCase(ctx, {
          type: type.key,
          title: titles[type.key]!,
          fields: fields[type.key]!,
          priority: (['low', 'normal', 'normal', 'high', 'urgent'] as const)[Math.floor(random() * 5)],
          channel: ['phone', 'branch', 'app', 'wechat', '12378'][i % 5],
          customer: { id: `C${String(10_000 + (i % 150)).padStart(8, '0')}`, tier: ['standard', 'gold', 'private'][i % 3], ...demoCustomerLocation(i, branch) },
          tags: i % 9 === 0 ? ['elderly'] : i % 11 === 0 ? ['foreign'] : [],
          assigneeId: assignee?.id,
          queue: assignee ? queue : undefined,
          departmentId,
          // No dueAt: the SLA policy the case matches computes it.
        });
        // Walk older cases along the lifecycle so every status is represented.
        const path = ageDays > 30 ? ['open', 'resolved', 'closed'] : ageDays > 14 ? ['open', 'resolved'] : ageDays > 5 ? ['open', 'pending'] : ageDays > 1 ? ['open'] : [];
        // Read again: the router may have changed the case (queue, priority) in this command.
        let version = (await readCase(ctx, created.id)).version;
        for (const [step, status] of path.entries()) {
          const later = { ...ctx, now: new Date(createdAt.getTime() + (step + 1) * 3_600_000) };
          if (status === 'open') await addComment(later, created.id, { body: '已联系客户，正在核实。', visibility: 'internal' });
          version = (await updateCase(later, created.id, version, { status: status as 'open' })).version;
        }
      });
    }
    // The analytics history (issue 20): three months of complaints and consultations worked through
    // the complaint process by the demo people, and a complaint spike yesterday and today, for the dashboards.
    if (options.analyticsHistory) analyticsHistory = await seedAnalyticsHistory(commands, db, { now: options.now, setTime: (at) => (seedTime = at), ...options.analyticsHistory });
    // The knowledge base (issue 19), published a week ago from the legacy one; then the three
    // articles caught mid-review, written and reviewed by the demo people over the last days.
    seedTime = new Date(options.now.getTime() - 7 * 86_400_000);
    const { categoryIds } = await commands.runCommand({ ...meta, requestId: 'seed-knowledge' }, (ctx) => seedKnowledge(ctx, routingIds));
    await seedKnowledgeWorkflow(commands, db, { now: options.now, categoryIds, setTime: (at) => (seedTime = at) });
    // Custom objects (issue 21): the customers of the cases above, with their accounts and holdings,
    // loaded from the bank's CRM a month ago; then the demo's automation rules, as of today.
    seedTime = new Date(options.now.getTime() - 30 * 86_400_000);
    await seedObjects(commands, db, { now: options.now });
    seedTime = options.now;
    await seedAutomation(commands, db);
  } finally {
    unsubscribeCaseIndex();
    unsubscribeRouting();
    unsubscribeSlaClocks();
    unsubscribeProcessWork();
  }
  return { seeded: true, generatedPassword, analyticsHistory };
}
