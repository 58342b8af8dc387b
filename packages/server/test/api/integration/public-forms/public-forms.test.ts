import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../../../src/platform/clock/test-clock.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

const RATE = 3;
let t: TestApp;
let clock: TestClock;
let admin: string;
let agent: string;
let addressCounter = 0;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const api = (token: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });
const anon = (method: Method, url: string, payload?: object, remoteAddress = '198.51.100.1'): Promise<LightMyRequestResponse> => t.app.inject({ method, url: `/api/v1${url}`, payload, remoteAddress });
/** Each test its own client address: the hourly limit is per address. */
const newAddress = () => `203.0.113.${++addressCounter}`;
const caseCount = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n);
const advance = (ms: number) => clock.moveTo(new Date(clock.now().getTime() + ms));

const consultationForm = {
  key: 'ask-us',
  caseType: 'consultation',
  titles: { 'zh-CN': '在线咨询', 'en-US': 'Ask us' },
  intro: { 'zh-CN': '请描述您的问题', 'en-US': 'Tell us your question' },
  fields: [{ key: 'topic' }, { key: 'question' }],
  contact: [
    { kind: 'name', required: true },
    { kind: 'phone', required: false },
    { kind: 'email', required: false },
  ],
};

/** A form token old enough to be accepted: read the form, then wait as a person would. */
async function freshToken(key = 'ask-us'): Promise<string> {
  const res = await anon('GET', `/public/forms/${key}`);
  expect(res.statusCode, res.body).toBe(200);
  advance(5_000);
  return res.json().formToken;
}

function submission(formToken: string, overrides: Record<string, unknown> = {}) {
  return {
    formToken,
    website: '',
    consent: true,
    language: 'zh-CN',
    subject: '信用卡年费怎么收',
    fields: { topic: 'accounts', question: `年费的收取标准是什么?${Math.random()}` },
    contact: { name: '李四', phone: '13900001111' },
    ...overrides,
  };
}

beforeAll(async () => {
  clock = new TestClock(new Date('2026-12-10T02:00:00Z'));
  t = await createTestApp({ clock, config: { publicFormRatePerHour: RATE } });
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await t.createUser('agent.pf', ['agent']);
  agent = await t.login('agent.pf');
  const res = await api(admin, 'POST', '/public-forms', consultationForm);
  expect(res.statusCode, res.body).toBe(201);
}, 120_000);
afterAll(() => t.close());

describe('administering public forms', () => {
  it('creates, reads, changes (If-Match) and deletes a form, audited', async () => {
    const created = await api(admin, 'POST', '/public-forms', { ...consultationForm, key: 'tmp-form' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ key: 'tmp-form', caseType: 'consultation', version: 1, active: true });
    expect((await api(admin, 'GET', '/public-forms')).json().items.map((f: { key: string }) => f.key)).toContain('tmp-form');
    expectProblem(await api(admin, 'PUT', '/public-forms/tmp-form', { ...consultationForm, key: undefined, active: false }, { 'if-match': '"7"' }), 412, 'public-form-version-stale');
    const { key: _key, ...body } = consultationForm;
    const changed = await api(admin, 'PUT', '/public-forms/tmp-form', { ...body, active: false }, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, active: false });
    // a switched-off form is not there for the public
    expectProblem(await anon('GET', '/public/forms/tmp-form'), 404, 'public-form-not-found');
    expect((await api(admin, 'DELETE', '/public-forms/tmp-form', undefined, { 'if-match': '"2"' })).statusCode).toBe(204);
    expectProblem(await api(admin, 'GET', '/public-forms/tmp-form'), 404, 'public-form-not-found');
    const audit = await t.sql<{ action: string }>("SELECT action FROM audit.event WHERE target_type = 'public-form' AND target_id = 'tmp-form' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['integration.public-form-saved', 'integration.public-form-saved', 'integration.public-form-deleted']);
  });

  it('refuses a field of a sensitive data class, naming it', async () => {
    const res = await api(admin, 'POST', '/public-forms', { ...consultationForm, key: 'leaky', fields: [...consultationForm.fields, { key: 'residentId' }] });
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors).toContainEqual({ field: 'fields[2].key', reason: expect.stringContaining('sensitive data class resident-id') });
    expect(await t.sql("SELECT 1 FROM integration.public_form WHERE key = 'leaky'")).toEqual([]);
  });

  it('refuses a form that leaves out a field the case type requires, or names an unknown case type', async () => {
    const missing = expectProblem(await api(admin, 'POST', '/public-forms', { ...consultationForm, key: 'no-question', fields: [{ key: 'topic' }] }), 400, 'validation-failed');
    expect(missing.errors).toContainEqual({ field: 'fields', reason: expect.stringContaining('question') });
    const unknown = expectProblem(await api(admin, 'POST', '/public-forms', { ...consultationForm, key: 'no-type', caseType: 'no-such-type' }), 400, 'validation-failed');
    expect(unknown.errors).toContainEqual({ field: 'caseType', reason: expect.any(String) });
    expect(await t.sql("SELECT 1 FROM integration.public_form WHERE key IN ('no-question', 'no-type')")).toEqual([]);
  });

  it('refuses a user without integration:admin (403) on every admin route', async () => {
    expectProblem(await api(agent, 'GET', '/public-forms'), 403, 'forbidden');
    expectProblem(await api(agent, 'POST', '/public-forms', { ...consultationForm, key: 'by-agent' }), 403, 'forbidden');
    expectProblem(await api(agent, 'GET', '/public-forms/ask-us'), 403, 'forbidden');
    const { key: _key, ...body } = consultationForm;
    expectProblem(await api(agent, 'PUT', '/public-forms/ask-us', body, { 'if-match': '"1"' }), 403, 'forbidden');
    expectProblem(await api(agent, 'DELETE', '/public-forms/ask-us', undefined, { 'if-match': '"1"' }), 403, 'forbidden');
  });
});

describe('the public form', () => {
  it('shows only the fields the public may fill, in both languages, and no sensitive field', async () => {
    const res = await anon('GET', '/public/forms/ask-us');
    expect(res.statusCode, res.body).toBe(200);
    const form = res.json();
    expect(form.titles).toEqual({ 'zh-CN': '在线咨询', 'en-US': 'Ask us' });
    expect(form.fields.map((f: { key: string }) => f.key)).toEqual(['topic', 'question']);
    expect(form.fields[1]).toMatchObject({ labels: { 'zh-CN': '问题', 'en-US': 'Question' }, required: true });
    expect(form.contact.map((c: { kind: string }) => c.kind)).toEqual(['name', 'phone', 'email']);
    expect(res.body).not.toContain('residentId');
    expect(form.formToken).toMatch(/^\d+\./);
  });

  it('a submission opens a case with channel web-form as system:ingest:web-form, the client address audited', async () => {
    const address = newAddress();
    const token = await freshToken();
    const res = await anon('POST', '/public/forms/ask-us/submissions', submission(token), address);
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json();
    expect(result.number).toMatch(/^CST/);
    expect(result.trackingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.trackingUrl).toBe(`/track/${result.trackingToken}`);
    const [row] = await t.sql<{ id: string; channel: string; created_by: string }>('SELECT id, channel, created_by FROM cases.case WHERE number = $1', [result.number]);
    expect(row!.channel).toBe('web-form');
    const [actor] = await t.sql<{ username: string }>('SELECT username FROM access.user WHERE id = $1', [row!.created_by]);
    expect(actor!.username).toBe('system:ingest:web-form');
    const events = await t.sql<{ action: string; client_ip: string; actor_name: string }>(
      "SELECT action, client_ip, actor_name FROM audit.event WHERE case_id = $1 AND action IN ('case.created', 'integration.public-form-submitted') ORDER BY id",
      [row!.id],
    );
    expect(events).toEqual([
      { action: 'case.created', client_ip: address, actor_name: 'system:ingest:web-form' },
      { action: 'integration.public-form-submitted', client_ip: address, actor_name: 'system:ingest:web-form' },
    ]);
    // only the token's hash is kept
    expect(await t.sql('SELECT 1 FROM integration.public_tracking WHERE token_hash = $1', [result.trackingToken])).toEqual([]);
    // the contact went to customer.* (sealed), readable by an agent
    const seen = await api(admin, 'GET', `/cases/${row!.id}`);
    expect(seen.json().customer?.name).toBeDefined();
  });

  it.each([
    ['the honeypot is filled', (tok: string) => submission(tok, { website: 'http://spam.example' }), 'website'],
    ['consent is missing', (tok: string) => submission(tok, { consent: false }), 'consent'],
    ['a required field is missing', (tok: string) => submission(tok, { fields: { topic: 'loans' } }), 'fields.question'],
    ['a field is not on the form', (tok: string) => submission(tok, { fields: { question: 'q?', alertId: 'x' } }), 'fields.alertId'],
    ['a required contact is missing', (tok: string) => submission(tok, { contact: { phone: '13900001111' } }), 'contact.name'],
    ['a contact is malformed', (tok: string) => submission(tok, { contact: { name: '李四', phone: 'call me' } }), 'contact.phone'],
    ['there are too many links', (tok: string) => submission(tok, { fields: { question: 'see http://a.example http://b.example www.c.example https://d.example' } }), 'fields.question'],
  ])('refuses a submission when %s, naming the field, and opens no case', async (_what, body, field) => {
    const token = await freshToken();
    const before = await caseCount();
    const problem = expectProblem(await anon('POST', '/public/forms/ask-us/submissions', body(token), newAddress()), 400, 'validation-failed');
    expect(problem.errors!.map((e) => e.field)).toContain(field);
    expect(await caseCount()).toBe(before);
  });

  it('refuses a form token sent too soon, expired or forged', async () => {
    const before = await caseCount();
    const read = (await anon('GET', '/public/forms/ask-us')).json().formToken as string;
    const tooSoon = expectProblem(await anon('POST', '/public/forms/ask-us/submissions', submission(read), newAddress()), 400, 'validation-failed');
    expect(tooSoon.errors).toContainEqual({ field: 'formToken', reason: expect.stringContaining('too soon'), code: 'too-soon' });
    const forged = `${clock.now().getTime() - 60_000}.${'A'.repeat(43)}`;
    expectProblem(await anon('POST', '/public/forms/ask-us/submissions', submission(forged), newAddress()), 400, 'validation-failed');
    advance(25 * 60 * 60 * 1000);
    const expired = expectProblem(await anon('POST', '/public/forms/ask-us/submissions', submission(read), newAddress()), 400, 'validation-failed');
    expect(expired.errors).toContainEqual({ field: 'formToken', reason: expect.stringContaining('expired'), code: 'expired' });
    expect(await caseCount()).toBe(before);
    // the sessions expired with the day that passed
    admin = await t.login('admin');
    agent = await t.login('agent.pf');
  });

  it('refuses a body over the size cap (413)', async () => {
    const token = await freshToken();
    const res = await anon('POST', '/public/forms/ask-us/submissions', submission(token, { fields: { question: 'x'.repeat(40_000) } }), newAddress());
    expect(res.statusCode).toBe(413);
  });

  it('the same content from the same address within 10 minutes answers with the same case', async () => {
    const address = newAddress();
    const body = submission(await freshToken());
    const first = await anon('POST', '/public/forms/ask-us/submissions', body, address);
    expect(first.statusCode, first.body).toBe(201);
    const before = await caseCount();
    const again = await anon('POST', '/public/forms/ask-us/submissions', body, address);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ number: first.json().number, duplicate: true });
    expect(await caseCount()).toBe(before);
    // both tracking links show the one case
    expect((await anon('GET', `/public/track/${again.json().trackingToken}`)).json().number).toBe(first.json().number);
  });

  it('limits submissions per address and hour (429 with Retry-After)', async () => {
    const address = newAddress();
    for (let i = 0; i < RATE; i++) {
      const res = await anon('POST', '/public/forms/ask-us/submissions', submission(await freshToken()), address);
      expect(res.statusCode, res.body).toBe(201);
    }
    const before = await caseCount();
    const refused = await anon('POST', '/public/forms/ask-us/submissions', submission(await freshToken()), address);
    expectProblem(refused, 429, 'too-many-requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await caseCount()).toBe(before);
    // another address is not held back
    expect((await anon('POST', '/public/forms/ask-us/submissions', submission(await freshToken()), newAddress())).statusCode).toBe(201);
  });
});

describe('the tracking page', () => {
  async function submitted() {
    const res = await anon('POST', '/public/forms/ask-us/submissions', submission(await freshToken()), newAddress());
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await t.sql<{ id: string }>('SELECT id FROM cases.case WHERE number = $1', [res.json().number]);
    return { token: res.json().trackingToken as string, number: res.json().number as string, caseId: row!.id };
  }

  it('shows public replies as the service desk and never an internal note, a name or the assignee', async () => {
    const { token, number, caseId } = await submitted();
    const fresh = (await anon('GET', `/public/track/${token}`)).json();
    expect(fresh).toMatchObject({ number, status: 'received', statusLabels: { 'zh-CN': '受理中', 'en-US': 'Received' }, canReply: true, messages: [] });
    expect((await api(admin, 'POST', `/cases/${caseId}/comments`, { body: '内部备注:客户疑似重复来电', visibility: 'internal' })).statusCode).toBe(201);
    const replied = await api(admin, 'POST', `/cases/${caseId}/comments`, { body: '您好,年费按卡种收取。', visibility: 'public' });
    expect(replied.statusCode).toBe(201);
    const { authorId, authorName } = replied.json();
    const res = await anon('GET', `/public/track/${token}`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view.status).toBe('answered');
    expect(view.messages).toEqual([{ id: expect.any(String), from: 'service-desk', body: '您好,年费按卡种收取。', at: expect.any(String) }]);
    expect(res.body).not.toContain('内部备注');
    expect(res.body).not.toContain(authorId);
    expect(res.body).not.toContain(authorName);
    expect(res.body).not.toContain('admin');
    expect(res.body).not.toContain('assignee');
    expect(res.body).not.toContain('department');
    // nor the case's fields (what the customer typed into the form stays in the case)
    expect(res.body).not.toContain('年费的收取标准');
    expect(res.body).not.toContain('13900001111');
  });

  it('answers an unknown or wrong token with 404', async () => {
    expectProblem(await anon('GET', `/public/track/${'x'.repeat(43)}`), 404, 'tracking-not-found');
    const { token } = await submitted();
    expectProblem(await anon('GET', `/public/track/${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`), 404, 'tracking-not-found');
    expectProblem(await anon('POST', `/public/track/${'y'.repeat(43)}/replies`, { body: 'hi' }), 404, 'tracking-not-found');
  });

  it("the customer's reply lands as a public customer comment (web-form) and reopens a resolved case with a reason", async () => {
    const { token, caseId } = await submitted();
    expect((await api(admin, 'POST', `/cases/${caseId}/comments`, { body: '已为您处理。', visibility: 'public' })).statusCode).toBe(201);
    const current = (await api(admin, 'GET', `/cases/${caseId}`)).json();
    const resolved = await api(admin, 'PATCH', `/cases/${caseId}`, { status: 'resolved' }, { 'if-match': `"${current.version}"` });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect((await anon('GET', `/public/track/${token}`)).json().status).toBe('completed');

    const reply = await anon('POST', `/public/track/${token}/replies`, { body: '还是没有解决,请再看看' }, newAddress());
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().reopened).toBe(true);

    const comments = (await api(admin, 'GET', `/cases/${caseId}/comments`)).json().items;
    expect(comments.at(-1)).toMatchObject({ body: '还是没有解决,请再看看', visibility: 'public', origin: 'customer', channel: 'web-form' });
    expect(comments[0]).toMatchObject({ origin: 'agent', channel: 'console' });
    const after = (await api(admin, 'GET', `/cases/${caseId}`)).json();
    expect(after.status).toBe('open');
    const [reopen] = await t.sql<{ reason: string; actor_name: string }>(
      "SELECT reason, actor_name FROM audit.event WHERE case_id = $1 AND action IN ('case.updated', 'case.status-changed') ORDER BY id DESC LIMIT 1",
      [caseId],
    );
    expect(reopen).toMatchObject({ actor_name: 'system:ingest:web-form', reason: expect.stringContaining('tracking page') });
    const view = (await anon('GET', `/public/track/${token}`)).json();
    expect(view.messages.map((m: { from: string }) => m.from)).toEqual(['service-desk', 'customer']);
    expect(view.status).toBe('in-progress');
  });

  it('a closed case takes no more replies', async () => {
    const { token, caseId } = await submitted();
    for (const status of ['resolved', 'closed']) {
      const current = (await api(admin, 'GET', `/cases/${caseId}`)).json();
      const res = await api(admin, 'PATCH', `/cases/${caseId}`, { status }, { 'if-match': `"${current.version}"` });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await anon('GET', `/public/track/${token}`)).json()).toMatchObject({ status: 'completed', canReply: false });
    expectProblem(await anon('POST', `/public/track/${token}/replies`, { body: 'hello?' }, newAddress()), 409, 'tracking-closed');
  });
});
