import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyReportPack } from '@docket/verify';
import { rebuildReadModel } from '../../../../src/modules/analytics/index.ts';
import { localDateOf } from '../../../../src/modules/analytics/scope.ts';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { createQueueForTest } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// Issue 20, part E: a regulator's quarterly complaint pack. Given a history made through the case
// API and projected by the read model's rebuild, the pack's figures equal the domain's, its PDF
// carries the Chinese text in an embedded font, its manifest's signature verifies offline with the
// public key alone, and a reproduction after later changes gives the very same bytes.

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const TRUSTED_PUBLIC_KEY = publicKey.export({ type: 'spki', format: 'pem' }).toString();

let t: TestApp;
let admin: string;
let analyst: string;
let branchCompliance: string;
let agent: string;
let bank: { hq: string; bj: string; sh: string };
const period = quarterOf(localDateOf(new Date()));

function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

const api = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload ? { payload } : {}) });

function ok(res: LightMyRequestResponse, status = 200) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json();
}

async function createComplaint(departmentId: string, category: string, channel: string): Promise<{ id: string; version: number }> {
  return ok(
    await api(admin, 'POST', '/cases', {
      type: 'complaint',
      title: '客户投诉',
      channel,
      departmentId,
      fields: { customerName: '张三', phone: '13812345678', category, description: '账户被收取不明费用' },
    }),
    201,
  );
}

async function resolve(created: { id: string; version: number }): Promise<void> {
  let version = created.version;
  for (const status of ['open', 'resolved']) version = ok(await api(admin, 'PATCH', `/cases/${created.id}`, { status }, { 'if-match': `"${version}"` })).version;
}

/** The quarter's figures straight from cases.case (never from the read model). */
async function domainFigures(departmentIds: string[]) {
  const rows = await t.sql<{ category: string; channel: string; received: string; handled: string }>(
    `SELECT fields->>'category' AS category, channel, count(*) AS received, count(resolved_at) AS handled
       FROM cases.case WHERE type_key = 'complaint' AND department_id = ANY($1::uuid[])
      GROUP BY GROUPING SETS ((fields->>'category'), (channel))`,
    [departmentIds],
  );
  const byCategory = Object.fromEntries(rows.filter((r) => r.category !== null).map((r) => [r.category, Number(r.received)]));
  const byChannel = Object.fromEntries(rows.filter((r) => r.channel !== null).map((r) => [r.channel, Number(r.received)]));
  const received = Object.values(byCategory).reduce((a, b) => a + b, 0);
  const handled = rows.filter((r) => r.category !== null).reduce((a, r) => a + Number(r.handled), 0);
  return { byCategory, byChannel, received, handled };
}

/** Code (column A) → received (column C) of a breakdown sheet, and the summary's totals row. */
async function readWorkbook(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const summary = workbook.getWorksheet('汇总 Summary')!;
  let totals: (number | string)[] = [];
  summary.eachRow((row) => {
    if (row.getCell(1).value === '合计 Total') totals = (row.values as (number | string)[]).slice(2);
  });
  const sheet = (name: string) => {
    const lines: Record<string, number> = {};
    workbook.getWorksheet(name)!.eachRow((row, n) => {
      if (n > 2 && row.getCell(1).value) lines[String(row.getCell(1).value)] = Number(row.getCell(3).value);
    });
    return lines;
  };
  return { totals, byCategory: sheet('按投诉原因'), byChannel: sheet('按投诉渠道') };
}

/** Every FlateDecode stream of the PDF, inflated (PDFKit compresses them). */
function pdfStreams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index! + match[0].length;
    const end = text.indexOf('endstream', start);
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not deflated (or not a stream's start): skip
    }
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp({ config: { auditSigningKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } });
  admin = await t.login('admin');
  // Only the complaint type: the pack counts nothing else.
  const complaintType = SEED_CASE_TYPES.find((type) => type.key === 'complaint')!;
  await createQueueForTest(t, admin, complaintType.defaultQueue);
  ok(await api(admin, 'POST', '/case-types', complaintType), 201);
  const [hq, bj, sh] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const insert = (id: string, code: string, name: string, parent: string | null, path: string) =>
    t.sql('INSERT INTO access.department (id, code, name, kind, parent_id, path) VALUES ($1, $2, $3, $4, $5, $6)', [id, code, name, parent ? 'branch' : 'head-office', parent, path]);
  await insert(hq, 'HQ', '总行', null, `/${hq}/`);
  await insert(bj, 'BJ', '北京分行', hq, `/${hq}/${bj}/`);
  await insert(sh, 'SH', '上海分行', hq, `/${hq}/${sh}/`);
  bank = { hq, bj, sh };
  // A branch's compliance officer: reads the branch's cases, makes the branch's packs.
  await t.sql(
    `INSERT INTO access.role (key, name, description, builtin, permissions) VALUES ('branch-compliance', 'Branch compliance', 'test', false,
      '[{"action":"case:read","scope":"subtree"},{"action":"analytics:report-pack"}]')`,
  );
  await t.createUser('e.analyst', ['analyst'], hq);
  await t.createUser('e.bj-compliance', ['branch-compliance'], bj);
  await t.createUser('e.agent', ['agent'], bj);
  [analyst, branchCompliance, agent] = [await t.login('e.analyst'), await t.login('e.bj-compliance'), await t.login('e.agent')];

  const categories = ['fees', 'service', 'wealth', 'credit-card', 'other'];
  const channels = ['phone', 'web', 'wechat'];
  for (let i = 0; i < 15; i++) {
    const created = await createComplaint(i % 3 === 0 ? sh : bj, categories[i % 5]!, channels[i % 3]!);
    if (i % 2 === 0) await resolve(created);
  }
  await rebuildReadModel(t.database.db);
}, 60_000);
afterAll(() => t?.close());

describe('a quarterly complaint pack', () => {
  let pack: { id: string; files: { file: string; sha256: string }[]; keyId: string; signature: string };

  it('holds the domain’s figures in its XLSX, Chinese text in its PDF and a manifest that verifies offline', async () => {
    pack = ok(await api(analyst, 'POST', '/analytics/report-packs', { kind: 'complaints-quarterly', period }), 201);
    expect(pack.signature).toBe('valid');

    const xlsx = (await api(analyst, 'GET', `/analytics/report-packs/${pack.id}/files/xlsx`)).rawPayload;
    const pdf = (await api(analyst, 'GET', `/analytics/report-packs/${pack.id}/files/pdf`)).rawPayload;
    const manifestRes = await api(analyst, 'GET', `/analytics/report-packs/${pack.id}/files/manifest`);
    const manifest = JSON.parse(manifestRes.body);

    const domain = await domainFigures([bank.bj, bank.sh]);
    const book = await readWorkbook(xlsx);
    expect(book.totals.slice(0, 2)).toEqual([domain.received, domain.handled]);
    expect(book.byCategory).toEqual(domain.byCategory);
    expect(book.byChannel).toEqual(domain.byChannel);

    // The PDF embeds a subset of Noto Sans SC with a ToUnicode map reaching 投 (U+6295) and 诉 (U+8BC9).
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    expect(pdf.toString('latin1')).toContain('/FontFile2');
    const cmaps = pdfStreams(pdf).filter((s) => s.includes('begincmap'));
    expect(cmaps.join('\n').toLowerCase()).toMatch(/<6295>/);
    expect(cmaps.join('\n').toLowerCase()).toMatch(/<8bc9>/);

    // Offline: the manifest's hashes are the files', and its signature verifies with the trusted key.
    const { createHash } = await import('node:crypto');
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(manifest.files.map((f: { sha256: string }) => f.sha256)).toEqual([sha(xlsx), sha(pdf)]);
    expect(manifest.parameters).toMatchObject({ kind: 'complaints-quarterly', period, departmentId: null });
    const { signature, ...body } = manifest;
    expect(verify(null, Buffer.from(canonical(body)), createPublicKey(TRUSTED_PUBLIC_KEY), Buffer.from(signature.value, 'base64'))).toBe(true);
    expect(manifest.signature.keyId).toBe(pack.keyId);
    // docket-verify report-pack: the same check an auditor runs, and a changed byte fails it.
    const files = [
      { path: 'pack.xlsx', bytes: xlsx },
      { path: 'pack.pdf', bytes: pdf },
    ];
    expect(verifyReportPack(manifest, files, TRUSTED_PUBLIC_KEY).ok).toBe(true);
    const tampered = Buffer.from(pdf);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 100) ^ 1, tampered.length - 100);
    expect(verifyReportPack(manifest, [{ path: 'pack.pdf', bytes: tampered }], TRUSTED_PUBLIC_KEY).ok).toBe(false);
    expect(verifyReportPack(manifest, files, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString()).ok).toBe(false);

    // Recorded in the audit ledger with its parameters and hashes.
    const events = await t.sql<{ data: { files: { sha256: string }[]; manifestSha256: string } }>("SELECT data FROM audit.event WHERE action = 'analytics.report-pack-generated' AND target_id = $1", [
      pack.id,
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]!.data.files.map((f) => f.sha256)).toEqual([sha(xlsx), sha(pdf)]);
    expect(events[0]!.data.manifestSha256).toBe(sha(manifestRes.rawPayload));
  });

  it('reproduces byte for byte from its recorded parameters after later cases and resolutions', async () => {
    const later = await createComplaint(bank.bj, 'fees', 'phone');
    await resolve(later);
    const open = (await t.sql<{ id: string; version: number }>("SELECT id, version FROM cases.case WHERE resolved_at IS NULL AND type_key = 'complaint' LIMIT 1"))[0]!;
    await resolve(open);
    await rebuildReadModel(t.database.db);

    const result = ok(await api(analyst, 'POST', `/analytics/report-packs/${pack.id}/reproduce`));
    expect(result).toMatchObject({ matched: true, generatorVersionDiffers: false, signingKeyDiffers: false });
    expect(result.files.map((f: { matched: boolean }) => f.matched)).toEqual([true, true, true]);
    const audited = await t.sql("SELECT 1 FROM audit.event WHERE action = 'analytics.report-pack-reproduced' AND target_id = $1", [pack.id]);
    expect(audited).toHaveLength(1);
    expect(ok(await api(analyst, 'GET', `/analytics/report-packs/${pack.id}`)).lastReproductionMatched).toBe(true);
  });

  it('counts only the branch for a branch reader, who never sees the whole bank’s pack', async () => {
    const branchPack = ok(await api(branchCompliance, 'POST', '/analytics/report-packs', { kind: 'complaints-quarterly', period }), 201);
    const xlsx = (await api(branchCompliance, 'GET', `/analytics/report-packs/${branchPack.id}/files/xlsx`)).rawPayload;
    const book = await readWorkbook(xlsx);
    const domain = await domainFigures([bank.bj]);
    expect(book.totals[0]).toBe(domain.received);
    expect(book.byCategory).toEqual(domain.byCategory);

    expectProblem(await api(branchCompliance, 'GET', `/analytics/report-packs/${pack.id}`), 404, 'analytics-report-pack-not-found');
    expectProblem(await api(branchCompliance, 'GET', `/analytics/report-packs/${pack.id}/files/pdf`), 404, 'analytics-report-pack-not-found');
    expectProblem(await api(branchCompliance, 'POST', `/analytics/report-packs/${pack.id}/reproduce`), 404, 'analytics-report-pack-not-found');
    const listed = ok(await api(branchCompliance, 'GET', '/analytics/report-packs')).items.map((p: { id: string }) => p.id);
    expect(listed).toEqual([branchPack.id]);
  });

  it('refuses a reader without analytics:report-pack (403) and stores nothing', async () => {
    const before = await t.sql('SELECT count(*) FROM analytics.report_pack');
    expectProblem(await api(agent, 'POST', '/analytics/report-packs', { kind: 'complaints-quarterly', period }), 403, 'forbidden');
    expectProblem(await api(agent, 'GET', '/analytics/report-packs'), 403, 'forbidden');
    expectProblem(await api(agent, 'GET', `/analytics/report-packs/${pack.id}/files/xlsx`), 403, 'forbidden');
    expectProblem(await api(agent, 'POST', `/analytics/report-packs/${pack.id}/reproduce`), 403, 'forbidden');
    expect(await t.sql('SELECT count(*) FROM analytics.report_pack')).toEqual(before);
  });

  it('refuses a bad period, a quarter not begun, a future asOf and an unknown department with 400 naming the field', async () => {
    const before = await t.sql('SELECT count(*) FROM analytics.report_pack');
    const fieldsOf = async (body: object) =>
      expectProblem(await api(analyst, 'POST', '/analytics/report-packs', { kind: 'complaints-quarterly', ...body }), 400, 'validation-failed').errors?.map((e) => e.field);
    expect(await fieldsOf({ period: '2026-Q5' })).toEqual([expect.stringContaining('period')]);
    expect(await fieldsOf({ period: '2099-Q1' })).toEqual(['body.period']);
    expect(await fieldsOf({ period, asOf: '2099-01-01T00:00:00Z' })).toEqual(['body.asOf']);
    expect(await fieldsOf({ period, departmentId: crypto.randomUUID() })).toEqual(['body.departmentId']);
    expect(await t.sql('SELECT count(*) FROM analytics.report_pack')).toEqual(before);
  });
});

/** The manifest's signed bytes, as a verifier would compute them: keys sorted, no spaces. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
