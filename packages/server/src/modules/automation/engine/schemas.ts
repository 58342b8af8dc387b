import { Type, type TSchema } from '@sinclair/typebox';
import { definitionProperties } from '../rules/schemas.ts';

const Json = Type.Object({}, { additionalProperties: true });
const Subject = Type.Object({ type: Type.Union([Type.Literal('case'), Type.Literal('record'), Type.Literal('none')]), id: Type.Union([Type.String(), Type.Null()]) });
const RunStatus = Type.Union([Type.Literal('succeeded'), Type.Literal('failed'), Type.Literal('skipped'), Type.Literal('loop-stopped')]);

export const AutomationRun = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    ruleId: Type.String({ format: 'uuid' }),
    ruleKey: Type.String(),
    ruleVersion: Type.Integer(),
    triggerKind: Type.String(),
    triggerDetail: Type.Union([Type.String(), Type.Null()]),
    subjectType: Type.String(),
    subjectId: Type.Union([Type.String(), Type.Null()]),
    occurrence: Type.Union([Type.String(), Type.Null()]),
    status: RunStatus,
    loopStopped: Type.Boolean({ description: 'True when loop protection stopped the rule: it ran on this subject more than its loop limit in one chain of rule-caused changes' }),
    detail: Type.Union([Type.String(), Type.Null()], { description: 'Why skipped, failed or stopped, in words' }),
    actions: Type.Array(
      Type.Object({
        index: Type.Integer(),
        type: Type.String(),
        status: Type.Union(['done', 'failed', 'refused', 'skipped'].map((s) => Type.Literal(s))),
        result: Type.Optional(Json),
        error: Type.Optional(Type.String()),
      }),
    ),
    depth: Type.Integer({ description: 'Position in a chain of rule-caused changes (0: started by a person, an event or a date)' }),
    startedAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'AutomationRun' },
);

export const AutomationRunPage = Type.Object(
  { items: Type.Array(Type.Ref('AutomationRun')), next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page (after=)' }) },
  { $id: 'AutomationRunPage' },
);

export const RunPageQuery = Type.Object({
  status: Type.Optional(RunStatus),
  after: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const SubjectRunsQuery = Type.Object({
  subjectId: Type.String({ format: 'uuid' }),
  subjectType: Type.Optional(Type.Union([Type.Literal('case'), Type.Literal('record')])),
  status: Type.Optional(RunStatus),
  after: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export const RunIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const DryRunBody = Type.Object(
  { day: Type.Optional(Type.String({ format: 'date', description: 'Date triggers: the day to find due records for; today by default' })) },
  { additionalProperties: false },
);

export const DryRunDefinitionBody = Type.Object(
  { ...definitionProperties, day: Type.Optional(Type.String({ format: 'date', description: 'Date triggers: the day to find due records for; today by default' })) },
  { additionalProperties: false },
);

export const AutomationDryRun = Type.Object(
  {
    ruleKey: Type.Union([Type.String(), Type.Null()]),
    evaluated: Type.Integer({ description: 'Subjects tried' }),
    subjects: Type.Array(
      Type.Object({
        subject: Subject,
        status: RunStatus,
        detail: Type.Union([Type.String(), Type.Null()]),
        actions: Type.Array(
          Type.Object(
            { index: Type.Integer(), type: Type.String(), status: Type.String(), error: Type.Optional(Type.String()), params: Json },
            { description: 'What the action would do, its parameters rendered as the owner reads the subject' },
          ),
        ),
      }),
    ),
    skipped: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() })),
    note: Type.Union([Type.String(), Type.Null()]),
    at: Type.String({ format: 'date-time' }),
  },
  { $id: 'AutomationDryRun' },
);

/** Schemas the engine part registers by $id (issue 21). */
export const engineSchemas: TSchema[] = [AutomationRun, AutomationRunPage, AutomationDryRun];
