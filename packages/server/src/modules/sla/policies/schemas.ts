/** Request and response schemas of /api/v1/sla/policies… and /api/v1/sla/packs… */
import { Type } from '@sinclair/typebox';
import { CASE_PRIORITIES } from '../../cases/index.ts';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { SLA_TARGET_KINDS } from '../model.ts';
import { SlaPolicyDefinitionSchema } from '../schemas.ts';
import { SLA_CONDITION_NAMES } from './conditions.ts';

const Instant = Type.String({ format: 'date-time' });
const PolicyKey = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const Definition = Type.Ref(SlaPolicyDefinitionSchema);

export const SlaPolicyViewSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    key: PolicyKey,
    name: Type.String(),
    position: Type.Integer({ description: '1 first: policies match in this order, the first that matches a case wins' }),
    enabled: Type.Boolean(),
    pack: Type.Union([Type.String(), Type.Null()], { description: 'The regulatory pack that created it' }),
    currentVersion: Type.Integer({ description: 'The latest version (it may take effect later: effectiveFrom)' }),
    effectiveFrom: Instant,
    definition: Definition,
    updatedAt: Instant,
  },
  { $id: 'SlaPolicy' },
);

export const SlaPolicyDetailSchema = Type.Object(
  {
    ...SlaPolicyViewSchema.properties,
    versions: Type.Array(
      Type.Object({
        version: Type.Integer(),
        effectiveFrom: Instant,
        reason: Type.Union([Type.String(), Type.Null()]),
        createdAt: Instant,
        createdByName: Type.Union([Type.String(), Type.Null()]),
      }),
      { description: 'Newest first' },
    ),
  },
  { $id: 'SlaPolicyDetail' },
);

export const SlaPolicyListSchema = Type.Object({ items: Type.Array(Type.Ref(SlaPolicyViewSchema)) });

export const CreateSlaPolicyBody = Type.Object(
  {
    key: PolicyKey,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    position: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: '1-based place in match order; absent: last' })),
    definition: Definition,
    effectiveFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Absent: now' })),
  },
  { additionalProperties: false },
);

export const SaveSlaPolicyBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    enabled: Type.Optional(Type.Boolean()),
    definition: Type.Optional(Definition),
    effectiveFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Absent: now; never earlier than now (running clocks keep their version)' })),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const ReorderSlaPoliciesBody = Type.Object(
  { keys: Type.Array(PolicyKey, { minItems: 0, maxItems: 10_000, description: 'Every policy key, first match first' }) },
  { additionalProperties: false },
);

export const SlaPolicyIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 63, description: 'Policy id (uuid) or key' }) });

export const MatchSlaPolicyBody = Type.Object(
  {
    caseId: Type.Optional(Type.String({ format: 'uuid' })),
    case: Type.Optional(
      Type.Object(
        {
          type: Type.String({ minLength: 1, maxLength: 63 }),
          channel: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
          priority: Type.Optional(StringEnum(CASE_PRIORITIES)),
          customerTier: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
          riskLevel: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
          tags: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 50 })),
          departmentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
          fields: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        },
        { additionalProperties: false },
      ),
    ),
    at: Type.Optional(Type.String({ format: 'date-time', description: 'Absent: now' })),
  },
  { additionalProperties: false, description: 'Either caseId (a case you may read) or case (described by hand)' },
);

const CalendarOfTarget = Type.Object({ key: Type.String(), name: Type.String(), version: Type.Integer() });

export const SlaPolicyMatchSchema = Type.Object(
  {
    policy: Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), key: Type.String(), name: Type.String(), version: Type.Integer() }), Type.Null()]),
    targets: Type.Array(
      Type.Object({
        key: Type.String(),
        kind: StringEnum(SLA_TARGET_KINDS),
        label: Type.Union([Type.String(), Type.Null()]),
        duration: Type.String({ description: 'For the case’s priority' }),
        budgetSeconds: Type.Integer(),
        calendar: CalendarOfTarget,
        startsAt: Type.Union([Instant, Type.Null()], { description: 'Null: starts later (next response: a customer’s reply; step: its task)' }),
        dueAt: Type.Union([Instant, Type.Null()]),
      }),
    ),
    evaluated: Type.Array(
      Type.Object({
        policyKey: Type.String(),
        policyName: Type.String(),
        matched: Type.Boolean(),
        failed: Type.Array(StringEnum([...SLA_CONDITION_NAMES, 'enabled', 'effectiveFrom'] as const)),
        error: Type.Optional(Type.String({ description: 'Why the FEEL expression could not decide' })),
      }),
      { description: 'Every policy in match order' },
    ),
  },
  { $id: 'SlaPolicyMatch' },
);

const Localized = Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() });

export const SlaPackSchema = Type.Object(
  {
    key: Type.String(),
    name: Localized,
    description: Localized,
    policies: Type.Array(Type.String(), { description: 'The keys of the policies it creates, in match order' }),
    applied: Type.Boolean({ description: 'Each of its policies exists' }),
  },
  { $id: 'SlaPack' },
);

export const SlaPackParams = Type.Object({ key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }) });

export const slaPolicySchemas = [SlaPolicyDefinitionSchema, SlaPolicyViewSchema, SlaPolicyDetailSchema, SlaPolicyMatchSchema, SlaPackSchema];
