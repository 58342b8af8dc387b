import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../platform/http/string-enum.ts';

// TypeBox schemas of the process endpoints: validation, TypeScript types and OpenAPI from one source.

export const ProcessKeyParam = Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z_][A-Za-z0-9_.\\-]*$', description: 'The BPMN process id' });
export const UuidParam = Type.String({ format: 'uuid' });
export const Variables = Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Type.Unknown(), { description: 'Variables: name → any JSON value', maxProperties: 500 });
const InstanceStateSchema = StringEnum(['active', 'completed', 'terminated', 'incident'] as const, { description: 'active | completed | terminated | incident' });

const ModelProblemView = Type.Object(
  { elementId: Type.Union([Type.String(), Type.Null()]), code: Type.String(), message: Type.String() },
  { $id: 'ProcessModelProblem', description: 'A problem or warning of a BPMN file, with the element it is about (null: the file)' },
);

export const DeployBody = Type.Union(
  [Type.String({ minLength: 1, description: 'BPMN 2.0 XML (Content-Type: application/xml or text/xml)' }), Type.Object({ xml: Type.String({ minLength: 1 }) }, { additionalProperties: false })],
  {
    description: 'The BPMN file as XML, or JSON { "xml": … }',
  },
);

export const DeployResultView = Type.Object(
  {
    processes: Type.Array(
      Type.Object({
        key: Type.String(),
        version: Type.Integer(),
        id: Type.String({ format: 'uuid' }),
        duplicate: Type.Boolean({ description: 'True: the process equals its latest version, which is answered; nothing new was deployed' }),
      }),
    ),
    warnings: Type.Array(Type.Ref('ProcessModelProblem')),
    deploymentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null when every process was a duplicate' }),
  },
  { $id: 'ProcessDeployment' },
);

const DefinitionVersionView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  key: Type.String(),
  version: Type.Integer(),
  name: Type.Union([Type.String(), Type.Null()]),
  deploymentId: Type.String({ format: 'uuid' }),
  deployedAt: Type.String({ format: 'date-time' }),
  warnings: Type.Array(Type.Ref('ProcessModelProblem')),
});

export const ProcessSummaryView = Type.Object(
  { ...DefinitionVersionView.properties, versionCount: Type.Integer({ description: 'How many versions of this key are deployed' }) },
  { $id: 'ProcessSummary', description: 'The latest version of a process key' },
);

export const ProcessDetailView = Type.Object(
  {
    key: Type.String(),
    version: Type.Integer({ description: 'The version whose XML is shown' }),
    xml: Type.String({ description: 'The BPMN file this version was deployed with' }),
    versions: Type.Array(DefinitionVersionView, { description: 'Every version, newest first' }),
  },
  { $id: 'ProcessDetail' },
);

export const StartInstanceBody = Type.Object(
  {
    processKey: ProcessKeyParam,
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Default: the latest version' })),
    variables: Type.Optional(Variables),
    caseId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'The case the instance works on; the starter must be able to read it' })),
    businessKey: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const IdView = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const InstanceView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    processKey: Type.String(),
    version: Type.Integer(),
    state: InstanceStateSchema,
    variables: Variables,
    businessKey: Type.Union([Type.String(), Type.Null()]),
    activeElements: Type.Array(Type.Object({ elementId: Type.String(), elementType: Type.String() }), { description: 'One entry per active element instance' }),
    waitingEvents: Type.Array(
      Type.Object({
        elementId: Type.String(),
        kind: StringEnum(['timer', 'message', 'signal'] as const),
        dueAt: Type.Optional(Type.String({ format: 'date-time' })),
        name: Type.Optional(Type.String()),
      }),
    ),
    incidents: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), elementId: Type.String(), kind: Type.String(), message: Type.String(), createdAt: Type.String({ format: 'date-time' }) })),
    parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    childIds: Type.Array(Type.String({ format: 'uuid' })),
    caseId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    startedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ProcessInstance' },
);

export const InstanceSummaryView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    processKey: Type.String(),
    version: Type.Integer(),
    state: InstanceStateSchema,
    caseId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    businessKey: Type.Union([Type.String(), Type.Null()]),
    parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    startedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ProcessInstanceSummary' },
);

export const ListInstancesQuery = Type.Object(
  {
    caseId: Type.Optional(Type.String({ format: 'uuid' })),
    processKey: Type.Optional(ProcessKeyParam),
    state: Type.Optional(InstanceStateSchema),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const HistoryView = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        elementInstanceId: Type.String({ format: 'uuid' }),
        elementId: Type.String(),
        elementType: Type.String(),
        startedAt: Type.String({ format: 'date-time' }),
        endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
        outcome: Type.Union([Type.String(), Type.Null()], { description: 'completed, canceled, terminated or a task outcome; null while active' }),
      }),
    ),
  },
  { $id: 'ProcessInstanceHistory' },
);

export const CaseHistoryView = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        instanceId: Type.String({ format: 'uuid' }),
        elementInstanceId: Type.String({ format: 'uuid' }),
        elementId: Type.String(),
        elementType: Type.String(),
        startedAt: Type.String({ format: 'date-time' }),
        endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
        outcome: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  },
  { $id: 'CaseProcessHistory' },
);

export const SetVariablesBody = Type.Object({ variables: Variables }, { additionalProperties: false });
export const MigrateBody = Type.Object(
  {
    targetVersion: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    mapping: Type.Record(Type.String({ minLength: 1, maxLength: 255 }), Type.String({ minLength: 1, maxLength: 255 }), {
      description: 'Active element id → element id of the target version',
      maxProperties: 1000,
    }),
  },
  { additionalProperties: false },
);
export const TerminateBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

export const MessageBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    correlationKey: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Null()])),
    processInstanceId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    variables: Type.Optional(Variables),
  },
  { additionalProperties: false },
);
export const MessageResultView = Type.Object({
  instanceIds: Type.Array(Type.String({ format: 'uuid' })),
  started: Type.Boolean({ description: 'True when the message started a new instance' }),
});
export const SignalBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 255 }), variables: Type.Optional(Variables) }, { additionalProperties: false });
export const SignalResultView = Type.Object({ instanceIds: Type.Array(Type.String({ format: 'uuid' })) });

export const processSchemas = [ModelProblemView, DeployResultView, ProcessSummaryView, ProcessDetailView, InstanceView, InstanceSummaryView, HistoryView, CaseHistoryView];
