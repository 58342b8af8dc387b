import type { CommandContext } from '../src/platform/commands/index.ts';
import {
  createQueue,
  createRoutingRule,
  saveBranchAreas,
  saveRoutingProfile,
  type Capacity,
  type DispatchMode,
  type RoutingStrategy,
  type RuleActions,
  type RuleConditions,
  type SkillLevel,
} from '../src/modules/routing/index.ts';

// The demo's routing (issue 17): the queues, agents' profiles, branch areas and rules of a bank
// with a Beijing and a Shanghai branch, a consumer-protection desk and a risk department. The
// console's screens and browser tests are built on these names: change them together.

/** The seeded departments and users, by code and username. */
export interface DemoRoutingIds {
  departmentIds: ReadonlyMap<string, string>;
  userIds: ReadonlyMap<string, string>;
}

interface DemoQueue {
  key: string;
  name: string;
  description: string;
  department: string;
  mode: DispatchMode;
  strategy: RoutingStrategy;
  members: string[];
  overflow?: { queue: string; afterSeconds: number };
}

const CUSTOMER_CASE_TYPES = ['complaint', 'consultation', 'suggestion'];

/**
 * In creation order: a queue named as another's overflow comes first. They take any case type
 * (a queue's case types must exist, and the case types' default queues are these: the rules
 * send each type where it belongs).
 */
export const DEMO_QUEUES: readonly DemoQueue[] = [
  {
    key: 'bj-service',
    name: '北京分行客服',
    description: 'Beijing branch customer service: complaints, consultations and suggestions of Beijing customers',
    department: 'BJ',
    mode: 'push',
    strategy: 'least-loaded',
    members: ['agent.bj', 'agent.hd'],
  },
  {
    key: 'sh-service',
    name: '上海分行客服',
    description: 'Shanghai branch customer service',
    department: 'SH',
    mode: 'push',
    strategy: 'least-loaded',
    members: ['agent.sh'],
  },
  {
    key: 'consumer-protection',
    name: '消保投诉专席',
    description: 'Consumer-protection desk: complaints referred by the 12378 regulator hotline, and SLA escalations',
    department: 'CP',
    mode: 'push',
    strategy: 'best-skill',
    members: ['cp.officer'],
    // One desk officer: what waits four hours goes to the Beijing branch rather than nowhere.
    overflow: { queue: 'bj-service', afterSeconds: 4 * 3600 },
  },
  {
    key: 'aml-review',
    name: '反洗钱甄别',
    description: 'Anti-money-laundering alert review: analysts take the next alert themselves',
    department: 'RISK',
    mode: 'pull',
    strategy: 'least-loaded',
    members: ['risk.analyst'],
  },
  {
    key: 'credit',
    name: '信贷审批',
    description: 'Credit applications, in turn between the analyst and the committee member',
    department: 'RISK',
    mode: 'push',
    strategy: 'round-robin',
    members: ['risk.analyst', 'committee.member'],
  },
  {
    key: 'vip-desk',
    name: '贵宾服务',
    description: 'Private-banking and VIP customers, by the most skilled officer',
    department: 'HQ',
    mode: 'push',
    strategy: 'best-skill',
    members: ['cp.officer', 'supervisor.bj'],
  },
];

/**
 * What each demo case type waits in when no rule names a queue. The shipped case types say
 * `service`, a queue the demo does not have: the customer-facing types fall back to Beijing,
 * where the head office is, and branch push moves them on to the customer's branch.
 */
export const DEMO_DEFAULT_QUEUES: Readonly<Record<string, string>> = {
  complaint: 'bj-service',
  consultation: 'bj-service',
  suggestion: 'bj-service',
  'suspicious-transaction': 'aml-review',
  'credit-approval': 'credit',
};

interface DemoProfile {
  username: string;
  skills: SkillLevel[];
  languages: string[];
  capacity: Capacity;
}

const capacity = (total: number, byCaseType: Record<string, number> = {}, byChannel: Record<string, number> = {}): Capacity => ({ total, byCaseType, byChannel });

/** No presence: everyone starts offline and goes available in the console's header. */
export const DEMO_PROFILES: readonly DemoProfile[] = [
  {
    username: 'agent.bj',
    skills: [
      { skill: 'case-type:complaint', level: 4 },
      { skill: 'case-type:consultation', level: 3 },
      { skill: 'product:credit-card', level: 3 },
    ],
    languages: ['zh', 'en'],
    capacity: capacity(12, { complaint: 5 }, { chat: 2 }),
  },
  {
    username: 'agent.sh',
    skills: [
      { skill: 'case-type:complaint', level: 3 },
      { skill: 'case-type:consultation', level: 4 },
    ],
    languages: ['zh'],
    capacity: capacity(12),
  },
  { username: 'agent.hd', skills: [{ skill: 'case-type:consultation', level: 3 }], languages: ['zh'], capacity: capacity(8) },
  {
    username: 'cp.officer',
    skills: [
      { skill: 'case-type:complaint', level: 5 },
      { skill: 'case-type:suggestion', level: 3 },
    ],
    languages: ['zh', 'en'],
    capacity: capacity(15, { complaint: 8 }),
  },
  { username: 'risk.analyst', skills: [{ skill: 'case-type:suspicious-transaction', level: 5 }], languages: ['zh'], capacity: capacity(20) },
  { username: 'committee.member', skills: [{ skill: 'case-type:credit-approval', level: 3 }], languages: ['zh'], capacity: capacity(10) },
];

/**
 * The areas each branch serves, for customers known by region code (GB/T 2260: 11 Beijing,
 * 110108 Haidian district, 31 Shanghai) or only by address. The longest region prefix wins, so a
 * Haidian customer goes to the Haidian sub-branch, the rest of Beijing to the Beijing branch.
 */
export const DEMO_BRANCH_AREAS: Readonly<Record<string, string[]>> = {
  BJ: ['11', '北京'],
  SH: ['31', '上海'],
  'BJ-HD': ['110108', '海淀'],
};

interface DemoRule {
  key: string;
  name: string;
  conditions: RuleConditions;
  /** The target queue by key; the rule stores its id. */
  queue?: string;
  actions: Omit<RuleActions, 'queueId'>;
}

/**
 * The bank's rules, first match first. A case takes the first rule whose conditions all hold and
 * no other, so the rules for elderly and foreign customers repeat the branch push of the rules
 * below them: otherwise an elderly customer's complaint would be raised but left at head office.
 * The hotline comes first: a 12378 referral goes to the desk whoever the customer is.
 */
export const DEMO_RULES: readonly DemoRule[] = [
  {
    key: 'hotline-12378',
    name: '12378 热线投诉转消保专席 12378 hotline to consumer protection',
    conditions: { channels: ['12378'], caseTypes: CUSTOMER_CASE_TYPES },
    queue: 'consumer-protection',
    actions: { priorityBoost: 1 },
  },
  {
    // Before the elderly rule: an elderly foreign customer needs the language most.
    key: 'foreign-in-english',
    name: '外籍客户优先并以英语服务 Foreign customers first, in English',
    conditions: { tags: ['foreign'], caseTypes: CUSTOMER_CASE_TYPES },
    actions: { priorityBoost: 1, requiredLanguages: ['en'], pushToCustomerBranch: true, keepWithPreviousHandlerDays: 7 },
  },
  {
    key: 'elderly-foreign-first',
    name: '老年及外籍客户优先 Elderly and foreign customers first',
    conditions: { tags: ['elderly', 'foreign'], caseTypes: CUSTOMER_CASE_TYPES },
    actions: { priorityBoost: 1, pushToCustomerBranch: true, keepWithPreviousHandlerDays: 7 },
  },
  {
    key: 'aml-alerts',
    name: '可疑交易转反洗钱甄别 Suspicious transactions to AML review',
    conditions: { caseTypes: ['suspicious-transaction'] },
    queue: 'aml-review',
    actions: {},
  },
  {
    key: 'credit-cases',
    name: '信贷申请转信贷审批 Credit applications to credit',
    conditions: { caseTypes: ['credit-approval'] },
    queue: 'credit',
    actions: {},
  },
  {
    key: 'complaints-to-branch',
    name: '投诉推送至客户所属分行 Complaints to the customer’s branch',
    conditions: { caseTypes: ['complaint'] },
    actions: { pushToCustomerBranch: true, keepWithPreviousHandlerDays: 7 },
  },
  {
    key: 'consultations-to-branch',
    name: '咨询与建议推送至客户所属分行 Consultations and suggestions to the customer’s branch',
    conditions: { caseTypes: ['consultation', 'suggestion'] },
    actions: { pushToCustomerBranch: true },
  },
];

function idOf(ids: ReadonlyMap<string, string>, name: string): string {
  const id = ids.get(name);
  if (!id) throw new Error(`The demo routing names ${name}, which the demo does not seed`);
  return id;
}

/**
 * The demo's queues, agents' profiles and branch areas, through the routing commands (audited as
 * system:seed). Runs before the case types, whose default queues name these. Returns the queue
 * ids by key.
 */
export async function seedRoutingQueues(ctx: CommandContext, ids: DemoRoutingIds): Promise<Map<string, string>> {
  const queueIds = new Map<string, string>();
  for (const queue of DEMO_QUEUES) {
    const created = await createQueue(ctx, {
      key: queue.key,
      name: queue.name,
      description: queue.description,
      departmentId: idOf(ids.departmentIds, queue.department),
      memberIds: queue.members.map((username) => idOf(ids.userIds, username)),
      strategy: queue.strategy,
      mode: queue.mode,
      ...(queue.overflow ? { overflowQueueId: idOf(queueIds, queue.overflow.queue), overflowAfterSeconds: queue.overflow.afterSeconds } : {}),
    });
    queueIds.set(queue.key, created.id);
  }
  for (const profile of DEMO_PROFILES) {
    await saveRoutingProfile(ctx, idOf(ids.userIds, profile.username), {
      skills: profile.skills,
      languages: profile.languages,
      capacity: profile.capacity,
    });
  }
  for (const [code, areas] of Object.entries(DEMO_BRANCH_AREAS)) await saveBranchAreas(ctx, idOf(ids.departmentIds, code), areas);
  return queueIds;
}

/** The demo's rules, in order. Runs after the case types, which the rules' conditions name. */
export async function seedRoutingRules(ctx: CommandContext, queueIds: ReadonlyMap<string, string>): Promise<void> {
  for (const rule of DEMO_RULES) {
    await createRoutingRule(ctx, {
      key: rule.key,
      name: rule.name,
      conditions: rule.conditions,
      actions: { ...(rule.queue ? { queueId: idOf(queueIds, rule.queue) } : {}), ...rule.actions },
    });
  }
}

/** Everything at once, for a database that already has the demo's case types (tests, tools). */
export async function seedRouting(ctx: CommandContext, ids: DemoRoutingIds): Promise<Map<string, string>> {
  const queueIds = await seedRoutingQueues(ctx, ids);
  await seedRoutingRules(ctx, queueIds);
  return queueIds;
}
