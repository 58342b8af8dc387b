import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Config } from '../../../config/config.ts';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems, Problem } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { analyticsProblems } from '../problems.ts';
import { ANALYTICS_TIME_ZONE, type AnalyticsScope, localDateOf, resolveAnalyticsScope } from '../scope.ts';
import { countComplaints, findDepartmentName, findSelectLabelsAsOf } from './figures-store.ts';
import { type ManifestBody, manifestBytes, type PackParameters, sha256Hex, signManifest } from './manifest.ts';
import { BREAKDOWN_TITLES, PACK_DIMENSIONS, type PackFigures } from './pack-figures.ts';
import { labelOf } from './pack-labels.ts';
import { loadPackSigningKey } from './pack-signing-key.ts';
import { policyFingerprintOf } from './policy-fingerprint.ts';
import { findReportPack, insertReportPack, recordReproduction, type ReportPackSummary } from './pack-store.ts';
import { parseQuarter, quarterTitle } from './period.ts';
import { renderPackPdf } from './render-pdf.ts';
import { renderPackXlsx } from './render-xlsx.ts';

const requireFromHere = createRequire(import.meta.url);
// A package's version from its own package.json (found above its entry point: some export no ./package.json).
function versionOf(pkg: string): string {
  for (let dir = path.dirname(requireFromHere.resolve(pkg)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === pkg) return manifest.version ?? 'unknown';
  }
  return 'unknown';
}
/** What made the bytes: a change here (or of a library's version) may change them, so a manifest records it. */
export const GENERATOR_VERSION = `docket-report-pack/1 (exceljs ${versionOf('exceljs')}, pdfkit ${versionOf('pdfkit')}, fflate ${versionOf('fflate')})`;

export const PACK_KINDS = ['complaints-quarterly'] as const;
const CASE_TYPE_OF_KIND = { 'complaints-quarterly': 'complaint' } as const;

export interface GeneratePackInput {
  kind: (typeof PACK_KINDS)[number];
  period: string;
  departmentId?: string;
  asOf?: string;
}

type SigningConfig = Pick<Config, 'auditSigningKey' | 'auditSignerCommand' | 'dataDir'>;

/** The fingerprint of the scope's record policy: two readers with the same one count the same cases. */
export function scopeFingerprintOf(scope: AnalyticsScope): string {
  return policyFingerprintOf(scope.visible);
}

async function resolvePackScope(ctx: CommandContext, parameters: { period: string; departmentId: string | null }): Promise<AnalyticsScope> {
  const quarter = parseQuarter(parameters.period);
  if (!quarter) throw httpProblems.validationFailed({ errors: [{ field: 'body.period', reason: 'must be a quarter such as 2026-Q3' }] });
  try {
    return await resolveAnalyticsScope(ctx, { from: quarter.from, to: quarter.to, departmentId: parameters.departmentId ?? undefined, caseType: CASE_TYPE_OF_KIND['complaints-quarterly'] });
  } catch (error) {
    // The shared scope names query parameters; a pack's parameters come in the body.
    if (error instanceof Problem && Array.isArray(error.extensions.errors)) {
      const errors = (error.extensions.errors as { field: string; reason: string }[]).map((e) => ({ ...e, field: e.field.replace(/^querystring\./, 'body.') }));
      throw httpProblems.validationFailed({ errors });
    }
    throw error;
  }
}

function formatLocal(instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ANALYTICS_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** The figures, the two files and the signed manifest of a pack's parameters: what reproduce repeats. */
async function buildPack(ctx: CommandContext, scope: AnalyticsScope, parameters: PackParameters, config: SigningConfig) {
  const quarter = parseQuarter(parameters.period)!;
  const asOf = new Date(parameters.asOf);
  const rows = await countComplaints(ctx.tx, scope, asOf);
  const labels = await findSelectLabelsAsOf(ctx.tx, CASE_TYPE_OF_KIND[parameters.kind], asOf);
  const empty = { received: 0, handled: 0, handledOnTime: 0, overdue: 0, pending: 0, upheld: 0, reopened: 0, averageDaysToHandle: '—' };
  const totals = rows.find((r) => r.dimension === undefined) ?? { ...empty, key: '' };
  const organisation = parameters.departmentId ? ((await findDepartmentName(ctx.tx, parameters.departmentId)) ?? parameters.departmentId) : '全行 All departments in reach';
  const figures: PackFigures = {
    title: '消费投诉统计表 Consumer complaint statistics',
    periodTitle: quarterTitle(quarter),
    from: quarter.from,
    to: quarter.to,
    organisation,
    asOfLocal: formatLocal(asOf),
    asOf: parameters.asOf,
    timeZone: parameters.timeZone,
    generatorVersion: GENERATOR_VERSION,
    totals: { ...empty, ...totals },
    breakdowns: PACK_DIMENSIONS.map((dimension) => ({
      dimension,
      title: BREAKDOWN_TITLES[dimension],
      lines: rows
        .filter((r) => r.dimension === dimension)
        // Largest first, then by code in byte order (never the database's collation).
        .sort((a, b) => b.received - a.received || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ dimension: _d, ...line }) => ({ ...line, label: labelOf(dimension, line.key, labels) })),
    })),
  };
  const xlsx = await renderPackXlsx(figures);
  const pdf = await renderPackPdf(figures);
  const body: ManifestBody = {
    format: 'docket.analytics.report-pack/v1',
    parameters,
    generatorVersion: GENERATOR_VERSION,
    files: [
      { name: `complaints-${parameters.period}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: xlsx.length, sha256: sha256Hex(xlsx) },
      { name: `complaints-${parameters.period}.pdf`, mediaType: 'application/pdf', bytes: pdf.length, sha256: sha256Hex(pdf) },
    ],
  };
  const key = loadPackSigningKey(config);
  const manifest = signManifest(body, key);
  return { figures, xlsx, pdf, manifest, manifestFile: manifestBytes(manifest), keyId: key.keyId };
}

/** Generates a pack, stores its files and records it in the audit ledger (analytics:report-pack). */
export async function generateReportPack(ctx: CommandContext, input: GeneratePackInput, config: SigningConfig): Promise<ReportPackSummary> {
  assertAllowed(ctx.actor, 'analytics:report-pack');
  const scope = await resolvePackScope(ctx, { period: input.period, departmentId: input.departmentId ?? null });
  const asOf = input.asOf === undefined ? ctx.now : new Date(input.asOf);
  const errors: { field: string; reason: string }[] = [];
  if (scope.from > localDateOf(ctx.now)) errors.push({ field: 'body.period', reason: 'the quarter has not begun' });
  if (Number.isNaN(asOf.getTime())) errors.push({ field: 'body.asOf', reason: 'must be an instant such as 2026-10-08T00:00:00+08:00' });
  else if (asOf.getTime() > ctx.now.getTime()) errors.push({ field: 'body.asOf', reason: 'must not be in the future: figures after it are not known yet' });
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });

  const parameters: PackParameters = {
    kind: input.kind,
    period: input.period,
    departmentId: input.departmentId ?? null,
    asOf: asOf.toISOString(),
    timeZone: ANALYTICS_TIME_ZONE,
    policyFingerprint: scopeFingerprintOf(scope),
  };
  const pack = await buildPack(ctx, scope, parameters, config);
  const id = newId();
  await insertReportPack(ctx.tx, {
    id,
    kind: parameters.kind,
    period: parameters.period,
    department_id: parameters.departmentId,
    as_of: asOf,
    policy_fingerprint: parameters.policyFingerprint,
    generator_version: GENERATOR_VERSION,
    generated_by: ctx.actor.userId,
    generated_at: ctx.now,
    xlsx: pack.xlsx,
    pdf: pack.pdf,
    manifest: pack.manifestFile,
    xlsx_sha256: pack.manifest.files[0]!.sha256,
    pdf_sha256: pack.manifest.files[1]!.sha256,
    manifest_sha256: sha256Hex(pack.manifestFile),
    key_id: pack.keyId,
  });
  await recordAuditEvent(ctx, {
    action: 'analytics.report-pack-generated',
    targetType: 'report-pack',
    targetId: id,
    data: {
      parameters,
      generatorVersion: GENERATOR_VERSION,
      files: pack.manifest.files,
      manifestSha256: sha256Hex(pack.manifestFile),
      signature: { keyId: pack.keyId, value: pack.manifest.signature.value },
    },
  });
  return (await findReportPack(ctx.tx, id))!;
}

export interface ReproductionResult {
  matched: boolean;
  files: { file: 'xlsx' | 'pdf' | 'manifest'; recordedSha256: string; reproducedSha256: string; matched: boolean }[];
  generatorVersionDiffers: boolean;
  signingKeyDiffers: boolean;
}

/**
 * Generates the pack again from its recorded parameters (asOf included) and compares the bytes.
 * Only a reader under the same record policy can: another would count other cases.
 */
export async function reproduceReportPack(ctx: CommandContext, id: string, config: SigningConfig): Promise<ReproductionResult> {
  assertAllowed(ctx.actor, 'analytics:report-pack');
  const recorded = await findReportPack(ctx.tx, id);
  if (!recorded) throw analyticsProblems.reportPackNotFound({ detail: `No report pack ${id}` });
  const scope = await resolvePackScope(ctx, { period: recorded.period, departmentId: recorded.department_id });
  const fingerprint = scopeFingerprintOf(scope);
  if (fingerprint !== recorded.policy_fingerprint) {
    if (recorded.generated_by !== ctx.actor.userId) throw analyticsProblems.reportPackNotFound({ detail: `No report pack ${id}` });
    throw analyticsProblems.reportPackPolicyDiffers({ detail: 'Your roles changed since you generated this pack; its figures would count other cases' });
  }
  const parameters: PackParameters = {
    kind: recorded.kind as PackParameters['kind'],
    period: recorded.period,
    departmentId: recorded.department_id,
    asOf: recorded.as_of.toISOString(),
    timeZone: ANALYTICS_TIME_ZONE,
    policyFingerprint: recorded.policy_fingerprint,
  };
  const pack = await buildPack(ctx, scope, parameters, config);
  const compare = (file: 'xlsx' | 'pdf' | 'manifest', recordedSha256: string, bytes: Buffer) => {
    const reproducedSha256 = sha256Hex(bytes);
    return { file, recordedSha256, reproducedSha256, matched: reproducedSha256 === recordedSha256 };
  };
  const files = [compare('xlsx', recorded.xlsx_sha256, pack.xlsx), compare('pdf', recorded.pdf_sha256, pack.pdf), compare('manifest', recorded.manifest_sha256, pack.manifestFile)];
  const matched = files.every((f) => f.matched);
  await recordReproduction(ctx.tx, id, ctx.now, matched);
  await recordAuditEvent(ctx, { action: 'analytics.report-pack-reproduced', targetType: 'report-pack', targetId: id, data: { parameters, matched, files } });
  return { matched, files, generatorVersionDiffers: recorded.generator_version !== GENERATOR_VERSION, signingKeyDiffers: recorded.key_id !== pack.keyId };
}

/** The reader's policy fingerprint, for the list and the single reads. */
export async function readerFingerprint(ctx: CommandContext): Promise<string> {
  const scope = await resolveAnalyticsScope(ctx, {});
  return scopeFingerprintOf(scope);
}
