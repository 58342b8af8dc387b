import { Type, type Static, type TSchema } from '@sinclair/typebox';

// The definition's parts are checked as a whole by validate-definition.ts (so a 400 names the exact
// field: `trigger.caseTypes[0]`, `actions[1].assignee.userId`); here they are JSON objects.
const Json = Type.Object({}, { additionalProperties: true });

export const RuleKey = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', description: 'Stable key: lower-case letters, digits and -' });
export const RuleKeyParams = Type.Object({ key: RuleKey });

export const definitionProperties = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  trigger: Type.Unsafe<Record<string, unknown>>({ ...Json, description: '{ kind: case-event | record-event | event | date | schedule, … } (docs/automation)' }),
  condition: Type.Optional(Type.Unsafe<Record<string, unknown>>({ ...Json, description: '{ kind: always } | { kind: feel, expression } | { kind: dmn, decisionKey }' })),
  actions: Type.Array(
    Type.Unsafe<Record<string, unknown>>({ ...Json, description: '{ type: create-case | create-task | set-fields | assign | route | notify | start-process | add-tag | call-connector, … }' }),
    {
      maxItems: 20,
    },
  ),
  loopLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'How often the rule may run again on one subject in one chain of rule-caused changes. @default 3' })),
  departmentIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200, description: 'Departments it acts in (and below); empty: all' })),
  ownerId: Type.Optional(Type.String({ format: 'uuid', description: 'Whom the rule acts for (its policy bounds every action); the creator by default' })),
};

export const CreateRuleBody = Type.Object({ key: RuleKey, ...definitionProperties }, { additionalProperties: false });
export type CreateRuleBody = Static<typeof CreateRuleBody>;
export const SaveRuleBody = Type.Object(definitionProperties, { additionalProperties: false });
export type SaveRuleBody = Static<typeof SaveRuleBody>;

export const EnableRuleBody = Type.Object(
  { departmentIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200, description: 'Departments it acts in (and below); empty: all; absent: as saved' })) },
  { additionalProperties: false },
);

export const RuleIfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'The rule’s version you read: "3"' })) });

export const AutomationRule = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    key: Type.String(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    ownerId: Type.String({ format: 'uuid' }),
    departmentIds: Type.Array(Type.String()),
    enabled: Type.Boolean(),
    triggerKind: Type.String(),
    trigger: Json,
    condition: Json,
    actions: Type.Array(Json),
    loopLimit: Type.Integer(),
    currentVersion: Type.Integer(),
    createdBy: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    enabledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    version: Type.Integer({ description: 'For If-Match' }),
  },
  { $id: 'AutomationRule' },
);

export const AutomationRuleList = Type.Object({ items: Type.Array(Type.Ref('AutomationRule')) }, { $id: 'AutomationRuleList' });

export const AutomationRuleVersionList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        version: Type.Integer(),
        name: Type.String(),
        trigger: Json,
        condition: Json,
        actions: Type.Array(Json),
        loopLimit: Type.Integer(),
        departmentIds: Type.Array(Type.String()),
        savedBy: Type.String(),
        savedAt: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  { $id: 'AutomationRuleVersionList' },
);

export const RuleListQuery = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  triggerKind: Type.Optional(Type.Union(['case-event', 'record-event', 'date', 'schedule', 'event'].map((k) => Type.Literal(k)))),
});

export const rulesSchemas: TSchema[] = [AutomationRule, AutomationRuleList, AutomationRuleVersionList];
