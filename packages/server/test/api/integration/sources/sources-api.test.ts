import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCallbackSecret } from '../../../../src/modules/integration/index.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { amlAlert, amlSourceBody } from './source-fixtures.ts';

// The ingestion sources' admin API: CRUD with If-Match, validation naming the field, permissions.

let t: TestApp;
let admin: string;
let agent: string;
let feeder: string;
const suffix = randomBytes(3).toString('hex');
const keyOf = (name: string) => `${name}-${suffix}`;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await t.createUser('agent.sources', ['agent']);
  agent = await t.login('agent.sources');
  // An outside system: may hand messages over, nothing else.
  await t.sql(`INSERT INTO access.role (key, name, description, builtin, permissions) VALUES ('alert-feeder', 'Alert feeder', 'test', false, '[{"action":"integration:ingest"}]')`);
  await t.createUser('feeder.sources', ['alert-feeder']);
  feeder = await t.login('feeder.sources');
});
afterAll(() => t.close());

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });

const create = async (body: Record<string, unknown>) => {
  const res = await api('POST', '/ingest-sources', admin, body);
  if (res.statusCode !== 201) throw new Error(`create ${res.statusCode}: ${res.body}`);
  return res.json();
};

describe('ingestion sources: create, read, change, delete', () => {
  it('creates a source at version 1 with its actor and empty counters, and lists it', async () => {
    const key = keyOf('crud');
    const res = await api('POST', '/ingest-sources', admin, amlSourceBody(key));
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/api/v1/ingest-sources/${key}`);
    expect(res.json()).toMatchObject({
      key,
      transport: 'http',
      nats: null,
      amqp: null,
      onExisting: 'ignore',
      writeBack: null,
      active: true,
      actor: `system:ingest:${key}`,
      stats: { received: 0, created: 0, updated: 0, duplicates: 0, deadLetters: 0, lastMessageAt: null },
      version: 1,
    });
    const audit = await t.sql<{ action: string; data: Record<string, unknown> }>("SELECT action, data FROM audit.event WHERE action = 'integration.source-created' AND target_id = $1", [key]);
    expect(audit).toEqual([{ action: 'integration.source-created', data: expect.objectContaining({ key, transport: 'http', version: 1 }) }]);

    const list = await api('GET', '/ingest-sources', admin);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((s: { key: string }) => s.key)).toContain(key);

    const again = await api('POST', '/ingest-sources', admin, amlSourceBody(key));
    expectProblem(again, 409, 'ingest-source-exists');
  });

  it('changes a source with If-Match, refuses a stale version (412) and a missing one (428), and deletes it', async () => {
    const key = keyOf('change');
    await create(amlSourceBody(key));
    const { key: _key, ...body } = amlSourceBody(key, { onExisting: 'update', name: 'Renamed' });

    expectProblem(await api('PUT', `/ingest-sources/${key}`, admin, body), 428, 'precondition-required');
    const changed = await api('PUT', `/ingest-sources/${key}`, admin, body, { 'if-match': '"1"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ name: 'Renamed', onExisting: 'update', version: 2 });
    const audit = await t.sql<{ data: { changed: string[] } }>("SELECT data FROM audit.event WHERE action = 'integration.source-changed' AND target_id = $1", [key]);
    expect(audit.map((a) => a.data.changed)).toEqual([['name', 'onExisting']]);

    const stale = expectProblem(await api('PUT', `/ingest-sources/${key}`, admin, { ...body, name: 'Again' }, { 'if-match': '"1"' }), 412, 'ingest-source-version-stale');
    expect(stale.currentVersion).toBe(2);
    expect((await api('GET', `/ingest-sources/${key}`, admin)).json().name).toBe('Renamed');

    expectProblem(await api('DELETE', `/ingest-sources/${key}`, admin, undefined, { 'if-match': '"1"' }), 412, 'ingest-source-version-stale');
    const deleted = await api('DELETE', `/ingest-sources/${key}`, admin, undefined, { 'if-match': '"2"' });
    expect(deleted.statusCode).toBe(204);
    expectProblem(await api('GET', `/ingest-sources/${key}`, admin), 404, 'ingest-source-not-found');
    expect(await t.sql("SELECT 1 FROM audit.event WHERE action = 'integration.source-deleted' AND target_id = $1", [key])).toHaveLength(1);
  });

  it('keeps the callback secret sealed: never returned, kept when an update leaves it out', async () => {
    const key = keyOf('callback');
    const secret = 'callback-secret-0123456789';
    const writeBack = { target: 'callback', url: 'https://hotline.example/outcome', callbackSecret: secret, events: ['case.created'] };
    const res = await api('POST', '/ingest-sources', admin, amlSourceBody(key, { writeBack }));
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain(secret);
    expect(res.json().writeBack).toEqual({ target: 'callback', url: 'https://hotline.example/outcome', callbackSecretSet: true, events: ['case.created'] });
    const stored = await t.sql<{ callback_secret: string; write_back: unknown }>('SELECT callback_secret, write_back FROM integration.ingest_source WHERE key = $1', [key]);
    expect(stored[0]!.callback_secret).toMatch(/^dk1\./);
    expect(JSON.stringify(stored[0]!.write_back)).not.toContain(secret);
    expect(await findCallbackSecret(t.database.db, t.keyRing, key)).toBe(secret);

    // when: the source is changed without the secret
    const { key: _k, ...body } = amlSourceBody(key, { writeBack: { target: 'callback', url: 'https://hotline.example/v2', events: ['case.created'] } });
    const changed = await api('PUT', `/ingest-sources/${key}`, admin, body, { 'if-match': '"1"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().writeBack).toMatchObject({ url: 'https://hotline.example/v2', callbackSecretSet: true });
    expect(await findCallbackSecret(t.database.db, t.keyRing, key)).toBe(secret);
    const audit = await t.sql<{ data: unknown }>("SELECT data FROM audit.event WHERE target_id = $1 AND action LIKE 'integration.%'", [key]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});

describe('ingestion sources: validation names the field and changes nothing', () => {
  const refused = async (body: Record<string, unknown>, field: string, reason?: RegExp) => {
    const before = await t.sql('SELECT key FROM integration.ingest_source');
    const problem = expectProblem(await api('POST', '/ingest-sources', admin, body), 400, 'validation-failed');
    const error = problem.errors?.find((e) => e.field === field);
    expect(error, `${field} in ${JSON.stringify(problem.errors)}`).toBeDefined();
    if (reason) expect(error!.reason).toMatch(reason);
    expect(await t.sql('SELECT key FROM integration.ingest_source')).toEqual(before);
  };

  it('refuses the reserved keys of the customer channels', async () => {
    await refused(amlSourceBody('email'), 'key', /reserved/);
    await refused(amlSourceBody('web-form'), 'key', /reserved/);
  });

  it('refuses a transport block that does not match the transport', async () => {
    const nats = { stream: 'S', subject: 's.>', durable: 'd', deadLetterSubject: 'dl' };
    const amqp = { queue: 'q', deadLetterExchange: 'dlx' };
    await refused(amlSourceBody(keyOf('t1'), { transport: 'nats' }), 'nats', /required/);
    await refused(amlSourceBody(keyOf('t2'), { transport: 'amqp', nats }), 'nats', /left out/);
    await refused(amlSourceBody(keyOf('t3'), { transport: 'amqp', nats: null }), 'amqp', /required/);
    await refused(amlSourceBody(keyOf('t4'), { transport: 'http', amqp }), 'amqp', /left out/);
    await refused(amlSourceBody(keyOf('t5'), { transport: 'nats', nats: { stream: 'S' } }), 'nats.subject');
  });

  it('refuses a write-back without what its target needs', async () => {
    await refused(amlSourceBody(keyOf('w1'), { writeBack: { target: 'callback', url: 'https://x.example/cb', events: [] } }), 'writeBack.callbackSecret', /required/);
    await refused(amlSourceBody(keyOf('w2'), { writeBack: { target: 'nats', events: [] } }), 'writeBack.subject', /required/);
    await refused(amlSourceBody(keyOf('w3'), { writeBack: { target: 'amqp', events: [] } }), 'writeBack.routingKey', /required/);
  });

  it('refuses a mapping whose paths, FEEL or targets are wrong, and an unknown case type', async () => {
    const mapping = (fields: unknown[], extra: Record<string, unknown> = {}) =>
      amlSourceBody(keyOf('m'), { mapping: { externalId: '$.alert.id', caseType: 'suspicious-transaction', fields, ...extra } });
    await refused(mapping([], { externalId: 'alert.id' }), 'mapping.externalId', /\$/);
    await refused(mapping([], { caseType: 'no-such-type' }), 'mapping.caseType', /no case type/);
    await refused(mapping([{ target: 'title', path: '$.a[?(@.b > 1)]' }]), 'mapping.fields.0.path', /script/);
    await refused(mapping([{ target: 'title', feel: 'if then else (' }]), 'mapping.fields.0.feel');
    await refused(mapping([{ target: 'title', path: '$.a', value: 'x' }]), 'mapping.fields.0', /exactly one/);
    await refused(mapping([{ target: 'title' }]), 'mapping.fields.0', /exactly one/);
    await refused(mapping([{ target: 'colour', value: 'red' }]), 'mapping.fields.0.target', /not a case input field/);
    await refused(mapping([{ target: 'fields.nope', value: 1 }]), 'mapping.fields.0.target', /no form field nope/);
    await refused(mapping([{ target: 'customer.shoeSize', value: 1 }]), 'mapping.fields.0.target', /customer has no field/);
  });
});

describe('ingestion sources: who may', () => {
  it('refuses every admin route to a user without integration:admin (403), and messages to one without integration:ingest', async () => {
    const key = keyOf('perm');
    await create(amlSourceBody(key));
    const { key: _k, ...body } = amlSourceBody(key);
    const deadLetterId = '00000000-0000-4000-8000-000000000001';
    for (const token of [agent, feeder]) {
      expectProblem(await api('GET', '/ingest-sources', token), 403, 'forbidden');
      expectProblem(await api('POST', '/ingest-sources', token, amlSourceBody(keyOf('perm2'))), 403, 'forbidden');
      expectProblem(await api('GET', `/ingest-sources/${key}`, token), 403, 'forbidden');
      expectProblem(await api('PUT', `/ingest-sources/${key}`, token, body, { 'if-match': '"1"' }), 403, 'forbidden');
      expectProblem(await api('DELETE', `/ingest-sources/${key}`, token, undefined, { 'if-match': '"1"' }), 403, 'forbidden');
      expectProblem(await api('POST', `/ingest-sources/${key}/preview`, token, { message: amlAlert('P-1') }), 403, 'forbidden');
      expectProblem(await api('GET', `/ingest-sources/${key}/dead-letters`, token), 403, 'forbidden');
      expectProblem(await api('POST', `/ingest-sources/${key}/dead-letters/${deadLetterId}/replay`, token), 403, 'forbidden');
    }
    expectProblem(await api('POST', `/ingest-sources/${key}/messages`, agent, { messages: [amlAlert('P-1')] }), 403, 'forbidden');
    expect(await t.sql('SELECT 1 FROM cases.case WHERE external_source = $1', [key])).toHaveLength(0);
    // the feeder may hand messages over
    const fed = await api('POST', `/ingest-sources/${key}/messages`, feeder, { messages: [amlAlert('P-1')] });
    expect(fed.statusCode).toBe(200);
    expect(fed.json().counts).toMatchObject({ created: 1 });
    const onBehalf = await t.sql<{ on_behalf_of: string | null; actor_name: string }>(
      "SELECT on_behalf_of::text, actor_name FROM audit.event WHERE action = 'case.created' AND data->>'externalId' = 'P-1'",
    );
    expect(onBehalf).toEqual([{ on_behalf_of: expect.any(String), actor_name: `system:ingest:${key}` }]);
  });

  it('refuses messages over HTTP for a broker source (409) and for a switched-off source (409)', async () => {
    const natsKey = keyOf('nats');
    await create(amlSourceBody(natsKey, { transport: 'nats', nats: { stream: `S_${suffix}`, subject: `alerts.${suffix}`, durable: 'docket', deadLetterSubject: `alerts.${suffix}.dead` } }));
    expectProblem(await api('POST', `/ingest-sources/${natsKey}/messages`, feeder, { messages: [amlAlert('N-1')] }), 409, 'ingest-source-not-http');
    const offKey = keyOf('off');
    await create(amlSourceBody(offKey, { active: false }));
    expectProblem(await api('POST', `/ingest-sources/${offKey}/messages`, feeder, { messages: [amlAlert('O-1')] }), 409, 'ingest-source-inactive');
    expectProblem(await api('POST', `/ingest-sources/${keyOf('none')}/messages`, feeder, { messages: [amlAlert('X-1')] }), 404, 'ingest-source-not-found');
    expect(await t.sql('SELECT 1 FROM cases.case WHERE external_source IN ($1, $2)', [natsKey, offKey])).toHaveLength(0);
  });
});

describe('preview', () => {
  it('shows what a message maps to, and its errors, without writing', async () => {
    const key = keyOf('preview');
    await create(amlSourceBody(key));
    const good = await api('POST', `/ingest-sources/${key}/preview`, admin, { message: amlAlert('PV-1', { score: 50 }) });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({
      externalId: 'PV-1',
      errors: [],
      input: expect.objectContaining({
        type: 'suspicious-transaction',
        title: '可疑交易预警 PV-1',
        priority: 'normal',
        externalId: 'PV-1',
        source: key,
        tags: ['aml'],
        fields: expect.objectContaining({ alertId: 'PV-1', riskLevel: 'medium', amount: 250000 }),
      }),
    });
    const bad = await api('POST', `/ingest-sources/${key}/preview`, admin, { message: { alert: { score: 1 } } });
    expect(bad.json()).toMatchObject({ externalId: null, input: null, errors: expect.arrayContaining([expect.objectContaining({ field: 'externalId' })]) });
    expect(await t.sql('SELECT 1 FROM cases.case WHERE external_source = $1', [key])).toHaveLength(0);
    expect(await t.sql('SELECT 1 FROM integration.ingest_dead_letter WHERE source_key = $1', [key])).toHaveLength(0);
  });
});
