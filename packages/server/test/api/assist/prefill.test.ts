import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes, VALID_RESIDENT_ID } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;
let admin: string;
let agent: string;
let otherAgent: string;
let marketing: string;
let assistOnly: string;

type Method = 'GET' | 'POST' | 'PUT';
const api = (token: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });

type Span = { start: number; end: number; text: string };
type Suggestion = { field: string; value: unknown; confidence: number; kind: string; modelVersion: string; source: Span; alsoFrom: Span[] };
type PrefillBody = {
  id: string;
  path: string;
  suggestions: Suggestion[];
  signals: { label: string; source: Span }[];
  refused: { field: string; reason: string; source: Span }[];
  missing: { field: string; label: string }[];
  modelVersions: string[];
};

const PHONE = '13812345678';
// A complaint as an agent types it from a call: name, id, phone, a debit card charged a fee.
const TRANSCRIPT = `客户来电：您好，我叫王小明，身份证号${VALID_RESIDENT_ID}，手机${PHONE}。我的借记卡上个月被扣了一笔年费和短信服务费，我从来没有开通过短信提醒，要求退还这笔手续费，请尽快处理。`;

async function prefill(token: string, body: object, headers: Record<string, string> = {}) {
  return api(token, 'POST', '/assist/prefill', body, headers);
}

function expectGrounded(text: string, body: PrefillBody): void {
  for (const s of [...body.suggestions.flatMap((x) => [x.source, ...x.alsoFrom]), ...body.signals.map((x) => x.source)]) {
    expect(s.end).toBeGreaterThan(s.start);
    expect(text.slice(s.start, s.end)).toBe(s.text);
  }
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await t.sql(`INSERT INTO access.role (key, name, description, builtin, permissions) VALUES ('assist-only', 'Assist only', 'test', false, '[{"action":"assist:use"}]')`);
  await t.createUser('agent.p', ['agent']);
  await t.createUser('agent.o', ['agent']);
  await t.createUser('marketing.p', ['marketing']);
  await t.createUser('assist.only', ['assist-only']);
  agent = await t.login('agent.p');
  otherAgent = await t.login('agent.o');
  marketing = await t.login('marketing.p');
  assistOnly = await t.login('assist.only');
});
afterAll(() => t.close());

describe('POST /api/v1/assist/prefill', () => {
  it('prefills a zh-CN complaint: category, product, name, resident id, phone and description, each from its words; recorded without personal data', async () => {
    const res = await prefill(agent, { caseType: 'complaint', text: TRANSCRIPT, channel: 'phone' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as PrefillBody;
    expect(body.path).toBe('builtin');
    const value = (field: string) => body.suggestions.find((s) => s.field === field)?.value;
    expect(value('category')).toBe('fees');
    expect(value('product')).toBe('debit-card');
    expect(value('customerName')).toBe('王小明');
    expect(value('residentId')).toBe(VALID_RESIDENT_ID);
    expect(value('phone')).toBe(PHONE);
    expect(value('description')).toBe(TRANSCRIPT);
    expectGrounded(TRANSCRIPT, body);
    expect(body.suggestions.find((s) => s.field === 'residentId')!.source.text).toContain(VALID_RESIDENT_ID);
    expect(body.missing).toEqual([]);
    expect(body.modelVersions.length).toBeGreaterThan(0);

    const rows = await t.sql<{ field_key: string; value: string | null; span_start: number; span_end: number; model_version: string }>(
      'SELECT field_key, value, span_start, span_end, model_version FROM assist.suggestion WHERE prefill_id = $1 ORDER BY field_key',
      [body.id],
    );
    expect(Object.fromEntries(rows.map((r) => [r.field_key, r.value]))).toMatchObject({
      category: 'fees',
      product: 'debit-card',
      customerName: null,
      residentId: null,
      phone: null,
      description: null,
    });
    const [stored] = await t.sql<{ path: string; text_length: number; channel: string }>('SELECT path, text_length, channel FROM assist.prefill WHERE id = $1', [body.id]);
    expect(stored).toEqual({ path: 'builtin', text_length: TRANSCRIPT.length, channel: 'phone' });
    const [event] = await t.sql<{ data: { fields: { field: string }[]; path: string; modelVersions: string[] } }>(
      "SELECT data FROM audit.event WHERE action = 'assist.prefill-suggested' AND target_id = $1",
      [body.id],
    );
    expect(event!.data.path).toBe('builtin');
    expect(event!.data.fields.map((f) => f.field)).toEqual(expect.arrayContaining(['category', 'phone', 'residentId']));
    const recorded = JSON.stringify(event) + JSON.stringify(rows);
    for (const secret of [PHONE, VALID_RESIDENT_ID, '王小明', '年费']) expect(recorded).not.toContain(secret);
  });

  it('invents nothing: a text without a name, id or phone gets none, and the agent is told which required fields to ask for, in their language', async () => {
    const text = '信用卡年费扣得莫名其妙，请帮我查一下。';
    const res = await prefill(agent, { caseType: 'complaint', text }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as PrefillBody;
    expectGrounded(text, body);
    const fields = body.suggestions.map((s) => s.field);
    for (const field of ['customerName', 'residentId', 'phone', 'bankCard']) expect(fields).not.toContain(field);
    expect(body.missing).toEqual(
      expect.arrayContaining([
        { field: 'customerName', label: 'Customer name' },
        { field: 'phone', label: 'Phone' },
      ]),
    );
    const zh = (await prefill(agent, { caseType: 'complaint', text }, { 'accept-language': 'zh-CN' })).json() as PrefillBody;
    expect(zh.missing).toEqual(expect.arrayContaining([{ field: 'customerName', label: '客户姓名' }]));
  });

  it('refuses a mistyped resident id (GB 11643 check digit) without its value', async () => {
    const mistyped = `${VALID_RESIDENT_ID.slice(0, 17)}1`;
    const text = `我叫王小明，身份证号${mistyped}，电话${PHONE}，借记卡被乱扣费。`;
    const body = (await prefill(agent, { caseType: 'complaint', text })).json() as PrefillBody;
    expect(body.suggestions.map((s) => s.field)).not.toContain('residentId');
    expect(body.refused).toContainEqual({ field: 'residentId', reason: 'check-digit', source: { start: text.indexOf(mistyped), end: text.indexOf(mistyped) + 18, text: mistyped } });
    expect(JSON.stringify(body.refused)).not.toContain('"value"');
  });

  it('records the outcomes once, by the person who asked, audited; an unknown field is named', async () => {
    const body = (await prefill(agent, { caseType: 'complaint', text: TRANSCRIPT })).json() as PrefillBody;
    const created = await api(agent, 'POST', '/cases', complaint());
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json().id as string;
    const url = `/assist/prefills/${body.id}/outcomes`;
    const outcomes = [
      { field: 'category', outcome: 'accepted' },
      { field: 'phone', outcome: 'changed' },
      { field: 'description', outcome: 'rejected' },
    ];

    const unknown = expectProblem(await api(agent, 'POST', url, { caseId, fields: [{ field: 'nickname', outcome: 'accepted' }] }), 400, 'validation-failed');
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'fields[0].field', reason: expect.stringContaining('nickname') })]);
    expectProblem(await api(otherAgent, 'POST', url, { caseId, fields: outcomes }), 404, 'assist-prefill-not-found');

    const res = await api(agent, 'POST', url, { caseId, fields: outcomes });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: body.id, caseId, recorded: 3 });
    const rows = await t.sql<{ field_key: string; outcome: string | null }>('SELECT field_key, outcome FROM assist.suggestion WHERE prefill_id = $1', [body.id]);
    expect(Object.fromEntries(rows.map((r) => [r.field_key, r.outcome]))).toMatchObject({ category: 'accepted', phone: 'changed', description: 'rejected', customerName: null });
    expect((await t.sql('SELECT case_id FROM assist.prefill WHERE id = $1', [body.id]))[0]).toEqual({ case_id: caseId });
    const [event] = await t.sql<{ case_id: string; data: Record<string, unknown> }>("SELECT case_id, data FROM audit.event WHERE action = 'assist.outcomes-recorded' AND target_id = $1", [body.id]);
    expect(event).toMatchObject({ case_id: caseId, data: { accepted: 1, changed: 1, rejected: 1, caseType: 'complaint' } });

    expectProblem(await api(agent, 'POST', url, { caseId, fields: outcomes }), 409, 'assist-outcomes-recorded');
  });

  it('refuses who may not use assistance or may not create the case type, and names bad input', async () => {
    expectProblem(await prefill(marketing, { caseType: 'complaint', text: TRANSCRIPT }), 403, 'forbidden');
    expectProblem(await prefill(assistOnly, { caseType: 'complaint', text: TRANSCRIPT }), 403, 'forbidden');
    const noText = expectProblem(await prefill(agent, { caseType: 'complaint' }), 400, 'validation-failed');
    expect(noText.errors?.map((e) => e.field)).toContain('text');
    const unknown = expectProblem(await prefill(agent, { caseType: 'no-such-type', text: TRANSCRIPT }), 404, 'case-type-not-found');
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'caseType' })]);
    expect(Number((await t.sql<{ n: string }>("SELECT count(*) AS n FROM assist.prefill WHERE requested_by IN (SELECT id FROM access.user WHERE username <> 'agent.p')"))[0]!.n)).toBe(0);
  });
});

describe('assistance settings', () => {
  it('lists the defaults, saves with If-Match, audits, and the prefill honours thresholds, fields switched off and assistance off', async () => {
    const list = await api(agent, 'GET', '/assist/settings');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toContainEqual(expect.objectContaining({ caseType: 'complaint', enabled: true, threshold: 0.5, version: 0 }));
    expectProblem(await api(marketing, 'GET', '/assist/settings'), 403, 'forbidden');

    const read = await api(agent, 'GET', '/assist/settings/complaint');
    expect(read.headers.etag).toBe('"0"');
    const values = { enabled: true, threshold: 0.5, secondsPerField: 30, fields: { category: { enabled: true, threshold: 1 }, product: { enabled: false } } };
    expectProblem(await api(agent, 'PUT', '/assist/settings/complaint', values, { 'if-match': '"0"' }), 403, 'forbidden');
    expectProblem(await api(admin, 'PUT', '/assist/settings/complaint', values), 428, 'precondition-required');
    const badKey = expectProblem(await api(admin, 'PUT', '/assist/settings/complaint', { ...values, fields: { nickname: { enabled: false } } }, { 'if-match': '"0"' }), 400, 'validation-failed');
    expect(badKey.errors).toEqual([expect.objectContaining({ field: 'fields.nickname' })]);
    const badThreshold = expectProblem(await api(admin, 'PUT', '/assist/settings/complaint', { ...values, threshold: 2 }, { 'if-match': '"0"' }), 400, 'validation-failed');
    expect(JSON.stringify(badThreshold.errors)).toContain('threshold');

    const saved = await api(admin, 'PUT', '/assist/settings/complaint', values, { 'if-match': '"0"' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers.etag).toBe('"1"');
    expect(saved.json()).toMatchObject({ caseType: 'complaint', version: 1, secondsPerField: 30, fields: values.fields });
    expectProblem(await api(admin, 'PUT', '/assist/settings/complaint', values, { 'if-match': '"0"' }), 412, 'assist-settings-version-stale');
    const [event] = await t.sql<{ data: { changed: string[] } }>("SELECT data FROM audit.event WHERE action = 'assist.settings-changed' AND target_id = 'complaint'");
    expect(event!.data.changed).toEqual(expect.arrayContaining(['secondsPerField', 'fields.category', 'fields.product']));

    const strict = (await prefill(agent, { caseType: 'complaint', text: TRANSCRIPT })).json() as PrefillBody;
    expect(strict.suggestions.map((s) => s.field)).not.toContain('category');
    expect(strict.suggestions.map((s) => s.field)).not.toContain('product');
    expect(strict.refused).toContainEqual(expect.objectContaining({ field: 'category', reason: 'below-threshold' }));
    expect(strict.missing).toContainEqual(expect.objectContaining({ field: 'category' }));

    const off = await api(admin, 'PUT', '/assist/settings/complaint', { ...values, enabled: false }, { 'if-match': '"1"' });
    expect(off.statusCode, off.body).toBe(200);
    expectProblem(await prefill(agent, { caseType: 'complaint', text: TRANSCRIPT }), 409, 'assist-off');
  });
});
