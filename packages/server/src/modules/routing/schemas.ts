/**
 * TypeBox schemas of the routing API (issue 17): the contract the parts implement and the console's
 * typed client is generated from. Each part's routes file uses these; add to them, do not fork them.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../platform/http/string-enum.ts';
import { DISPATCH_MODES, PASSED_OVER_CODES, PRESENCES, ROUTING_OUTCOMES, ROUTING_STRATEGIES, ROUTING_TRIGGERS } from './model.ts';

const Uuid = Type.String({ format: 'uuid' });
const Key = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', description: 'Lower-case letters, digits and dashes; fixed once created' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Names = (description: string) => Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200, description });

// ---- queues -------------------------------------------------------------------------------

const QueueFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  departmentId: Type.Optional(Nullable(Uuid)),
  memberIds: Type.Optional(Type.Array(Uuid, { maxItems: 2000, description: 'People in the queue directly' })),
  groupKeys: Type.Optional(Type.Array(Type.String(), { maxItems: 200, description: 'Groups whose members are in the queue' })),
  caseTypes: Type.Optional(Names('Case types it takes; empty: any')),
  channels: Type.Optional(Names('Channels it takes; empty: any')),
  strategy: Type.Optional(StringEnum(ROUTING_STRATEGIES, { description: 'How an agent is chosen; default least-loaded' })),
  mode: Type.Optional(StringEnum(DISPATCH_MODES, { description: 'push: the router hands work out; pull: agents take the next item. Default push' })),
  offerTimeoutSeconds: Type.Optional(
    Nullable(Type.Integer({ minimum: 5, maximum: 86_400, description: 'Push: the agent must accept within this time, else the next one is offered; null: assigned without asking' })),
  ),
  overflowQueueId: Type.Optional(Nullable(Uuid)),
  overflowAfterSeconds: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 30 * 86_400, description: 'Unassigned this long, a case moves to the overflow queue' }))),
  calendarKey: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'Working calendar the overflow time counts on; null: natural time' }))),
  active: Type.Optional(Type.Boolean()),
};

export const CreateQueueBody = Type.Object({ key: Key, ...QueueFields }, { additionalProperties: false });
export const UpdateQueueBody = Type.Object(QueueFields, { additionalProperties: false, description: 'The whole queue as it should be (If-Match: its version)' });

export const QueueSchema = Type.Object(
  {
    id: Uuid,
    key: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    departmentId: Nullable(Uuid),
    memberIds: Type.Array(Uuid),
    groupKeys: Type.Array(Type.String()),
    caseTypes: Type.Array(Type.String()),
    channels: Type.Array(Type.String()),
    strategy: StringEnum(ROUTING_STRATEGIES),
    mode: StringEnum(DISPATCH_MODES),
    offerTimeoutSeconds: Nullable(Type.Integer()),
    overflowQueueId: Nullable(Uuid),
    overflowAfterSeconds: Nullable(Type.Integer()),
    calendarKey: Nullable(Type.String()),
    active: Type.Boolean(),
    version: Type.Integer(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Queue' },
);
export const QueueListSchema = Type.Object({ items: Type.Array(Type.Ref('Queue')) });
export const QueueIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'The queue id or key' }) });

// ---- agents' routing profiles and presence -------------------------------------------------

const SkillLevelSchema = Type.Object(
  { skill: Type.String({ minLength: 1, maxLength: 100, description: 'product:credit-card, line:retail, case-type:complaint …' }), level: Type.Integer({ minimum: 1, maximum: 5 }) },
  { additionalProperties: false },
);
const Counts = Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Integer({ minimum: 0, maximum: 10_000 }));
export const CapacitySchema = Type.Object(
  {
    total: Nullable(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Open work items of any kind; null: no overall limit' })),
    byChannel: Counts,
    byCaseType: Counts,
  },
  { additionalProperties: false, $id: 'RoutingCapacity' },
);
export const LoadSchema = Type.Object(
  { total: Type.Integer(), byChannel: Type.Record(Type.String(), Type.Integer()), byCaseType: Type.Record(Type.String(), Type.Integer()), openTasks: Type.Integer() },
  { $id: 'RoutingLoad' },
);

export const SaveRoutingProfileBody = Type.Object(
  {
    skills: Type.Optional(Type.Array(SkillLevelSchema, { maxItems: 200 })),
    languages: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$' }), { maxItems: 20, description: 'BCP 47 language codes, e.g. zh, en, yue' })),
    branchIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, description: 'Departments served besides the own' })),
    capacity: Type.Optional(Type.Unsafe<{ total: number | null; byChannel: Record<string, number>; byCaseType: Record<string, number> }>(Type.Ref('RoutingCapacity'))),
    presence: Type.Optional(StringEnum(PRESENCES)),
  },
  { additionalProperties: false },
);

export const RoutingProfileSchema = Type.Object(
  {
    userId: Uuid,
    displayName: Type.String(),
    departmentId: Nullable(Uuid),
    skills: Type.Array(SkillLevelSchema),
    languages: Type.Array(Type.String()),
    branchIds: Type.Array(Uuid),
    capacity: Type.Ref('RoutingCapacity'),
    presence: StringEnum(PRESENCES),
    presenceChangedAt: DateTime,
    lastSeenAt: Nullable(DateTime),
    load: Type.Ref('RoutingLoad'),
    queueIds: Type.Array(Uuid, { description: 'Queues the agent is in, directly or through a group' }),
    version: Type.Integer(),
  },
  { $id: 'RoutingProfile' },
);
export const RoutingProfileListSchema = Type.Object({ items: Type.Array(Type.Ref('RoutingProfile')) });
export const UserIdParams = Type.Object({ userId: Uuid });

export const SetPresenceBody = Type.Object({ presence: StringEnum(PRESENCES) }, { additionalProperties: false });

/** GET /me/routing: the header's presence switch and capacity, and the queues "take next" offers. */
export const MyRoutingSchema = Type.Object(
  {
    profile: Type.Ref('RoutingProfile'),
    queues: Type.Array(Type.Object({ id: Uuid, key: Type.String(), name: Type.String(), mode: StringEnum(DISPATCH_MODES), waiting: Type.Integer() })),
    pendingOffers: Type.Integer({ description: 'Cases offered to me, waiting for my answer' }),
  },
  { $id: 'MyRouting' },
);

// ---- rules ---------------------------------------------------------------------------------

const Conditions = Type.Object(
  {
    caseTypes: Type.Optional(Names('Case type keys')),
    channels: Type.Optional(Names('phone, branch, app, wechat, 12378 …')),
    sources: Type.Optional(Names('External sources (the ingesting system)')),
    categories: Type.Optional(Names('fields.category values')),
    products: Type.Optional(Names('fields.product values')),
    customerTiers: Type.Optional(Names('customer.tier values')),
    tags: Type.Optional(Names('Any of these tags: elderly, foreign, vulnerable …')),
    customerRegions: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{2,6}$' }), { maxItems: 200, description: 'Region-code prefixes (GB/T 2260) of customer.region' })),
    customerBranches: Type.Optional(Names('customer.branch department codes')),
    riskLevels: Type.Optional(Names('fields.riskLevel values')),
    slaStates: Type.Optional(Type.Array(StringEnum(['on-track', 'at-risk', 'breached', 'paused'] as const), { maxItems: 4 })),
    priorities: Type.Optional(Type.Array(StringEnum(['low', 'normal', 'high', 'urgent'] as const), { maxItems: 4 })),
    processKeys: Type.Optional(Names('Task rules: process keys')),
    taskElementIds: Type.Optional(Names('Task rules: BPMN element ids of the user task')),
    feel: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'A FEEL expression over the subject (caseType, channel, fields, customer, tags …); true to match' })),
  },
  { additionalProperties: false, $id: 'RoutingConditions' },
);
const Actions = Type.Object(
  {
    queueId: Type.Optional(Uuid),
    priorityBoost: Type.Optional(Type.Integer({ minimum: 0, maximum: 3, description: 'Raise the priority by this many steps' })),
    requiredSkills: Type.Optional(
      Type.Array(Type.Object({ skill: Type.String({ minLength: 1, maxLength: 100 }), minLevel: Type.Integer({ minimum: 1, maximum: 5 }) }, { additionalProperties: false }), { maxItems: 20 }),
    ),
    requiredLanguages: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$' }), { maxItems: 10 })),
    pushToCustomerBranch: Type.Optional(Type.Boolean({ description: "Send to the customer's own branch (customer.branch, else customer.region or address)" })),
    keepWithPreviousHandlerDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, description: "Give it to whoever handled the customer's last case within so many days, if they fit" })),
  },
  { additionalProperties: false, $id: 'RoutingActions' },
);

const RuleFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  enabled: Type.Optional(Type.Boolean()),
  appliesTo: Type.Optional(StringEnum(['case', 'task'] as const, { description: 'Default case' })),
  effectiveFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now' })),
  effectiveTo: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  conditions: Type.Unsafe<Record<string, unknown>>(Type.Ref('RoutingConditions')),
  actions: Type.Unsafe<Record<string, unknown>>(Type.Ref('RoutingActions')),
};
export const CreateRoutingRuleBody = Type.Object({ key: Key, ...RuleFields, position: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: last' })) }, { additionalProperties: false });
export const SaveRoutingRuleBody = Type.Object({ ...RuleFields, reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const ReorderRoutingRulesBody = Type.Object(
  { keys: Type.Array(Type.String(), { minItems: 1, maxItems: 1000, description: 'Every rule key, first match first' }) },
  { additionalProperties: false },
);

export const RoutingRuleSchema = Type.Object(
  {
    id: Uuid,
    key: Type.String(),
    name: Type.String(),
    position: Type.Integer(),
    enabled: Type.Boolean(),
    appliesTo: StringEnum(['case', 'task'] as const),
    effectiveFrom: DateTime,
    effectiveTo: Nullable(DateTime),
    conditions: Type.Ref('RoutingConditions'),
    actions: Type.Ref('RoutingActions'),
    version: Type.Integer(),
    updatedAt: DateTime,
  },
  { $id: 'RoutingRule' },
);
export const RoutingRuleListSchema = Type.Object({ items: Type.Array(Type.Ref('RoutingRule')) });
export const RuleIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'The rule id or key' }) });

/** A case as the tester describes it, not saved. */
const DescribedCase = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 100 }),
    channel: Type.Optional(Type.String({ maxLength: 100 })),
    source: Type.Optional(Type.String({ maxLength: 100 })),
    priority: Type.Optional(StringEnum(['low', 'normal', 'high', 'urgent'] as const)),
    fields: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
    customer: Type.Optional(
      Type.Object(
        {
          id: Type.Optional(Type.String({ maxLength: 64 })),
          tier: Type.Optional(Type.String({ maxLength: 50 })),
          branch: Type.Optional(Type.String({ maxLength: 100 })),
          region: Type.Optional(Type.String({ maxLength: 12 })),
          address: Type.Optional(Type.String({ maxLength: 300 })),
        },
        { additionalProperties: false },
      ),
    ),
    departmentId: Type.Optional(Uuid),
    slaState: Type.Optional(StringEnum(['on-track', 'at-risk', 'breached', 'paused'] as const)),
  },
  { additionalProperties: false },
);
export const TestRoutingBody = Type.Object(
  {
    caseId: Type.Optional(Uuid),
    case: Type.Optional(DescribedCase),
    at: Type.Optional(Type.String({ format: 'date-time', description: 'Which rules are in force at this time; default now' })),
  },
  { additionalProperties: false, description: 'Either caseId (an existing case) or case (described); nothing is changed' },
);

// ---- decisions -----------------------------------------------------------------------------

const PersonRef = Type.Object({ id: Uuid, displayName: Type.String() });
const QueueRef = Type.Object({ id: Uuid, key: Type.String(), name: Type.String() });

export const CandidateSchema = Type.Object(
  {
    userId: Uuid,
    displayName: Type.String(),
    chosen: Type.Boolean(),
    score: Nullable(Type.Number()),
    load: Nullable(Type.Ref('RoutingLoad')),
    passedOver: Type.Array(Type.Object({ code: StringEnum(PASSED_OVER_CODES), detail: Type.Optional(Type.String()) })),
  },
  { $id: 'RoutingCandidate' },
);

export const RuleConsideredSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  matched: Type.Boolean(),
  /** The conditions that did not hold: the condition key (caseTypes, channels …) and the value seen. */
  failed: Type.Array(Type.Object({ condition: Type.String(), actual: Type.Unknown() })),
});

export const RoutingDecisionSchema = Type.Object(
  {
    id: Uuid,
    at: DateTime,
    trigger: StringEnum(ROUTING_TRIGGERS),
    outcome: StringEnum(ROUTING_OUTCOMES),
    taskId: Nullable(Uuid),
    rule: Nullable(Type.Object({ id: Uuid, key: Type.String(), name: Type.String(), version: Type.Integer() })),
    rulesConsidered: Type.Array(RuleConsideredSchema),
    queue: Nullable(QueueRef),
    previousQueue: Nullable(QueueRef),
    assignee: Nullable(PersonRef),
    previousAssignee: Nullable(PersonRef),
    strategy: Nullable(StringEnum(ROUTING_STRATEGIES)),
    priorityBoost: Type.Integer(),
    requiredSkills: Type.Array(Type.Object({ skill: Type.String(), minLevel: Type.Integer() })),
    requiredLanguages: Type.Array(Type.String()),
    branch: Nullable(Type.Object({ id: Uuid, name: Type.String(), by: StringEnum(['customer-branch', 'customer-region', 'customer-address'] as const) })),
    keptWith: Nullable(PersonRef),
    candidates: Type.Array(Type.Ref('RoutingCandidate')),
    /** The override's reason; null for the router's own decisions. */
    reason: Nullable(Type.String()),
    actor: Nullable(PersonRef),
    durationMs: Nullable(Type.Number()),
  },
  { $id: 'RoutingDecision' },
);

export const CaseRoutingSchema = Type.Object(
  {
    caseId: Uuid,
    version: Type.Integer({ description: 'The case version (for If-Match on override)' }),
    queue: Nullable(QueueRef),
    assignee: Nullable(PersonRef),
    waitingSince: Nullable(DateTime),
    overflowAt: Nullable(DateTime),
    pendingOffer: Nullable(Type.Object({ id: Uuid, user: PersonRef, expiresAt: DateTime })),
    /** Newest first. */
    decisions: Type.Array(Type.Ref('RoutingDecision')),
  },
  { $id: 'CaseRouting' },
);

export const RoutingTestResultSchema = Type.Object(
  {
    rule: Nullable(Type.Object({ id: Uuid, key: Type.String(), name: Type.String(), version: Type.Integer() })),
    rulesConsidered: Type.Array(RuleConsideredSchema),
    queue: Nullable(QueueRef),
    assignee: Nullable(PersonRef),
    outcome: StringEnum(ROUTING_OUTCOMES),
    priorityBoost: Type.Integer(),
    requiredSkills: Type.Array(Type.Object({ skill: Type.String(), minLevel: Type.Integer() })),
    branch: Nullable(Type.Object({ id: Uuid, name: Type.String(), by: StringEnum(['customer-branch', 'customer-region', 'customer-address'] as const) })),
    candidates: Type.Array(Type.Ref('RoutingCandidate')),
  },
  { $id: 'RoutingTestResult' },
);

export const OverrideRoutingBody = Type.Object(
  {
    queueId: Type.Optional(Nullable(Uuid)),
    assigneeId: Type.Optional(Nullable(Uuid)),
    reason: Type.String({ minLength: 1, maxLength: 2000, description: 'Why the router was overruled; audited' }),
  },
  { additionalProperties: false, description: 'At least one of queueId and assigneeId; If-Match: the case version' },
);
export const CaseIdParams = Type.Object({ id: Uuid });

export const BranchAreasSchema = Type.Object(
  { departmentId: Uuid, areas: Type.Array(Type.String({ minLength: 2, maxLength: 50 }), { maxItems: 500, description: 'Region-code prefixes (1101) or place names found in an address (海淀)' }) },
  { $id: 'BranchAreas' },
);
export const BranchAreasBody = Type.Object({ areas: Type.Array(Type.String({ minLength: 2, maxLength: 50 }), { maxItems: 500 }) }, { additionalProperties: false });
export const DepartmentIdParams = Type.Object({ departmentId: Uuid });

// ---- dispatch: take next, offers, the live view ------------------------------------------------

export const TakeNextBody = Type.Object({ queueId: Type.Optional(Uuid) }, { additionalProperties: false, description: 'Left out: the first item of any of my queues' });
export const TakeNextResultSchema = Type.Object(
  {
    caseId: Uuid,
    number: Type.String(),
    title: Type.String(),
    queue: QueueRef,
    decisionId: Uuid,
  },
  { $id: 'TakeNextResult' },
);

export const OfferSchema = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    caseNumber: Type.String(),
    caseTitle: Type.String(),
    queue: QueueRef,
    state: StringEnum(['pending', 'accepted', 'declined', 'expired', 'withdrawn'] as const),
    offeredAt: DateTime,
    expiresAt: DateTime,
  },
  { $id: 'RoutingOffer' },
);
export const OfferListSchema = Type.Object({ items: Type.Array(Type.Ref('RoutingOffer')) });
export const OfferIdParams = Type.Object({ id: Uuid });
export const DeclineOfferBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });

export const RoutingLiveSchema = Type.Object(
  {
    now: DateTime,
    queues: Type.Array(
      Type.Object({
        id: Uuid,
        key: Type.String(),
        name: Type.String(),
        departmentId: Nullable(Uuid),
        mode: StringEnum(DISPATCH_MODES),
        strategy: StringEnum(ROUTING_STRATEGIES),
        waiting: Type.Integer({ description: 'Unfinished, unassigned cases in the queue' }),
        oldestWaitingSince: Nullable(DateTime),
        atSlaRisk: Type.Integer({ description: 'Waiting or assigned cases whose SLA is at risk or breached' }),
        assigned: Type.Integer(),
        agentsAvailable: Type.Integer(),
        agentsTotal: Type.Integer(),
      }),
    ),
    agents: Type.Array(
      Type.Object({
        userId: Uuid,
        displayName: Type.String(),
        departmentId: Nullable(Uuid),
        presence: StringEnum(PRESENCES),
        presenceChangedAt: DateTime,
        load: Type.Ref('RoutingLoad'),
        capacity: Type.Ref('RoutingCapacity'),
        queueIds: Type.Array(Uuid),
      }),
    ),
  },
  { $id: 'RoutingLive' },
);

/** Added to the app's shared schemas (and so the OpenAPI components). */
export const routingSchemas: TSchema[] = [
  QueueSchema,
  CapacitySchema,
  LoadSchema,
  RoutingProfileSchema,
  MyRoutingSchema,
  Conditions,
  Actions,
  RoutingRuleSchema,
  CandidateSchema,
  RoutingDecisionSchema,
  CaseRoutingSchema,
  RoutingTestResultSchema,
  BranchAreasSchema,
  TakeNextResultSchema,
  OfferSchema,
  RoutingLiveSchema,
];
