import { Type } from '@sinclair/typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const FieldChangeView = Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() });

export const AuditEventView = Type.Object(
  {
    id: Type.Integer(),
    occurredAt: Type.String({ format: 'date-time' }),
    actorId: Nullable(Type.String()),
    actorName: Nullable(Type.String()),
    actorDisplayName: Type.Optional(Nullable(Type.String({ description: "The actor's display name today (case history only)" }))),
    onBehalfOf: Nullable(Type.String()),
    action: Type.String({ examples: ['case.created', 'case.status-changed'] }),
    targetType: Type.String(),
    targetId: Type.String(),
    caseId: Nullable(Type.String()),
    changes: Type.Array(FieldChangeView),
    reason: Nullable(Type.String()),
    requestId: Nullable(Type.String()),
    clientIp: Nullable(Type.String()),
    channel: Nullable(Type.String()),
    data: Type.Unknown(),
  },
  { $id: 'AuditEvent' },
);

export const CaseHistoryView = Type.Object({ items: Type.Array(Type.Ref('AuditEvent')) }, { $id: 'CaseHistory' });

export const CaseTimelineView = Type.Object(
  {
    caseId: Type.String({ format: 'uuid' }),
    number: Type.String({ examples: ['CMP-2026-000123'] }),
    entries: Type.Array(
      Type.Object({
        eventId: Type.Integer(),
        at: Type.String({ format: 'date-time' }),
        action: Type.String(),
        handler: Type.Object({
          id: Nullable(Type.String()),
          name: Nullable(Type.String()),
          onBehalfOf: Nullable(Type.String()),
          departmentId: Nullable(Type.String()),
        }),
        decision: Nullable(Type.String()),
        basis: Nullable(Type.String({ description: 'The stated reason or decision basis' })),
        changes: Type.Array(FieldChangeView),
        channel: Nullable(Type.String()),
        waitingMs: Type.Integer({ minimum: 0, description: 'Time since the previous entry: how long the case waited for this step' }),
      }),
    ),
    phases: Type.Array(
      Type.Object({
        status: Type.String(),
        startedAt: Type.String({ format: 'date-time' }),
        endedAt: Nullable(Type.String({ format: 'date-time' })),
        durationMs: Type.Integer({ minimum: 0 }),
        enteredBy: Nullable(Type.String()),
      }),
    ),
    openedAt: Nullable(Type.String({ format: 'date-time' })),
    elapsedMs: Type.Integer({ minimum: 0 }),
    // Not Type.Null: openapi-fetch's response types drop a property whose only type is null.
    sla: Type.Unknown({ description: 'Reserved for the SLA status of each step (issue 4); null until then' }),
  },
  { $id: 'CaseTimeline' },
);

const Hex32 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** The shape `docket-verify` checks (packages/verify/src/bundle.ts); the verifier, not this schema, is the authority. */
export const EvidenceBundleView = Type.Object(
  {
    format: Type.Literal('docket.audit.evidence/v1'),
    caseId: Type.String({ format: 'uuid' }),
    publicKey: Type.String({ description: 'PEM SubjectPublicKeyInfo of the key that signed treeHead' }),
    treeHead: Type.Ref('SignedTreeHead'),
    events: Type.Array(
      Type.Object({
        leafIndex: Type.Integer({ minimum: 0 }),
        event: Type.Unknown({ description: 'The event document; a withheld value is shown as null' }),
        disclosure: Type.Object({
          salts: Type.Record(Type.String(), Hex32, { description: 'Salt per shown unit, by JSON pointer' }),
          withheld: Type.Record(Type.String(), Hex32, { description: 'Digest per withheld unit, by JSON pointer' }),
        }),
        inclusionProof: Type.Array(Hex32, { description: 'RFC 9162 §2.1.3.1 order, nearest the leaf first' }),
      }),
    ),
  },
  { $id: 'EvidenceBundle' },
);

export const caseHistorySchemas = [AuditEventView, CaseHistoryView, CaseTimelineView, EvidenceBundleView];
