import { type TSchema, Type } from '@sinclair/typebox';
import { AnalyticsFilterQuery } from '../filter.ts';
import { REPORT_CHARTS } from './report-definition.ts';
import { EXPORT_FORMATS, SCHEDULE_FREQUENCIES } from './report-schedule.ts';
import { DIMENSION_KINDS, MEASURE_UNITS, REPORT_SUBJECTS } from './subject-catalogue.ts';

const Uuid = Type.String({ format: 'uuid' });
const Key = Type.String({ minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9:_.-]+$', description: 'A dimension or measure key from GET /analytics/report-subjects' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const literalUnion = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const RoleKeys = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20, description: 'Roles whose holders may open and run it (with their own policy)' });

// A fresh object per use: the definition appears in request bodies and in responses.
const definitionSchema = () =>
  Type.Object(
    {
      subject: literalUnion(REPORT_SUBJECTS),
      groupBy: Type.Array(Key, { maxItems: 2, description: 'Zero to two dimensions (two: a Sankey or a grouped bar/line)' }),
      measures: Type.Array(Key, { minItems: 1, maxItems: 6 }),
      filter: Type.Optional(AnalyticsFilterQuery),
      periodDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 731, description: 'The last N local days ending today, instead of filter.from/to' })),
      conditions: Type.Optional(
        Type.Array(Type.Object({ dimension: Key, values: Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }), { maxItems: 10 }),
      ),
      chart: literalUnion(REPORT_CHARTS),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    },
    { additionalProperties: false },
  );

const scheduleSchema = () =>
  Type.Object(
    {
      frequency: literalUnion(SCHEDULE_FREQUENCIES),
      at: Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'Local time HH:MM' }),
      weekday: Type.Optional(Type.Integer({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday (weekly)' })),
      dayOfMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 28, description: 'Monthly' })),
      recipients: Type.Array(Type.String({ format: 'email', maxLength: 254 }), { minItems: 1, maxItems: 20 }),
      format: literalUnion(EXPORT_FORMATS),
    },
    { additionalProperties: false },
  );

const tileSchema = () =>
  Type.Object(
    {
      reportId: Uuid,
      x: Type.Integer({ minimum: 0, maximum: 11 }),
      y: Type.Integer({ minimum: 0, maximum: 200 }),
      w: Type.Integer({ minimum: 1, maximum: 12 }),
      h: Type.Integer({ minimum: 1, maximum: 12 }),
    },
    { additionalProperties: false },
  );

export const RunReportBody = Type.Object({ definition: definitionSchema() }, { additionalProperties: false });

export const ReportBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    definition: definitionSchema(),
    sharedWithRoles: Type.Optional(RoleKeys),
    schedule: Type.Optional(Nullable(scheduleSchema())),
  },
  { additionalProperties: false },
);

export const BoardBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), tiles: Type.Array(tileSchema(), { maxItems: 24 }), sharedWithRoles: Type.Optional(RoleKeys) },
  { additionalProperties: false },
);

export const ReportIdParams = Type.Object({ id: Uuid });
export const ExportQuery = Type.Object({ format: literalUnion(EXPORT_FORMATS) });
export const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

const ReportResult = Type.Object(
  {
    columns: Type.Array(Type.Object({ key: Type.String(), role: literalUnion(['dimension', 'measure']), unit: Type.Optional(Type.String()) })),
    rows: Type.Array(Type.Object({ keys: Type.Array(Nullable(Type.String())), labels: Type.Array(Nullable(Type.String())), values: Type.Array(Nullable(Type.Number())) })),
    total: Type.Array(Nullable(Type.Number())),
    truncated: Type.Boolean(),
    period: Type.Object({ from: Type.String(), to: Type.String() }),
  },
  { $id: 'AnalyticsReportResult' },
);

const ReportSubjects = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        key: literalUnion(REPORT_SUBJECTS),
        dimensions: Type.Array(
          Type.Object({
            key: Type.String(),
            kind: literalUnion(DIMENSION_KINDS),
            fieldKey: Type.Optional(Type.String()),
            label: Type.Optional(Type.String({ description: 'A case field’s label as its form names it' })),
            dataClass: Type.Optional(Nullable(Type.String())),
            caseTypes: Type.Optional(Type.Array(Type.String())),
            reportable: Type.Boolean({ description: 'Whether you may group and filter by it in clear' }),
            reason: Type.Optional(literalUnion(['masked', 'sealed'])),
          }),
        ),
        measures: Type.Array(Type.Object({ key: Type.String(), unit: literalUnion(MEASURE_UNITS), fieldKey: Type.Optional(Type.String()), reportable: Type.Boolean() })),
      }),
    ),
  },
  { $id: 'AnalyticsReportSubjects' },
);

const Report = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    description: Type.String(),
    definition: definitionSchema(),
    ownerId: Uuid,
    ownerName: Nullable(Type.String()),
    sharedWithRoles: Type.Array(Type.String()),
    schedule: Nullable(scheduleSchema()),
    /** Whether you may change it (owner or analytics:admin). */
    mayChange: Type.Boolean(),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'AnalyticsReport' },
);

const ReportList = Type.Object({ items: Type.Array(Type.Ref('AnalyticsReport')) }, { $id: 'AnalyticsReportList' });

const Board = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    tiles: Type.Array(tileSchema()),
    ownerId: Uuid,
    ownerName: Nullable(Type.String()),
    sharedWithRoles: Type.Array(Type.String()),
    mayChange: Type.Boolean(),
    version: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'AnalyticsBoard' },
);

const BoardList = Type.Object({ items: Type.Array(Type.Ref('AnalyticsBoard')) }, { $id: 'AnalyticsBoardList' });

/** The reports part's response schemas with $id, registered by the app (Type.Ref('…') in routes). */
export const reportSchemas: TSchema[] = [ReportResult, ReportSubjects, Report, ReportList, Board, BoardList];
