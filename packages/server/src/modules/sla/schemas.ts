/**
 * TypeBox schemas of the SLA module's shared shapes (model.ts): the API validates calendars and
 * policies with them, and the console's typed client is generated from them.
 */
import { Type, type Static, type TOptional, type TSchema } from '@sinclair/typebox';
import { CASE_PRIORITIES } from '../cases/index.ts';
import { StringEnum } from '../../platform/http/string-enum.ts';
import { SLA_TARGET_KINDS, WEEKDAYS } from './model.ts';

const HHMM = '^(?:[01]\\d|2[0-3]):[0-5]\\d$|^24:00$';
export const TimeSpanSchema = Type.Object(
  {
    start: Type.String({ pattern: HHMM, description: 'Local time HH:MM' }),
    end: Type.String({ pattern: HHMM, description: 'Local time HH:MM, after start; 24:00 is midnight' }),
  },
  { additionalProperties: false },
);
const Spans = Type.Array(TimeSpanSchema, { maxItems: 12 });

export const CalendarDaySchema = Type.Object(
  {
    date: Type.String({ format: 'date', description: 'YYYY-MM-DD in the calendar’s time zone' }),
    kind: StringEnum(['holiday', 'workday'] as const, { description: 'holiday: no working time; workday: a make-up working day (调休) or other hours' }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    spans: Type.Optional(Spans),
    provisional: Type.Optional(
      Type.Boolean({
        description: 'A statutory holiday Docket added before the State Council published the year’s notice (no bridging or make-up days yet); replaced when the official schedule ships',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CalendarDefinitionSchema = Type.Object(
  {
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Asia/Shanghai; a branch calendar inherits its parent’s' })),
    alwaysOpen: Type.Optional(Type.Boolean({ description: '24×7: every second is working time' })),
    weekly: Type.Optional(
      Type.Object(Object.fromEntries(WEEKDAYS.map((d) => [d, Type.Optional(Spans)])) as Record<(typeof WEEKDAYS)[number], TOptional<typeof Spans>>, { additionalProperties: false }),
    ),
    days: Type.Optional(Type.Array(CalendarDaySchema, { maxItems: 5000 })),
  },
  { additionalProperties: false, $id: 'CalendarDefinition' },
);

const Duration = Type.String({ minLength: 2, maxLength: 40, description: 'ISO 8601 duration of business time: PT48H, PT30M, P3D (a day = 24 business hours)' });
const PriorityEnum = StringEnum(CASE_PRIORITIES);

export const SlaConditionsSchema = Type.Object(
  {
    caseTypes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 63 }), { maxItems: 100 })),
    channels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 100 })),
    priorities: Type.Optional(Type.Array(PriorityEnum, { maxItems: 4 })),
    customerTiers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 })),
    riskLevels: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 })),
    departmentIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200 })),
    expression: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4000, description: 'FEEL, true to match, over caseType, channel, priority, customerTier, riskLevel, tags, departmentId, fields' }),
    ),
  },
  { additionalProperties: false },
);

export const SlaLevelAtSchema = Type.Union([
  Type.Object({ kind: Type.Literal('share'), share: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('before-due'), duration: Duration }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('breach') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('after-due'), duration: Duration }, { additionalProperties: false }),
]);

export const SlaRecipientSchema = Type.Union([
  Type.Object({ kind: Type.Literal('assignee') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('supervisors') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('department-head') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('role'), role: Type.String({ minLength: 1, maxLength: 63 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('group'), group: Type.String({ minLength: 1, maxLength: 63 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('user'), userId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
]);

export const SlaActionSchema = Type.Union([
  Type.Object({ type: Type.Literal('notify'), recipients: Type.Array(SlaRecipientSchema, { minItems: 1, maxItems: 10 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('raise-priority'), to: Type.Optional(PriorityEnum) }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('transfer'),
      queue: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      departmentId: Type.Optional(Type.String({ format: 'uuid' })),
      unassign: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('route-to-reviewer'), reviewer: SlaRecipientSchema }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('start-process'), processKey: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('add-tag'), tag: Type.String({ minLength: 1, maxLength: 50 }) }, { additionalProperties: false }),
]);

export const SlaLevelSchema = Type.Object({ at: SlaLevelAtSchema, actions: Type.Array(SlaActionSchema, { maxItems: 10 }) }, { additionalProperties: false });

export const SlaTargetDefinitionSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
    kind: StringEnum(SLA_TARGET_KINDS),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    step: Type.Optional(Type.Object({ processKey: Type.String({ minLength: 1, maxLength: 200 }), elementId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })),
    duration: Duration,
    durationByPriority: Type.Optional(
      Type.Object(Object.fromEntries(CASE_PRIORITIES.map((p) => [p, Type.Optional(Duration)])) as Record<(typeof CASE_PRIORITIES)[number], TOptional<typeof Duration>>, {
        additionalProperties: false,
      }),
    ),
    calendar: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'Calendar key; absent: the case’s department calendar, else the default calendar' })),
    pauseStatuses: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20, description: 'Case statuses that stop the clock; absent: the statuses of category waiting' })),
    levels: Type.Array(SlaLevelSchema, { maxItems: 10 }),
  },
  { additionalProperties: false },
);

export const SlaPolicyDefinitionSchema = Type.Object(
  { conditions: SlaConditionsSchema, targets: Type.Array(SlaTargetDefinitionSchema, { minItems: 1, maxItems: 20 }) },
  { additionalProperties: false, $id: 'SlaPolicyDefinition' },
);

/** Static types of the schemas must stay the model's types. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const policyShapeMatches: Same<Static<typeof SlaTargetDefinitionSchema>['kind'], import('./model.ts').SlaTargetKind> = true;
void policyShapeMatches;

const Instant = Type.String({ format: 'date-time' });
const OrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** One clock as `GET /api/v1/cases/{id}/sla` shows it. */
export const SlaTargetViewSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    caseId: Type.String({ format: 'uuid' }),
    taskId: OrNull(Type.String({ format: 'uuid' })),
    taskName: OrNull(Type.String({ description: "A step clock's task name" })),
    key: Type.String(),
    kind: StringEnum(SLA_TARGET_KINDS),
    label: OrNull(Type.String()),
    attempt: Type.Integer({ description: '2 and up: the clock of a reopened case' }),
    state: StringEnum(['running', 'paused', 'met', 'canceled'] as const),
    risk: OrNull(StringEnum(['on-track', 'at-risk', 'breached', 'paused'] as const, { description: 'null once stopped' })),
    onTime: OrNull(Type.Boolean({ description: 'Met before its due time; null while open or when canceled' })),
    policy: OrNull(Type.Object({ id: Type.String({ format: 'uuid' }), key: Type.String(), name: Type.String(), version: Type.Integer() })),
    calendar: Type.Object({ id: Type.String({ format: 'uuid' }), key: Type.String(), name: Type.String(), version: Type.Integer() }),
    priority: StringEnum(CASE_PRIORITIES),
    startedAt: Instant,
    dueAt: OrNull(Instant),
    atRiskAt: OrNull(Instant),
    breachedAt: OrNull(Instant),
    stoppedAt: OrNull(Instant),
    budgetSeconds: Type.Integer({ description: 'Business seconds allowed' }),
    usedSeconds: Type.Integer({ description: 'Business seconds used so far (until stopped), pauses excluded' }),
    remainingSeconds: OrNull(Type.Integer({ description: 'Business seconds left (negative: overdue); null once stopped' })),
    pauseStatuses: Type.Array(Type.String()),
    levels: Type.Array(
      Type.Object({
        index: Type.Integer(),
        at: SlaLevelAtSchema,
        actions: Type.Array(Type.String({ description: 'Action types' })),
        fired: Type.Boolean(),
        fireAt: OrNull(Instant),
      }),
    ),
    override: OrNull(Type.Object({ dueAt: Instant, reason: Type.String(), by: Type.String({ format: 'uuid' }), byName: OrNull(Type.String()) })),
  },
  { $id: 'SlaTarget' },
);

/** `GET /api/v1/cases/{id}/sla`: the case's clocks, newest attempt first per key, and the server's now (the test clock's, when it runs) for countdowns. */
export const CaseSlaViewSchema = Type.Object({ items: Type.Array(Type.Ref(SlaTargetViewSchema)), now: Instant }, { $id: 'CaseSla' });
