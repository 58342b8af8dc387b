/**
 * The routing module's shared shapes (issue 17). Each part (queues, profiles, rules, decisions,
 * dispatch) reads and writes its own tables; these types are what crosses between them.
 */

export const ROUTING_STRATEGIES = ['round-robin', 'least-loaded', 'best-skill'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

export const DISPATCH_MODES = ['push', 'pull'] as const;
export type DispatchMode = (typeof DISPATCH_MODES)[number];

export const PRESENCES = ['available', 'busy', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

export interface QueueRow {
  id: string;
  key: string;
  name: string;
  description: string | null;
  departmentId: string | null;
  memberIds: string[];
  groupKeys: string[];
  caseTypes: string[];
  channels: string[];
  strategy: RoutingStrategy;
  mode: DispatchMode;
  offerTimeoutSeconds: number | null;
  overflowQueueId: string | null;
  overflowAfterSeconds: number | null;
  calendarKey: string | null;
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SkillLevel {
  /** By convention prefixed: product:credit-card, line:retail, case-type:complaint, language:en. */
  skill: string;
  /** 1 (basic) to 5 (expert). */
  level: number;
}

export interface Capacity {
  /** Open work items of any kind; null: no overall limit. */
  total: number | null;
  /** Per channel, e.g. { chat: 2 }. */
  byChannel: Record<string, number>;
  /** Per case type, e.g. { complaint: 5 }. */
  byCaseType: Record<string, number>;
}

/** What an agent holds now: unfinished cases assigned to them, by channel and case type, and open tasks. */
export interface Load {
  total: number;
  byChannel: Record<string, number>;
  byCaseType: Record<string, number>;
  openTasks: number;
}

export interface RoutingProfile {
  userId: string;
  skills: SkillLevel[];
  languages: string[];
  /** Departments (branches) this agent serves besides their own. */
  branchIds: string[];
  capacity: Capacity;
  presence: Presence;
  presenceChangedAt: Date;
  lastSeenAt: Date | null;
  version: number;
}

/** Conditions of a rule: every given key must hold (AND); a list holds when any entry matches (OR). */
export interface RuleConditions {
  caseTypes?: string[];
  channels?: string[];
  /** The case's external source (system:ingest:<source>, or externalSource). */
  sources?: string[];
  /** fields.category */
  categories?: string[];
  /** fields.product */
  products?: string[];
  customerTiers?: string[];
  /** Any of these tags on the case (elderly, foreign, vulnerable). */
  tags?: string[];
  /** Region-code prefixes (GB/T 2260) of customer.region, e.g. 1101 (Beijing). */
  customerRegions?: string[];
  /** Home branch codes (customer.branch, a department code). */
  customerBranches?: string[];
  /** fields.riskLevel */
  riskLevels?: string[];
  /** The case's SLA state: at-risk, breached. */
  slaStates?: string[];
  priorities?: string[];
  /** For task rules: the process and the step. */
  processKeys?: string[];
  taskElementIds?: string[];
  /** A FEEL expression over the subject for anything else; true to match. */
  feel?: string;
}

export interface RuleActions {
  /** The target queue; left out: the case keeps its queue (or its type's default). */
  queueId?: string;
  /** Raise the case's priority by this many steps (low → normal → high → urgent). */
  priorityBoost?: number;
  requiredSkills?: { skill: string; minLevel: number }[];
  requiredLanguages?: string[];
  /** Send the case to the customer's own branch: by customer.branch, else customer.region or the address (routing.branch_area). */
  pushToCustomerBranch?: boolean;
  /** Give the case to whoever handled this customer's last case within so many days, if they fit. */
  keepWithPreviousHandlerDays?: number;
}

export interface RoutingRuleRow {
  id: string;
  key: string;
  name: string;
  position: number;
  enabled: boolean;
  appliesTo: 'case' | 'task';
  effectiveFrom: Date;
  effectiveTo: Date | null;
  conditions: RuleConditions;
  actions: RuleActions;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const ROUTING_TRIGGERS = ['created', 'reopened', 'fields-changed', 'sla-risk', 'task-created', 'overflow', 'offer-expired', 'offer-declined', 'take-next', 'override', 'retry'] as const;
export type RoutingTrigger = (typeof ROUTING_TRIGGERS)[number];

export const ROUTING_OUTCOMES = ['assigned', 'offered', 'queued', 'kept', 'overflowed', 'overridden', 'unrouted'] as const;
export type RoutingOutcome = (typeof ROUTING_OUTCOMES)[number];

/** Why a candidate was not chosen; the console translates each code. */
export const PASSED_OVER_CODES = [
  'offline',
  'away',
  'busy',
  'at-capacity',
  'missing-skill',
  'missing-language',
  'not-branch',
  'not-member',
  'inactive',
  'declined',
  'offer-expired',
  'may-not-read',
  'lower-score',
  'not-next-in-turn',
  'more-loaded',
  'locked',
] as const;
export type PassedOverCode = (typeof PASSED_OVER_CODES)[number];

export interface CandidateVerdict {
  userId: string;
  chosen: boolean;
  /** Higher is better; the strategy's own measure (skill level, free capacity). */
  score: number | null;
  load: Load | null;
  passedOver: { code: PassedOverCode; detail?: string }[];
}

/** What the router looks at: the case (or task) as routing sees it, values masked fields never reach. */
export interface RoutingSubject {
  kind: 'case' | 'task';
  caseId: string | null;
  taskId: string | null;
  caseType: string;
  channel: string | null;
  source: string | null;
  category: string | null;
  product: string | null;
  customerId: string | null;
  customerTier: string | null;
  customerRegion: string | null;
  customerBranch: string | null;
  /** The customer's address, opened for routing only (it is never stored in the decision). */
  customerAddress: string | null;
  tags: string[];
  riskLevel: string | null;
  slaState: string | null;
  priority: string;
  departmentId: string | null;
  queueId: string | null;
  assigneeId: string | null;
  processKey: string | null;
  taskElementId: string | null;
}

/** The dispatch part's answer: who gets the work in this queue, and why the others did not. */
export interface AgentSelection {
  chosenUserId: string | null;
  candidates: CandidateVerdict[];
}

export interface SelectAgentInput {
  queue: QueueRow;
  subject: RoutingSubject;
  requiredSkills: { skill: string; minLevel: number }[];
  requiredLanguages: string[];
  /** Tried first when they fit ("keep with the previous handler"). */
  preferredUserId?: string | null;
  /** Never chosen (they declined, or let an offer expire). */
  excludeUserIds?: string[];
  /** Only agents serving this branch (branch push): their department, or in their branchIds. */
  branchId?: string | null;
}
