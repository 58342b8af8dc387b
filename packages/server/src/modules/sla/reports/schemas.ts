import { Type, type TSchema } from '@sinclair/typebox';
import { CASE_PRIORITIES } from '../../cases/index.ts';
import { StringEnum } from '../../../platform/http/string-enum.ts';

const OrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const SLA_RISKS = ['on-track', 'at-risk', 'breached', 'paused'] as const;
export type SlaRisk = (typeof SLA_RISKS)[number];

export const REPORT_GROUPINGS = ['caseType', 'department', 'queue'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export const BoardQuery = Type.Object(
  {
    departmentId: Type.Optional(Type.String({ format: 'uuid' })),
    queue: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    caseType: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
    risk: Type.Optional(Type.String({ maxLength: 100, description: 'Comma-separated SLA states of the cases listed: on-track, at-risk, breached, paused (default: all)' })),
  },
  { additionalProperties: false },
);

const BoardCase = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String(),
  title: Type.String({ description: 'As the case list shows it (personal data masked)' }),
  type: Type.String(),
  priority: StringEnum(CASE_PRIORITIES),
  status: Type.String(),
  assigneeId: OrNull(Type.String({ format: 'uuid' })),
  assigneeName: OrNull(Type.String()),
  dueAt: OrNull(Instant),
  slaState: StringEnum(SLA_RISKS),
  version: Type.Integer({ description: 'For If-Match on PATCH /cases/{id} (one-click reassign)' }),
  canAssign: Type.Boolean({ description: "Whether I may assign it to anyone: the case view's allowed.assign" }),
});

export const SlaBoardView = Type.Object(
  {
    now: Type.String({ format: 'date-time', description: "The server's now (the test clock's when it runs), for countdowns" }),
    groups: Type.Array(
      Type.Object({
        departmentId: OrNull(Type.String({ format: 'uuid' })),
        departmentName: OrNull(Type.String()),
        queue: OrNull(Type.String()),
        counts: Type.Object(
          { onTrack: Type.Integer(), atRisk: Type.Integer(), breached: Type.Integer(), paused: Type.Integer() },
          { description: 'All unfinished cases of the group with an SLA state, whatever the risk filter' },
        ),
        cases: Type.Array(BoardCase, { description: 'At most 50, soonest due first, of the risks asked for' }),
      }),
    ),
  },
  { $id: 'SlaBoard' },
);

export const ReportQuery = Type.Object(
  {
    groupBy: Type.Optional(Type.String({ maxLength: 20, description: 'caseType (default), department or queue' })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339 instant with offset; default: 30 days before to' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339 instant with offset, exclusive; default: now' })),
    caseType: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
    departmentId: Type.Optional(Type.String({ format: 'uuid' })),
    queue: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    format: Type.Optional(Type.String({ maxLength: 10, description: 'json (default) or csv: the same figures as a CSV download (figures and labels only)' })),
  },
  { additionalProperties: false },
);

const figures = {
  closed: Type.Integer({ description: 'Resolution clocks met in the period' }),
  closedOnTime: Type.Integer({ description: '… of them never breached' }),
  onTimeClosureRate: OrNull(Type.Number({ minimum: 0, maximum: 1, description: 'closedOnTime / closed; null when nothing closed' })),
  responded: Type.Integer({ description: 'First-response clocks met in the period' }),
  respondedOnTime: Type.Integer(),
  firstResponseRate: OrNull(Type.Number({ minimum: 0, maximum: 1, description: 'respondedOnTime / responded; null when nothing responded' })),
  breaches: Type.Integer({ description: 'Clocks (any kind) breached in the period' }),
  avgResolutionSeconds: OrNull(Type.Integer({ description: 'Business seconds' })),
  p90ResolutionSeconds: OrNull(Type.Integer({ description: 'Business seconds' })),
  avgFirstResponseSeconds: OrNull(Type.Integer({ description: 'Business seconds' })),
  p90FirstResponseSeconds: OrNull(Type.Integer({ description: 'Business seconds' })),
};

export const SlaReportView = Type.Object(
  {
    from: Instant,
    to: Instant,
    groupBy: StringEnum(REPORT_GROUPINGS),
    rows: Type.Array(
      Type.Object({
        key: OrNull(Type.String({ description: 'Case type key, department id or queue; null: cases without a department or queue' })),
        label: OrNull(Type.String({ description: 'Case type or department name, the queue; null with key null' })),
        ...figures,
      }),
    ),
    totals: Type.Object(figures),
  },
  { $id: 'SlaReport' },
);

/** Registered with the app's shared schemas (OpenAPI components) through slaSchemas. */
export const slaReportSchemas = [SlaBoardView, SlaReportView];
