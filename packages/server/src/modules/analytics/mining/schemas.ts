import { type TSchema, Type } from '@sinclair/typebox';
import { AnalyticsFilterQuery } from '../filter.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Seconds = Nullable(Type.Number({ description: 'Seconds; null when nothing ended yet' }));
const ElementId = Type.String({ description: 'The BPMN element id of the step' });
const StepName = Nullable(Type.String({ description: 'The step’s name in the model' }));

export const MiningQuery = Type.Composite([
  Type.Object({
    processKey: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z_][A-Za-z0-9_.\\-]*$', description: 'The deployed process’s key (BPMN process id)' }),
    version: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Only this version’s instances, checked against its model; absent: every version, checked against the latest' }),
    ),
  }),
  AnalyticsFilterQuery,
]);

export const EventLogQuery = Type.Composite([
  Type.Object({ format: Type.Union([Type.Literal('xes'), Type.Literal('csv')], { description: 'xes: IEEE 1849-2016 XML; csv: one event a line with a header' }) }),
  MiningQuery,
]);

const MiningStep = Type.Object(
  {
    elementId: ElementId,
    name: StepName,
    inModel: Type.Boolean({ description: 'False for a step of another version than the model checked against' }),
    executions: Type.Integer(),
    instances: Type.Integer({ description: 'Instances that passed it at least once' }),
    durationP50: Seconds,
    durationP90: Seconds,
    waitP50: Seconds,
    waitP90: Seconds,
    workP50: Seconds,
    workP90: Seconds,
    bottleneck: Type.Boolean({ description: 'The step with the longest p90 duration' }),
  },
  { $id: 'AnalyticsMiningStep' },
);

const MiningMap = Type.Object(
  {
    nodes: Type.Array(
      Type.Object({
        id: Type.String({ description: 'A step’s element id, or __start__ / __end__' }),
        kind: Type.Union([Type.Literal('start'), Type.Literal('step'), Type.Literal('end')]),
        name: StepName,
        count: Type.Integer(),
        medianSeconds: Seconds,
      }),
    ),
    edges: Type.Array(
      Type.Object({
        from: Type.String(),
        to: Type.String(),
        count: Type.Integer(),
        medianSeconds: Seconds,
        inModel: Type.Boolean({ description: 'Whether the model’s sequence flows allow this succession' }),
      }),
    ),
  },
  { $id: 'AnalyticsMiningMap' },
);

const MiningVariant = Type.Object(
  {
    rank: Type.Integer(),
    steps: Type.Array(Type.String()),
    count: Type.Integer(),
    completed: Type.Integer(),
    share: Type.Number(),
    meanSeconds: Seconds,
    medianSeconds: Seconds,
    conforming: Type.Boolean(),
  },
  { $id: 'AnalyticsMiningVariant' },
);

const StepCount = Type.Object({ elementId: ElementId, name: StepName, instances: Type.Integer() });

export const ProcessMiningResult = Type.Object(
  {
    processKey: Type.String(),
    version: Nullable(Type.Integer()),
    modelVersion: Type.Integer({ description: 'The deployed version whose model conformance is checked against' }),
    name: Nullable(Type.String()),
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    instances: Type.Object({ total: Type.Integer(), completed: Type.Integer(), active: Type.Integer(), terminated: Type.Integer() }),
    steps: Type.Array(Type.Ref('AnalyticsMiningStep')),
    map: Type.Ref('AnalyticsMiningMap'),
    variants: Type.Array(Type.Ref('AnalyticsMiningVariant')),
    variantCount: Type.Integer(),
    handoffs: Type.Array(
      Type.Object({
        fromDepartmentId: Nullable(Type.String()),
        fromDepartmentName: Nullable(Type.String()),
        toDepartmentId: Nullable(Type.String()),
        toDepartmentName: Nullable(Type.String()),
        count: Type.Integer(),
      }),
    ),
    rework: Type.Object({
      returns: Type.Integer(),
      withdrawals: Type.Integer(),
      returnsByStep: Type.Array(Type.Object({ elementId: Nullable(Type.String()), name: StepName, count: Type.Integer() })),
      repeatedSteps: Type.Array(Type.Object({ elementId: ElementId, name: StepName, instances: Type.Integer(), extraExecutions: Type.Integer() })),
      reopenedCases: Type.Integer(),
      reopenings: Type.Integer(),
    }),
    conformance: Type.Object({
      checkedInstances: Type.Integer(),
      conformingInstances: Type.Integer(),
      uncheckedInstances: Type.Integer({ description: 'Instances of rare variants beyond the checked ones' }),
      skippedSteps: Type.Array(StepCount),
      repeatedSteps: Type.Array(StepCount),
      disallowedTransitions: Type.Array(
        Type.Object({
          from: Nullable(Type.String({ description: 'null: the instance began with `to`' })),
          to: Nullable(Type.String({ description: 'null: the instance ended after `from`' })),
          instances: Type.Integer(),
        }),
      ),
    }),
  },
  { $id: 'AnalyticsProcessMining' },
);

export const MinedProcessList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        key: Type.String(),
        name: Nullable(Type.String({ description: 'The latest version’s name' })),
        versions: Type.Array(Type.Integer(), { description: 'Deployed versions, newest first' }),
      }),
    ),
  },
  { $id: 'AnalyticsMinedProcessList' },
);

/** The mining part's response schemas with $id, registered by the app (Type.Ref('…') in routes). */
export const miningSchemas: TSchema[] = [MiningStep, MiningMap, MiningVariant, ProcessMiningResult, MinedProcessList];
