import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../../src/app.ts';
import { loadConfig } from '../../../../src/config/config.ts';
import { resolvePrincipal } from '../../../../src/modules/access/index.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { amlAlert, amlSourceBody } from './source-fixtures.ts';

// The http transport end to end: messages POSTed as an outside system would publish them to a
// broker, mapped into cases, bad ones dead-lettered with reasons; redelivery, update, replay.
// The app here logs everything (trace) into memory, so the test can read what reached the logs.

let t: TestApp;
let app: FastifyInstance;
let admin: string;
const logLines: string[] = [];
const suffix = randomBytes(3).toString('hex');
const keyOf = (name: string) => `${name}-${suffix}`;

beforeAll(async () => {
  t = await createTestApp();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  app = await buildApp(
    {
      config: { ...loadConfig({}), seedDemo: false, loginRateLimitPerMinute: 1000 },
      database: t.database,
      clock: t.clock,
      keyRing: t.keyRing,
      commands: t.commands,
      resolvePrincipal: (token) => resolvePrincipal(t.database.db, token, t.clock.now()),
    },
    { logger: pino({ level: 'trace' }, stream) },
  );
  await app.ready();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
}, 60_000);
afterAll(async () => {
  await app.close();
  await t.close();
});

const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(admin), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
const createSource = async (body: Record<string, unknown>) => {
  const res = await api('POST', '/ingest-sources', body);
  if (res.statusCode !== 201) throw new Error(`create ${res.statusCode}: ${res.body}`);
  return res.json();
};
const post = async (key: string, messages: unknown[]) => {
  const res = await api('POST', `/ingest-sources/${key}/messages`, { messages });
  if (res.statusCode !== 200) throw new Error(`messages ${res.statusCode}: ${res.body}`);
  return res;
};
const count = async (sql: string, values: unknown[] = []) => Number((await t.sql<{ n: string }>(sql, values))[0]!.n);

/** A deterministic shuffle, so a failure can be rerun as it was. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('POST /ingest-sources/{key}/messages', () => {
  it('turns 1,000 messages with duplicates and malformed ones into exactly the right cases and dead letters', async () => {
    // given: 900 good alerts, 90 repeats of them, 5 that are not JSON and 5 without an amount; the
    // bad ones carry account numbers that must never show in an answer or a log line
    const key = keyOf('bulk');
    await createSource(amlSourceBody(key));
    const secretAccount = (i: number) => `62220299${String(i).padStart(8, '0')}77`;
    const good = Array.from({ length: 900 }, (_, i) => ({ kind: 'good', id: `G-${i}`, message: amlAlert(`G-${i}`, { score: i % 100 }) as unknown }));
    const repeats = good.slice(0, 90).map((g) => ({ ...g, kind: 'repeat' }));
    const notJson = Array.from({ length: 5 }, (_, i) => ({ kind: 'not-json', id: `J-${i}`, message: `{"alert": {"id": "J-${i}", "account": "${secretAccount(i)}"` as unknown }));
    const noAmount = Array.from({ length: 5 }, (_, i) => ({ kind: 'no-amount', id: `M-${i}`, message: amlAlert(`M-${i}`, { amount: null, account: secretAccount(100 + i) }) as unknown }));
    const all = shuffled([...good, ...repeats, ...notJson, ...noAmount], 18);
    // the first of each id in the shuffled order is the one that creates its case
    const firstIndexOf = new Map<string, number>();
    all.forEach((m, i) => {
      if (!firstIndexOf.has(m.id)) firstIndexOf.set(m.id, i);
    });

    // when
    const res = await post(
      key,
      all.map((m) => m.message),
    );
    // then: one result per message in order; the counts add up
    const answer = res.json();
    expect(answer.counts).toEqual({ created: 900, updated: 0, duplicate: 90, invalid: 10, refused: 0 });
    expect(answer.results).toHaveLength(1000);
    const byId = new Map<string, string>();
    all.forEach((m, i) => {
      const result = answer.results[i];
      expect(result.index).toBe(i);
      if (m.kind === 'not-json') expect(result).toMatchObject({ status: 'invalid', errors: [{ field: '(message)', reason: 'is not valid JSON' }], deadLetterId: expect.any(String) });
      else if (m.kind === 'no-amount') expect(result).toMatchObject({ status: 'invalid', errors: [expect.objectContaining({ field: 'fields.amount' })], deadLetterId: expect.any(String) });
      else if (firstIndexOf.get(m.id) === i) {
        expect(result).toMatchObject({ status: 'created', id: expect.any(String), number: expect.any(String) });
        byId.set(m.id, result.id);
      }
    });
    all.forEach((m, i) => {
      if (m.kind !== 'not-json' && m.kind !== 'no-amount' && firstIndexOf.get(m.id) !== i) expect(answer.results[i]).toMatchObject({ status: 'duplicate', id: byId.get(m.id) });
    });
    expect(await count('SELECT count(*) AS n FROM cases.case WHERE external_source = $1', [key])).toBe(900);
    expect(await count('SELECT count(DISTINCT external_id) AS n FROM cases.case WHERE external_source = $1', [key])).toBe(900);
    expect(await count('SELECT count(*) AS n FROM integration.ingest_dead_letter WHERE source_key = $1', [key])).toBe(10);

    // the dead letters, listed page by page, say why and which alert, never the message
    const listed: { externalId: string | null; reason: string; errors: { field: string }[] }[] = [];
    let cursor: string | null = null;
    do {
      const page = await api('GET', `/ingest-sources/${key}/dead-letters?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.statusCode).toBe(200);
      for (const body of [page.body]) for (let i = 0; i < 10; i++) expect(body).not.toContain(secretAccount(i < 5 ? i : 95 + i));
      listed.push(...page.json().items);
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(listed).toHaveLength(10);
    expect(listed.filter((d) => d.reason.includes('is not valid JSON'))).toHaveLength(5);
    expect(
      listed
        .filter((d) => d.errors.some((e) => e.field === 'fields.amount'))
        .map((d) => d.externalId)
        .sort(),
    ).toEqual(['M-0', 'M-1', 'M-2', 'M-3', 'M-4']);

    // when: everything is delivered again
    const again = (
      await post(
        key,
        all.map((m) => m.message),
      )
    ).json();
    // then: no second effect
    expect(again.counts).toEqual({ created: 0, updated: 0, duplicate: 990, invalid: 10, refused: 0 });
    expect(await count('SELECT count(*) AS n FROM cases.case WHERE external_source = $1', [key])).toBe(900);
    expect(await count('SELECT count(*) AS n FROM integration.ingest_dead_letter WHERE source_key = $1', [key])).toBe(10);
    const source = (await api('GET', `/ingest-sources/${key}`)).json();
    expect(source.stats).toMatchObject({ received: 2000, created: 900, duplicates: 1080, deadLetters: 10 });

    // and no account number of a bad message reached the logs
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) {
      expect(logs).not.toContain(secretAccount(i));
      expect(logs).not.toContain(secretAccount(100 + i));
    }
  }, 120_000);

  it("with onExisting 'update' applies a repeated alert's changed values once, through the case's update", async () => {
    const key = keyOf('update');
    await createSource(amlSourceBody(key, { onExisting: 'update' }));
    const first = (await post(key, [amlAlert('U-1', { score: 50 })])).json().results[0];
    expect(first).toMatchObject({ status: 'created' });

    // when: the monitoring system raises the same alert with a higher score, twice
    const second = (await post(key, [amlAlert('U-1', { score: 95 }), amlAlert('U-1', { score: 95 })])).json();
    // then: the first applies the change, the second finds nothing to change
    expect(second.results.map((r: { status: string; id: string }) => [r.status, r.id])).toEqual([
      ['updated', first.id],
      ['duplicate', first.id],
    ]);
    const view = (await api('GET', `/cases/${first.id}`)).json();
    expect(view.priority).toBe('urgent');
    expect(view.fields.riskLevel).toBe('high');
    const updates = await t.sql<{ actor_name: string }>("SELECT actor_name FROM audit.event WHERE action = 'case.updated' AND target_id = $1", [first.id]);
    expect(updates).toEqual([{ actor_name: `system:ingest:${key}` }]);
    // when: redelivered once more: nothing
    expect((await post(key, [amlAlert('U-1', { score: 95 })])).json().results[0].status).toBe('duplicate');
    expect(await count('SELECT count(*) AS n FROM cases.case WHERE external_source = $1', [key])).toBe(1);
    expect((await api('GET', `/ingest-sources/${key}`)).json().stats).toMatchObject({ created: 1, updated: 1, duplicates: 2 });
  });

  it('replays a dead letter after the mapping is fixed: the case is created and the dead letter marked', async () => {
    // given: a source whose mapping reads the amount from the wrong place
    const key = keyOf('replay');
    const broken = amlSourceBody(key);
    const fields = broken.mapping.fields.map((f) => (f.target === 'fields.amount' ? { target: 'fields.amount', path: '$.alert.amt' } : f));
    await createSource({ ...broken, mapping: { ...broken.mapping, fields } });
    const [letter, stillBad] = (await post(key, [amlAlert('R-1'), amlAlert('R-2', { amount: null })])).json().results;
    expect(letter).toMatchObject({ status: 'invalid', deadLetterId: expect.any(String) });

    // a replay with the mapping still broken keeps the dead letter
    const early = await api('POST', `/ingest-sources/${key}/dead-letters/${letter.deadLetterId}/replay`);
    expect(early.statusCode).toBe(200);
    expect(early.json()).toMatchObject({ status: 'invalid', deadLetterId: letter.deadLetterId });
    expect(await count('SELECT count(*) AS n FROM cases.case WHERE external_source = $1', [key])).toBe(0);

    // when: the mapping is fixed and the dead letter replayed
    const { key: _k, ...fixed } = amlSourceBody(key);
    expect((await api('PUT', `/ingest-sources/${key}`, fixed, { 'if-match': '"1"' })).statusCode).toBe(200);
    const replay = await api('POST', `/ingest-sources/${key}/dead-letters/${letter.deadLetterId}/replay`);
    // then
    expect(replay.statusCode).toBe(200);
    const replayed = replay.json();
    expect(replayed).toMatchObject({ index: 0, status: 'created', id: expect.any(String), number: expect.any(String) });
    expect(replayed.deadLetterId).toBeUndefined();
    const cases = await t.sql<{ id: string; external_id: string }>('SELECT id, external_id FROM cases.case WHERE external_source = $1', [key]);
    expect(cases).toEqual([{ id: replayed.id, external_id: 'R-1' }]);
    const list = (await api('GET', `/ingest-sources/${key}/dead-letters`)).json().items;
    expect(list.find((d: { id: string }) => d.id === letter.deadLetterId)).toMatchObject({ replayedAt: expect.any(String), replayCaseId: replayed.id });
    expect(list.find((d: { id: string }) => d.id === stillBad.deadLetterId)).toMatchObject({ replayedAt: null, replayCaseId: null });
    const audit = await t.sql<{ data: { status: string } }>("SELECT data FROM audit.event WHERE action = 'integration.dead-letter-replayed' AND target_id = $1 ORDER BY occurred_at", [
      letter.deadLetterId,
    ]);
    expect(audit.map((a) => a.data.status)).toEqual(['invalid', 'created']);

    // a second replay finds the case: one case still
    expect((await api('POST', `/ingest-sources/${key}/dead-letters/${letter.deadLetterId}/replay`)).json()).toMatchObject({ status: 'duplicate', id: replayed.id });
    expect(await count('SELECT count(*) AS n FROM cases.case WHERE external_source = $1', [key])).toBe(1);
    const missing = await api('POST', `/ingest-sources/${key}/dead-letters/00000000-0000-4000-8000-000000000009/replay`);
    expect(missing.statusCode).toBe(404);
  });
});
