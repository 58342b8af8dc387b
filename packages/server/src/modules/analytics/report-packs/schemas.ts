import { type TSchema, Type } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { QUARTER_PATTERN } from './period.ts';

const Uuid = Type.String({ format: 'uuid' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Instant = Type.String({ format: 'date-time' });

export const GenerateReportPackBody = Type.Object(
  {
    kind: StringEnum(['complaints-quarterly'] as const, {
      description: 'complaints-quarterly: the quarterly consumer complaint statistics (受理, 办结, 按时办结 …) by category, product, channel, province and outcome',
    }),
    period: Type.String({ pattern: QUARTER_PATTERN, description: 'The quarter, e.g. 2026-Q3' }),
    departmentId: Type.Optional(Uuid),
    asOf: Type.Optional(Type.String({ format: 'date-time', description: 'Only facts at or before this instant count; default now. Recorded, so a reproduction counts the same' })),
  },
  { additionalProperties: false },
);

export const ReportPackParams = Type.Object({ id: Uuid });
export const ReportPackFileParams = Type.Object({ id: Uuid, file: StringEnum(['xlsx', 'pdf', 'manifest'] as const) });
export const ReportPackListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) });

const PackFileView = Type.Object({ file: StringEnum(['xlsx', 'pdf', 'manifest'] as const), sha256: Sha256 });

export const AnalyticsReportPack = Type.Object(
  {
    id: Uuid,
    kind: Type.String(),
    period: Type.String(),
    departmentId: Type.Union([Uuid, Type.Null()]),
    asOf: Instant,
    generatorVersion: Type.String(),
    generatedBy: Uuid,
    generatedAt: Instant,
    files: Type.Array(PackFileView),
    keyId: Type.String({ description: 'sha256 of the signing public key (SPKI DER): the audit ledger’s key id unless the ledger signs externally' }),
    signature: StringEnum(['valid', 'invalid', 'unknown-key'] as const, { description: 'The manifest’s signature checked against this server’s pack signing key now' }),
    lastReproducedAt: Type.Union([Instant, Type.Null()]),
    lastReproductionMatched: Type.Union([Type.Boolean(), Type.Null()]),
  },
  { $id: 'AnalyticsReportPack' },
);

export const AnalyticsReportPackList = Type.Object({ items: Type.Array(Type.Ref('AnalyticsReportPack')) }, { $id: 'AnalyticsReportPackList' });

export const AnalyticsReportPackReproduction = Type.Object(
  {
    matched: Type.Boolean({ description: 'Every file came out byte for byte as recorded' }),
    generatorVersionDiffers: Type.Boolean({ description: 'The generator (or a library it uses) is not the one that made the pack: a difference is then expected' }),
    signingKeyDiffers: Type.Boolean({ description: 'The pack signing key was rotated since: the manifest (not the XLSX and PDF) is then expected to differ' }),
    files: Type.Array(Type.Object({ file: StringEnum(['xlsx', 'pdf', 'manifest'] as const), recordedSha256: Sha256, reproducedSha256: Sha256, matched: Type.Boolean() })),
  },
  { $id: 'AnalyticsReportPackReproduction' },
);

/** The report-packs part's response schemas with $id, registered by the app (Type.Ref('…') in routes). */
export const reportPackSchemas: TSchema[] = [AnalyticsReportPack, AnalyticsReportPackList, AnalyticsReportPackReproduction];
