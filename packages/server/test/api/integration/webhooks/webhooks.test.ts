import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookDeliveryWorker, createWebhookFanOut, signatureHeader, verifySignature, type WebhookDeliveryWorker } from '../../../../src/modules/integration/index.ts';
import { createOutboxDispatcher, type OutboxDispatcher } from '../../../../src/platform/outbox/index.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { type Received, startReceiver } from './receiver.ts';

// Issue 18, part A: webhooks against a local receiver, the outbox subscriber and the delivery
// worker driven directly (no loops started): each test pumps until what it waits for happened.

const CUSTOMER = { id: 'C-WH-1', tier: 'gold', phone: '13522223333' };
const FIELD_PHONE = '13812345678';
const BACKOFF_MS = 100;
const MAX_ATTEMPTS = 4;

let t: TestApp;
let admin: string;
let agent: string;
let agentId: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let outbox: OutboxDispatcher;
let worker: WebhookDeliveryWorker;
const metrics = new Registry();

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
const api = (token: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload ? { payload } : {}) });

async function pump(): Promise<void> {
  await outbox.runDue(new Date());
  await worker.runDue(new Date());
}

/** Pumps the outbox and the worker until `done` holds, or fails after the deadline. */
async function until(what: string, done: () => boolean | Promise<boolean>, deadlineMs = 30_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    await pump();
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function createWebhook(path: string, body: Record<string, unknown> = {}, token = admin): Promise<{ id: string; secret: string; version: number }> {
  const res = await api(token, 'POST', '/webhooks', { name: `hook ${path}`, url: receiver.url(path), eventTypes: ['case.created'], ...body });
  if (res.statusCode !== 201) throw new Error(`webhook: ${res.statusCode} ${res.body}`);
  const { webhook, secret } = res.json();
  return { id: webhook.id, secret, version: webhook.version };
}

async function createCase(token = admin, overrides: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
  const res = await api(token, 'POST', '/cases', complaint(overrides));
  if (res.statusCode !== 201) throw new Error(`case: ${res.statusCode} ${res.body}`);
  return res.json();
}

const forCase = (received: Received[], caseId: string) => received.filter((r) => r.body.case?.id === caseId || r.body.data.caseId === caseId);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  agentId = await t.createUser('agent.webhooks', ['agent']);
  agent = await t.login('agent.webhooks');
  receiver = await startReceiver();
  outbox = createOutboxDispatcher({ database: t.database, clock: t.clock });
  outbox.subscribe(createWebhookFanOut({ database: t.database, clock: t.clock }));
  worker = createWebhookDeliveryWorker({
    database: t.database,
    clock: t.clock,
    commands: t.commands,
    keyRing: t.keyRing,
    metrics,
    backoffBaseMs: BACKOFF_MS,
    backoffMaxMs: 8 * BACKOFF_MS,
    jitter: 0,
    maxAttempts: MAX_ATTEMPTS,
    timeoutMs: 5_000,
  });
}, 120_000);
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

describe('webhook deliveries', () => {
  it('are signed with the secret shown once: the signature verifies, and fails for a tampered body or another secret', async () => {
    const hook = await createWebhook('/signed');
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const created = await createCase();
    await until('the signed delivery', () => receiver.received('/signed').length >= 1);
    const [got] = receiver.received('/signed');
    const now = new Date();
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['docket-event']).toBe('case.created');
    expect(got!.headers['docket-delivery']).toBe(got!.body.id);
    const header = String(got!.headers['docket-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(header, got!.raw, hook.secret, now)).toBe(true);
    expect(verifySignature(header, got!.raw.replace(created.number, `${created.number}0`), hook.secret, now)).toBe(false);
    expect(verifySignature(header, got!.raw, `${hook.secret}x`, now)).toBe(false);
    // a captured request is refused once its timestamp is older than the tolerance
    expect(verifySignature(header, got!.raw, hook.secret, new Date(now.getTime() + 10 * 60_000))).toBe(false);
    expect(got!.body).toMatchObject({ type: 'case.created', webhookId: hook.id, data: { caseId: created.id, number: created.number }, case: { id: created.id, number: created.number } });
    const [row] = await t.sql<{ status: string; attempts: number }>('SELECT status, attempts FROM integration.webhook_delivery WHERE id = $1', [got!.body.id]);
    expect(row).toEqual({ status: 'succeeded', attempts: 1 });

    // the secret is never shown again, nor kept or audited in clear
    const read = await api(admin, 'GET', `/webhooks/${hook.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().secretHint).toBe(hook.secret.slice(-4));
    const list = await api(admin, 'GET', '/webhooks');
    const deliveries = await api(admin, 'GET', `/webhooks/${hook.id}/deliveries`);
    for (const body of [read.body, list.body, deliveries.body]) expect(body).not.toContain(hook.secret);
    const dump = JSON.stringify(await t.sql('SELECT * FROM integration.webhook')) + JSON.stringify(await t.sql("SELECT data FROM audit.event WHERE action LIKE 'integration.%'"));
    expect(dump).not.toContain(hook.secret.slice('whsec_'.length));
  });

  it("verify with the receiver's guide itself: its test vector is what Docket signs, its Node.js example accepts a real delivery", async () => {
    const page = await readFile(new URL('../../../../../../docs/integration/webhooks.md', import.meta.url), 'utf8');
    const block = (marker: string, lang: string) => {
      const match = new RegExp(`<!-- ${marker} -->\\s*\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(page);
      if (!match) throw new Error(`no ${marker} block in docs/integration/webhooks.md`);
      return match[1]!;
    };
    const vector = JSON.parse(block('signature-vector', 'json')) as { secret: string; t: number; body: string; header: string };
    expect(signatureHeader(vector.body, [vector.secret], new Date(vector.t * 1000))).toBe(vector.header);

    // The guide's verify(), as a receiver would paste it, against a delivery whose body holds Chinese text.
    const dir = await mkdtemp(path.join(tmpdir(), 'docket-webhook-guide-'));
    try {
      const file = path.join(dir, 'verify.mjs');
      await writeFile(file, block('verify-node', 'js'));
      const { verify } = (await import(pathToFileURL(file).href)) as { verify: (header: string, rawBody: string, secret: string, toleranceSeconds?: number) => boolean };
      const hook = await createWebhook('/guide');
      await createCase(admin, { title: '信用卡年费争议' });
      await until('the delivery for the guide', () => receiver.received('/guide').length >= 1);
      const [got] = receiver.received('/guide');
      expect(got!.raw).toContain('信用卡年费争议');
      const header = String(got!.headers['docket-signature']);
      expect(verify(header, got!.raw, hook.secret)).toBe(true);
      expect(verify(header, got!.raw.replace('年费', '月费'), hook.secret)).toBe(false);
      expect(verify(header, got!.raw, hook.secret.slice('whsec_'.length))).toBe(false);
      // Correctly signed but outside the guide's 5 minutes: refused; inside them: accepted.
      expect(verify(signatureHeader(got!.raw, [hook.secret], new Date(Date.now() - 310_000)), got!.raw, hook.secret)).toBe(false);
      expect(verify(signatureHeader(got!.raw, [hook.secret], new Date(Date.now() - 200_000)), got!.raw, hook.secret)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the same signature function round-trips for several secrets', () => {
    const now = new Date('2026-12-05T10:00:00Z');
    const header = signatureHeader('{"a":1}', ['s1-secret', 's2-secret'], now);
    expect(header.split(',')).toHaveLength(3);
    for (const secret of ['s1-secret', 's2-secret']) expect(verifySignature(header, '{"a":1}', secret, now)).toBe(true);
    expect(verifySignature(header, '{"a":2}', 's1-secret', now)).toBe(false);
    expect(verifySignature('t=abc,v1=zz', '{"a":1}', 's1-secret', now)).toBe(false);
  });

  it('reach a receiver that fails three times on the fourth try, after growing back-off, each attempt logged', async () => {
    receiver.answer('/flaky', (n) => (n <= 3 ? 500 : 200));
    const hook = await createWebhook('/flaky');
    const created = await createCase();
    await until('the fourth attempt', () => receiver.received('/flaky').length >= 4);
    const got = receiver.received('/flaky');
    expect(got.map((r) => r.answered)).toEqual([500, 500, 500, 200]);
    expect(new Set(got.map((r) => r.body.id)).size).toBe(1);
    expect(got[3]!.body.data.caseId).toBe(created.id);
    const attempts = await t.sql<{ attempt: number; at: Date; response_status: number; error: string | null }>(
      'SELECT a.attempt, a.at, a.response_status, a.error FROM integration.webhook_attempt a JOIN integration.webhook_delivery d ON d.id = a.delivery_id WHERE d.webhook_id = $1 ORDER BY a.attempt',
      [hook.id],
    );
    expect(attempts.map((a) => [a.attempt, a.response_status, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 500, 'HTTP 500'],
      [3, 500, 'HTTP 500'],
      [4, 200, null],
    ]);
    // exponential: at least 1, 2, 4 back-off units between the attempts
    for (let i = 1; i < 4; i++) expect(attempts[i]!.at.getTime() - attempts[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(BACKOFF_MS * 2 ** (i - 1) - 5);
    const log = (await api(admin, 'GET', `/webhooks/${hook.id}/deliveries`)).json();
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ status: 'succeeded', attempts: 4, responseStatus: 200, error: null, caseId: created.id, eventType: 'case.created' });
  });

  it('become dead letters after the last attempt, and a replay arrives as a new delivery', async () => {
    receiver.answer('/down', 503);
    const hook = await createWebhook('/down');
    const created = await createCase();
    await until('the dead letter', async () => (await t.sql("SELECT 1 FROM integration.webhook_delivery WHERE webhook_id = $1 AND status = 'dead'", [hook.id])).length === 1);
    expect(receiver.received('/down')).toHaveLength(MAX_ATTEMPTS);
    const dead = (await api(admin, 'GET', `/webhooks/${hook.id}/deliveries?status=dead`)).json();
    expect(dead.items).toHaveLength(1);
    expect(dead.items[0]).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, responseStatus: 503, error: 'HTTP 503', nextAttemptAt: null });
    expect((await api(admin, 'GET', `/webhooks/${hook.id}`)).json().stats).toMatchObject({ dead: 1, pending: 0, retrying: 0 });

    // when the receiver is back and the dead letter is replayed
    receiver.answer('/down', 200);
    const replay = await api(admin, 'POST', `/webhooks/${hook.id}/deliveries/${dead.items[0].id}/replay`);
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ status: 'pending', replayOf: dead.items[0].id, eventId: dead.items[0].eventId });
    await until('the replay', () => receiver.received('/down').some((r) => r.answered === 200));
    const arrived = receiver.received('/down').find((r) => r.answered === 200)!;
    expect(arrived.body).toMatchObject({ id: replay.json().id, eventId: dead.items[0].eventId, data: { caseId: created.id } });
    const [audit] = await t.sql<{ data: Record<string, unknown> }>("SELECT data FROM audit.event WHERE action = 'integration.webhook-delivery-replayed' AND target_id = $1", [hook.id]);
    expect(audit!.data).toMatchObject({ deliveryId: replay.json().id, replayOf: dead.items[0].id });
    expectProblem(await api(admin, 'POST', `/webhooks/${hook.id}/deliveries/${randomUUID()}/replay`), 404, 'webhook-delivery-not-found');
  });

  it("keep one case's order while its first event is retrying", async () => {
    // the first two requests fail
    const hook = await createWebhook('/ordered', { eventTypes: ['case.created', 'case.fields-changed'] });
    receiver.answer('/ordered', (n) => (n <= 2 ? 500 : 200));
    const created = await createCase();
    const patched = await api(admin, 'PATCH', `/cases/${created.id}`, { priority: 'low' }, { 'if-match': '"1"' });
    expect(patched.statusCode).toBe(200);
    await until('the first failure', () => receiver.received('/ordered').length >= 1);
    // while case.created is retrying, case.fields-changed waits untried
    const waiting = await t.sql<{ event_type: string; status: string; attempts: number }>('SELECT event_type, status, attempts FROM integration.webhook_delivery WHERE webhook_id = $1 ORDER BY seq', [
      hook.id,
    ]);
    expect(waiting.map((w) => w.event_type)).toEqual(['case.created', 'case.fields-changed']);
    expect(waiting[1]).toMatchObject({ status: 'pending', attempts: 0 });
    await until('both events', () => receiver.received('/ordered').filter((r) => r.answered === 200).length >= 2);
    const got = forCase(receiver.received('/ordered'), created.id);
    expect(got.map((r) => `${r.body.type}:${r.answered}`)).toEqual(['case.created:500', 'case.created:500', 'case.created:200', 'case.fields-changed:200']);
    expect(got[3]!.body.case).toMatchObject({ priority: 'low' });
  });

  it("never carry a field the owner may not read: the case is cut to the owner's field rules", async () => {
    const hook = await createWebhook('/masked', { ownerId: agentId });
    const created = await createCase(agent, { customer: CUSTOMER });
    await until('the masked delivery', () => forCase(receiver.received('/masked'), created.id).length >= 1);
    const [got] = forCase(receiver.received('/masked'), created.id);
    expect(got!.raw).not.toContain(CUSTOMER.phone);
    expect(got!.raw).not.toContain(FIELD_PHONE);
    // the case is there, as the agent reads it through GET /cases/{id}
    const asAgent = (await api(agent, 'GET', `/cases/${created.id}`)).json();
    expect(got!.body.case).toMatchObject({ id: created.id, customer: asAgent.customer, fields: asAgent.fields });
    expect(String((got!.body.case!.customer as Record<string, unknown>).phone)).toContain('****');
    expect(hook.id).toBe(got!.body.webhookId);

    // and an event about a case the owner may not read at all is not delivered to the owner's webhook
    const unreadable = await createCase(admin, { customer: CUSTOMER });
    expect([403, 404]).toContain((await api(agent, 'GET', `/cases/${unreadable.id}`)).statusCode);
    const signed = await t.sql<{ id: string }>("SELECT id FROM integration.webhook WHERE url LIKE '%/signed'");
    await until(
      'the case reaching another webhook',
      async () => (await t.sql('SELECT 1 FROM integration.webhook_delivery WHERE webhook_id = $1 AND case_id = $2', [signed[0]!.id, unreadable.id])).length === 1,
    );
    expect(await t.sql('SELECT id FROM integration.webhook_delivery WHERE webhook_id = $1 AND case_id = $2', [hook.id, unreadable.id])).toEqual([]);
    expect(receiver.received('/masked').some((r) => r.raw.includes(unreadable.id))).toBe(false);
  });

  it('go only to webhooks whose event types, case types and departments match', async () => {
    const parent = randomUUID();
    const child = randomUUID();
    const other = randomUUID();
    await t.sql("INSERT INTO access.department (id, code, name, kind, path) VALUES ($1, 'WH-P', 'P', 'branch', $4), ($2, 'WH-C', 'C', 'sub-branch', $5), ($3, 'WH-O', 'O', 'branch', $6)", [
      parent,
      child,
      other,
      `/${parent}`,
      `/${parent}/${child}`,
      `/${other}`,
    ]);
    await t.sql('UPDATE access.department SET parent_id = $1 WHERE id = $2', [parent, child]);
    const all = await createWebhook('/filter-all', { eventTypes: ['*'] });
    const statusOnly = await createWebhook('/filter-status', { eventTypes: ['case.status-changed'] });
    const consultations = await createWebhook('/filter-type', { caseTypes: ['consultation'] });
    const subtree = await createWebhook('/filter-dept', { departmentIds: [parent] });
    const inChild = await createCase(admin, { departmentId: child });
    const consultation = await api(admin, 'POST', '/cases', {
      type: 'consultation',
      title: '咨询理财产品',
      channel: 'phone',
      departmentId: other,
      fields: { customerName: '李四', phone: '13900001111', topic: 'wealth', question: '理财产品的风险等级？' },
    });
    expect(consultation.statusCode, consultation.body).toBe(201);
    const consultationBody = consultation.json() as { id: string };
    await until('the catch-all', () => forCase(receiver.received('/filter-all'), inChild.id).length >= 1 && forCase(receiver.received('/filter-all'), consultationBody.id).length >= 1);
    const delivered = async (webhookId: string) =>
      (await t.sql<{ case_id: string }>("SELECT case_id FROM integration.webhook_delivery WHERE webhook_id = $1 AND event_type = 'case.created'", [webhookId])).map((r) => r.case_id);
    expect(await delivered(all.id)).toEqual(expect.arrayContaining([inChild.id, consultationBody.id]));
    expect(await delivered(statusOnly.id)).toEqual([]);
    expect(await delivered(consultations.id)).toEqual([consultationBody.id]);
    expect(await delivered(subtree.id)).toEqual([inChild.id]);
  });

  it('rotation: the new secret is shown once and both secrets sign for 24 hours', async () => {
    const hook = await createWebhook('/rotated', { eventTypes: ['webhook.ping'] });
    const rotated = await api(admin, 'POST', `/webhooks/${hook.id}/secret`);
    expect(rotated.statusCode).toBe(200);
    const { webhook, secret } = rotated.json();
    expect(secret).not.toBe(hook.secret);
    expect(new Date(webhook.previousSecretValidUntil).getTime() - new Date(webhook.secretRotatedAt).getTime()).toBe(24 * 3600 * 1000);
    const ping = await api(admin, 'POST', `/webhooks/${hook.id}/ping`);
    expect(ping.statusCode).toBe(202);
    await until('the ping', () => receiver.received('/rotated').length >= 1);
    const [got] = receiver.received('/rotated');
    expect(got!.body).toMatchObject({ type: 'webhook.ping', id: ping.json().id, case: null });
    const header = String(got!.headers['docket-signature']);
    expect(header.match(/v1=/g)).toHaveLength(2);
    for (const s of [secret, hook.secret]) expect(verifySignature(header, got!.raw, s, new Date())).toBe(true);
    const [audit] = await t.sql<{ data: unknown }>("SELECT data FROM audit.event WHERE action = 'integration.webhook-secret-rotated' AND target_id = $1", [hook.id]);
    expect(JSON.stringify(audit!.data)).not.toContain(secret.slice(6));
  });

  it('refuse at send time a URL that points at a link-local address', async () => {
    const hook = await createWebhook('/never', { eventTypes: ['webhook.ping'] });
    await t.sql("UPDATE integration.webhook SET url = 'http://169.254.169.254/latest/meta-data' WHERE id = $1", [hook.id]);
    const ping = (await api(admin, 'POST', `/webhooks/${hook.id}/ping`)).json();
    await until('the refused attempt', async () => (await t.sql('SELECT 1 FROM integration.webhook_attempt WHERE delivery_id = $1', [ping.id])).length >= 1);
    const [attempt] = await t.sql<{ error: string; response_status: number | null }>('SELECT error, response_status FROM integration.webhook_attempt WHERE delivery_id = $1', [ping.id]);
    expect(attempt).toEqual({ error: expect.stringContaining('link-local'), response_status: null });
  });

  it('are written once per webhook and event, however often the outbox hands the event over', async () => {
    const hook = await createWebhook('/once', { eventTypes: ['routing.presence-changed'] });
    const fanOut = createWebhookFanOut({ database: t.database, clock: t.clock });
    const event = {
      id: 987_654_321,
      type: 'routing.presence-changed',
      aggregateType: 'user',
      aggregateId: agentId,
      payload: { userId: agentId, from: 'available', to: 'away' },
      createdAt: new Date(),
    };
    const delivery = { runCommandAs: () => Promise.reject(new Error('not used')) };
    await fanOut.handle(event, delivery);
    await fanOut.handle(event, delivery);
    const rows = await t.sql<{ event_id: string; case_id: string | null; payload: unknown }>('SELECT event_id, case_id, payload FROM integration.webhook_delivery WHERE webhook_id = $1', [hook.id]);
    expect(rows).toEqual([{ event_id: '987654321', case_id: null, payload: event.payload }]);
  });

  it('are deleted 30 days after they succeeded; dead ones are kept', async () => {
    const hook = await createWebhook('/retention', { eventTypes: ['webhook.ping'] });
    const old = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    const recent = new Date(Date.now() - 29 * 24 * 3600 * 1000);
    const insert = (status: string, at: Date) =>
      t.sql<{ id: string }>(
        `INSERT INTO integration.webhook_delivery (id, webhook_id, event_id, event_type, payload, occurred_at, status, created_at, delivered_at)
         VALUES (gen_random_uuid(), $1, gen_random_uuid()::text, 'webhook.ping', '{}', $2, $3, $2, $4) RETURNING id`,
        [hook.id, at, status, status === 'succeeded' ? at : null],
      );
    const [oldOk] = await insert('succeeded', old);
    const [recentOk] = await insert('succeeded', recent);
    const [oldDead] = await insert('dead', old);
    // a worker's first round cleans up
    const fresh = createWebhookDeliveryWorker({ database: t.database, clock: t.clock, commands: t.commands, keyRing: t.keyRing });
    await fresh.runDue(new Date());
    const left = (await t.sql<{ id: string }>('SELECT id FROM integration.webhook_delivery WHERE webhook_id = $1', [hook.id])).map((r) => r.id);
    expect(left.sort()).toEqual([recentOk!.id, oldDead!.id].sort());
    expect(left).not.toContain(oldOk!.id);
  });

  it('are counted in the docket_webhook_* metrics', async () => {
    const text = await metrics.metrics();
    expect(text).toMatch(/docket_webhook_deliveries_total\{result="succeeded"\} [1-9]/);
    expect(text).toMatch(/docket_webhook_deliveries_total\{result="failed"\} [1-9]/);
    expect(text).toMatch(/docket_webhook_deliveries_total\{result="dead"\} [1-9]/);
    expect(text).toContain('docket_webhook_pending');
    expect(text).toContain('docket_webhook_dead_letters');
  });
});

describe('the webhooks API', () => {
  it('lists the event types of the catalogue with a description, and webhook.ping', async () => {
    const res = await api(admin, 'GET', '/webhooks/event-types');
    expect(res.statusCode).toBe(200);
    const types = res.json().items as { type: string; description: string }[];
    expect(types.map((i) => i.type)).toEqual(expect.arrayContaining(['case.created', 'case.status-changed', 'sla.target-breached', 'webhook.ping']));
    for (const item of types) expect(item.description.length).toBeGreaterThan(5);
  });

  it('refuses every route to a user without integration:admin (403), changing nothing', async () => {
    const hook = await createWebhook('/forbidden');
    const before = await t.sql('SELECT * FROM integration.webhook ORDER BY id');
    const id = hook.id;
    const calls: [Method, string, object?, Record<string, string>?][] = [
      ['GET', '/webhooks/event-types'],
      ['GET', '/webhooks'],
      ['POST', '/webhooks', { name: 'x', url: receiver.url('/x'), eventTypes: ['case.created'] }],
      ['GET', `/webhooks/${id}`],
      ['PUT', `/webhooks/${id}`, { name: 'x', url: receiver.url('/x'), eventTypes: ['case.created'] }, { 'if-match': '"1"' }],
      ['DELETE', `/webhooks/${id}`, undefined, { 'if-match': '"1"' }],
      ['POST', `/webhooks/${id}/secret`],
      ['POST', `/webhooks/${id}/ping`],
      ['GET', `/webhooks/${id}/deliveries`],
      ['POST', `/webhooks/${id}/deliveries/${randomUUID()}/replay`],
    ];
    for (const [method, url, body, headers] of calls) {
      const res = await api(agent, method, url, body, headers);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expectProblem(res, 403, 'forbidden');
    }
    expect(await t.sql('SELECT * FROM integration.webhook ORDER BY id')).toEqual(before);
  });

  it('answers 400 naming the field for a bad URL, event type or owner, creating nothing', async () => {
    const count = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM integration.webhook'))[0]!.n);
    const before = await count();
    const [systemActor] = await t.sql<{ id: string }>("SELECT id FROM access.user WHERE username = 'system:ingest:email'");
    const base = { name: 'bad', url: receiver.url('/bad'), eventTypes: ['case.created'] };
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'http://169.254.169.254/latest' }, 'url'],
      [{ url: 'http://[fe80::1]/hook' }, 'url'],
      [{ url: 'http://0.0.0.0:8080/' }, 'url'],
      [{ url: 'http://224.0.0.1/' }, 'url'],
      [{ eventTypes: ['case.created', 'case.exploded'] }, 'eventTypes/1'],
      [{ eventTypes: ['*', 'case.created'] }, 'eventTypes'],
      [{ ownerId: systemActor!.id }, 'ownerId'],
      [{ ownerId: randomUUID() }, 'ownerId'],
      [{ departmentIds: [randomUUID()] }, 'departmentIds/0'],
    ];
    for (const [change, field] of cases) {
      const problem = expectProblem(await api(admin, 'POST', '/webhooks', { ...base, ...change }), 400, 'validation-failed');
      expect(
        problem.errors?.map((e) => e.field),
        JSON.stringify(change),
      ).toContain(field);
    }
    // the schema refuses what is not http(s) at all, naming url
    const ftp = await api(admin, 'POST', '/webhooks', { ...base, url: 'ftp://example.cn/hook' });
    expect(ftp.statusCode).toBe(400);
    expect(ftp.body).toContain('url');
    expect(await count()).toBe(before);
  });

  it('changes and deletes with If-Match, audited without the secret', async () => {
    const hook = await createWebhook('/crud');
    const body = { name: 'renamed', url: receiver.url('/crud2'), eventTypes: ['case.created', 'case.assigned'], caseTypes: ['complaint'] };
    expectProblem(await api(admin, 'PUT', `/webhooks/${hook.id}`, body), 428, 'precondition-required');
    expectProblem(await api(admin, 'PUT', `/webhooks/${hook.id}`, body, { 'if-match': '"7"' }), 412, 'webhook-version-stale');
    const changed = await api(admin, 'PUT', `/webhooks/${hook.id}`, body, { 'if-match': `"${hook.version}"` });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'renamed', url: receiver.url('/crud2'), eventTypes: ['case.created', 'case.assigned'], caseTypes: ['complaint'], version: 2, active: true });
    expect(changed.headers.etag).toBe('"2"');
    const [audit] = await t.sql<{ data: { changed: string[] } }>("SELECT data FROM audit.event WHERE action = 'integration.webhook-changed' AND target_id = $1", [hook.id]);
    expect(audit!.data.changed.sort()).toEqual(['caseTypes', 'eventTypes', 'name', 'url']);
    expectProblem(await api(admin, 'DELETE', `/webhooks/${hook.id}`, undefined, { 'if-match': '"1"' }), 412, 'webhook-version-stale');
    expect((await api(admin, 'DELETE', `/webhooks/${hook.id}`, undefined, { 'if-match': '"2"' })).statusCode).toBe(204);
    expectProblem(await api(admin, 'GET', `/webhooks/${hook.id}`), 404, 'webhook-not-found');
    const audits = await t.sql<{ action: string; data: unknown }>("SELECT action, data FROM audit.event WHERE target_id = $1 AND action LIKE 'integration.webhook-%' ORDER BY id", [hook.id]);
    expect(audits.map((a) => a.action)).toEqual(['integration.webhook-created', 'integration.webhook-changed', 'integration.webhook-deleted']);
    expect(JSON.stringify(audits)).not.toContain(hook.secret.slice(6));
  });
});
