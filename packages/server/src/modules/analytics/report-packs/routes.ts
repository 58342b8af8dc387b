import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { assertAllowed } from '../../access/index.ts';
import { analyticsProblems } from '../problems.ts';
import { generateReportPack, readerFingerprint, reproduceReportPack } from './generate-pack.ts';
import { isManifestSignatureValid, type SignedManifest } from './manifest.ts';
import { loadPackSigningKey } from './pack-signing-key.ts';
import { findReportPack, findReportPackFile, listReportPacks, type ReportPackSummary } from './pack-store.ts';
import { GenerateReportPackBody, ReportPackFileParams, ReportPackListQuery, ReportPackParams } from './schemas.ts';

const tags = ['Analytics: report packs'];
const MEDIA_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  manifest: 'application/json; charset=utf-8',
} as const;

/** The regulator's report packs (issue 20, part E); registered under /api/v1 by ../routes.ts. */
export const reportPackRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const signingConfig = deps.config;

  async function signatureStatus(ctx: CommandContext, pack: ReportPackSummary): Promise<'valid' | 'invalid' | 'unknown-key'> {
    const key = loadPackSigningKey(signingConfig);
    if (pack.key_id !== key.keyId) return 'unknown-key';
    const manifest = await findReportPackFile(ctx.tx, pack.id, 'manifest');
    try {
      return manifest && isManifestSignatureValid(JSON.parse(manifest.toString('utf8')) as SignedManifest, key.publicKeyPem) ? 'valid' : 'invalid';
    } catch {
      return 'invalid';
    }
  }

  async function present(ctx: CommandContext, pack: ReportPackSummary) {
    return {
      id: pack.id,
      kind: pack.kind,
      period: pack.period,
      departmentId: pack.department_id,
      asOf: pack.as_of.toISOString(),
      generatorVersion: pack.generator_version,
      generatedBy: pack.generated_by,
      generatedAt: pack.generated_at.toISOString(),
      files: [
        { file: 'xlsx' as const, sha256: pack.xlsx_sha256 },
        { file: 'pdf' as const, sha256: pack.pdf_sha256 },
        { file: 'manifest' as const, sha256: pack.manifest_sha256 },
      ],
      keyId: pack.key_id,
      signature: await signatureStatus(ctx, pack),
      lastReproducedAt: pack.last_reproduced_at?.toISOString() ?? null,
      lastReproductionMatched: pack.last_reproduction_matched,
    };
  }

  // A pack is visible to who generated it and to readers under the very same record policy; to
  // anyone else it does not exist (its figures count cases they may not read).
  async function findVisiblePackOrThrow(ctx: CommandContext, id: string): Promise<ReportPackSummary> {
    assertAllowed(ctx.actor, 'analytics:report-pack');
    const pack = await findReportPack(ctx.tx, id);
    if (!pack || (pack.generated_by !== ctx.actor.userId && pack.policy_fingerprint !== (await readerFingerprint(ctx)))) {
      throw analyticsProblems.reportPackNotFound({ detail: `No report pack ${id}` });
    }
    return pack;
  }

  app.post(
    '/analytics/report-packs',
    {
      schema: {
        tags,
        summary: 'Generate a regulator report pack: XLSX and PDF, a signed manifest, recorded in the audit ledger (analytics:report-pack)',
        body: GenerateReportPackBody,
        response: { 201: Type.Ref('AnalyticsReportPack') },
      },
    },
    async (request, reply) => {
      const view = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => present(ctx, await generateReportPack(ctx, request.body, signingConfig)));
      return reply.code(201).header('location', `/api/v1/analytics/report-packs/${view.id}`).send(view);
    },
  );

  app.get(
    '/analytics/report-packs',
    {
      schema: {
        tags,
        summary: 'Report packs the reader generated or could have generated, newest first (analytics:report-pack)',
        querystring: ReportPackListQuery,
        response: { 200: Type.Ref('AnalyticsReportPackList') },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        assertAllowed(ctx.actor, 'analytics:report-pack');
        const packs = await listReportPacks(ctx.tx, { userId: ctx.actor.userId, policyFingerprint: await readerFingerprint(ctx) }, request.query.limit ?? 50);
        const items = [];
        for (const pack of packs) items.push(await present(ctx, pack));
        return { items };
      }),
  );

  app.get(
    '/analytics/report-packs/:id',
    { schema: { tags, summary: 'One report pack: parameters, hashes, signature status (analytics:report-pack)', params: ReportPackParams, response: { 200: Type.Ref('AnalyticsReportPack') } } },
    async (request) => deps.commands.inQuery(commandMetaOf(request), async (ctx) => present(ctx, await findVisiblePackOrThrow(ctx, request.params.id))),
  );

  app.get(
    '/analytics/report-packs/:id/files/:file',
    { schema: { tags, summary: 'Download a pack’s XLSX, PDF or signed manifest, as generated (analytics:report-pack)', params: ReportPackFileParams } },
    async (request, reply) => {
      const { pack, bytes } = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        const found = await findVisiblePackOrThrow(ctx, request.params.id);
        return { pack: found, bytes: (await findReportPackFile(ctx.tx, found.id, request.params.file))! };
      });
      const extension = request.params.file === 'manifest' ? 'manifest.json' : request.params.file;
      return reply
        .type(MEDIA_TYPES[request.params.file])
        .header('content-disposition', `attachment; filename="complaints-${pack.period}-${pack.id.slice(0, 8)}.${extension}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );

  app.post(
    '/analytics/report-packs/:id/reproduce',
    {
      schema: {
        tags,
        summary: 'Generate the pack again from its recorded parameters and compare byte for byte; audited (analytics:report-pack)',
        params: ReportPackParams,
        response: { 200: Type.Ref('AnalyticsReportPackReproduction') },
      },
    },
    async (request) =>
      deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        await findVisiblePackOrThrow(ctx, request.params.id);
        return reproduceReportPack(ctx, request.params.id, signingConfig);
      }),
  );
};
