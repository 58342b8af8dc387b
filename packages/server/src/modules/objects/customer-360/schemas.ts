import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { TIMELINE_ITEM_TYPES } from './timeline-store.ts';

// The customer 360° view (issue 21): GET /customers/{id}, its timeline, and the case's customer
// panel. Every section carries `restricted`: true when the reader may not see that kind of thing
// at all (the page still answers), false with what the reader may see.

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Localised = Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() });
const DateTime = Type.String({ format: 'date-time' });

/** A record as presentRecord shows it to the reader (masked per field); the records API's view. */
const PresentedRecord = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    number: Type.String({ examples: ['CUS-000123'] }),
    type: Type.String({ description: 'The object type key' }),
    displayName: Type.String({ description: 'Masked like its field when the display field has a data class' }),
    fields: Type.Record(Type.String(), Type.Unknown(), { description: 'Values as the reader may see them: masked, or absent when hidden' }),
    tags: Type.Array(Type.String()),
  },
  { additionalProperties: true },
);

const RelatedGroup = Type.Object({
  relationKey: Type.String(),
  direction: StringEnum(['outgoing', 'incoming'] as const),
  name: Localised,
  type: Type.Object({ key: Type.String(), name: Localised }),
  restricted: Type.Boolean({ description: 'The reader may read no record of this type' }),
  total: Type.Integer({ description: 'Linked records the reader may read' }),
  items: Type.Array(
    Type.Intersect([
      PresentedRecord,
      Type.Object({
        references: Type.Array(Type.Object({ field: Type.String(), record: PresentedRecord }), { description: 'Records its reference fields point to (a holding’s product), one level' }),
      }),
    ]),
  ),
});

const CaseSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  title: Nullable(Type.String({ description: 'As the case view shows it (personal data masked)' })),
  typeKey: Type.String(),
  status: Type.String(),
  statusCategory: Type.String(),
  priority: Type.String(),
  channel: Nullable(Type.String()),
  createdAt: DateTime,
  closedAt: Nullable(DateTime),
});

const CaseSection = Type.Union([
  Type.Object({ restricted: Type.Literal(true) }),
  Type.Object({
    restricted: Type.Literal(false),
    open: Type.Object({ count: Type.Integer(), items: Type.Array(CaseSummary) }),
    past: Type.Object({ count: Type.Integer(), items: Type.Array(CaseSummary) }),
  }),
]);

const TaskSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Nullable(Type.String()),
  kind: Type.String(),
  state: Type.String(),
  caseId: Nullable(Type.String({ format: 'uuid' })),
  caseNumber: Nullable(Type.String()),
  assignee: Nullable(Type.String()),
  dueAt: Nullable(DateTime),
  createdAt: DateTime,
  completedAt: Nullable(DateTime),
  system: Nullable(Type.String({ description: "'automation' for a rule's follow-up task" })),
  link: Nullable(Type.String()),
});

const SlaSection = Type.Union([
  Type.Object({ restricted: Type.Literal(true) }),
  Type.Object({
    restricted: Type.Literal(false),
    metOnTime: Type.Integer(),
    breached: Type.Integer({ description: 'Met late, or running past due' }),
    running: Type.Integer({ description: 'Running or paused, not yet breached' }),
    total: Type.Integer(),
  }),
]);

const FollowUp = Type.Object({
  id: Type.String({ format: 'uuid' }),
  ruleKey: Type.String(),
  ruleName: Type.String(),
  status: StringEnum(['succeeded', 'failed', 'skipped', 'loop-stopped'] as const),
  triggerKind: Type.String(),
  triggerDetail: Nullable(Type.String()),
  startedAt: DateTime,
  actions: Type.Array(Type.Object({ type: Type.String(), status: Type.String() })),
});

const ProfileField = Type.Object({
  key: Type.String(),
  type: Type.String(),
  label: Localised,
  value: Type.Unknown({ description: 'As the reader may see it (masked for a data class the reader may not read in clear)' }),
  valueLabels: Type.Optional(Type.Array(Localised, { description: 'select / multi-select: the labels of the value' })),
});

const Tier = Nullable(Type.Object({ value: Type.String(), label: Nullable(Localised) }, { description: 'The tier field (tier, level or segment) as the reader sees it' }));

const CustomerTypeRef = Type.Object({ key: Type.String(), name: Localised });

export const Customer360View = Type.Object(
  {
    customer: PresentedRecord,
    type: CustomerTypeRef,
    profile: Type.Array(ProfileField, { description: 'The fields the reader may see, labelled, in the type’s order' }),
    tier: Tier,
    tags: Type.Array(Type.String({ examples: ['elderly', 'foreign'] })),
    related: Type.Array(RelatedGroup),
    cases: CaseSection,
    tasks: Type.Object({ restricted: Type.Boolean(), open: Type.Integer(), total: Type.Integer(), items: Type.Array(TaskSummary) }),
    sla: SlaSection,
    followUps: Type.Object({
      restricted: Type.Boolean(),
      total: Type.Integer(),
      canOpenRules: Type.Boolean({ description: 'The reader may open the rules (automation:read)' }),
      items: Type.Array(FollowUp),
    }),
  },
  { $id: 'Customer360' },
);

export const CustomerTimelineView = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        id: Type.String({ description: 'Unique within the timeline' }),
        type: StringEnum(TIMELINE_ITEM_TYPES),
        at: DateTime,
        caseId: Nullable(Type.String({ format: 'uuid' })),
        caseNumber: Nullable(Type.String()),
        caseTitle: Nullable(Type.String()),
        title: Type.Record(Type.String(), Type.Unknown(), {
          description: 'Title parts by type: status from/to, task name, rule key/name/status, audit action and changed field keys (never values), SLA target key',
        }),
        link: Nullable(Type.Object({ kind: StringEnum(['case', 'task', 'rule', 'record'] as const), id: Type.String() })),
      }),
    ),
    nextCursor: Nullable(Type.String()),
  },
  { $id: 'CustomerTimeline' },
);

export const CaseCustomerPanelView = Type.Object(
  {
    hasCustomer: Type.Boolean({ description: "Whether a customer record belongs to the case (the case's customer.id is its external id, or it is linked); false: everything below is empty" }),
    restricted: Type.Boolean({ description: 'The case has a customer record the reader may not read: nothing of it is shown' }),
    caseId: Type.String({ format: 'uuid' }),
    customer: Nullable(PresentedRecord),
    type: Type.Optional(CustomerTypeRef),
    tier: Tier,
    tags: Type.Array(Type.String()),
    cases: CaseSection,
    related: Type.Array(RelatedGroup, { description: 'Accounts, holdings (with their products)…, a few each' }),
  },
  { $id: 'CaseCustomerPanel' },
);

export const CustomerIdParams = Type.Object({ recordId: Type.String({ format: 'uuid' }) });
export const CaseIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const TimelineQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

/** Schemas the customer-360 part registers by $id (issue 21). */
export const customer360Schemas: TSchema[] = [Customer360View, CustomerTimelineView, CaseCustomerPanelView];
