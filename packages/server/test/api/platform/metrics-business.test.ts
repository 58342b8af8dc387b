import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/platform/clock/clock.ts';
import { domainEvent } from '../../../src/platform/events/index.ts';
import { createMetricsRegistry, createMetricsSubscriber } from '../../../src/platform/metrics/index.ts';
import { createOutboxDispatcher, enqueueOutboxEvents, type OutboxDispatcher } from '../../../src/platform/outbox/index.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// The business metrics on /metrics (issue 18): counters counted after commit by the outbox
// subscriber 'metrics', gauges read from the database on scrape, labels that never carry a case,
// a person or free text.

const METRICS_TOKEN = 'metrics-token-for-business-metrics';
const PHONE_AS_CHANNEL = '13812345678';

let t: TestApp;
let agent: string;
let dispatcher: OutboxDispatcher;

beforeAll(async () => {
  const registry = createMetricsRegistry();
  t = await createTestApp({ config: { metricsToken: METRICS_TOKEN }, metrics: registry });
  await createSeedCaseTypes(t, await t.login('admin'));
  await t.createUser('agent.metrics', ['agent']);
  agent = await t.login('agent.metrics');
  dispatcher = createOutboxDispatcher({ database: t.database, clock: systemClock, metrics: registry });
  dispatcher.subscribe(createMetricsSubscriber(registry, t.database));
  // Creates the subscriber's cursors and takes what the set-up wrote.
  await dispatcher.runDue(systemClock.now());
}, 60_000);
afterAll(async () => {
  await dispatcher.stop();
  await t.close();
});

async function scrape(): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(METRICS_TOKEN) });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** The value of one sample, or undefined when the series is absent. */
function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of body.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(match[3]);
  }
  return undefined;
}

async function createCase(overrides: Record<string, unknown> = {}): Promise<{ id: string; number: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(agent), payload: complaint(overrides) });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('/metrics protection', () => {
  it('refuses a scrape without the token and with a wrong one, changing nothing', async () => {
    const without = await t.app.inject({ method: 'GET', url: '/metrics' });
    expectProblem(without, 401, 'unauthenticated');
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer('not-the-metrics-token') });
    expectProblem(wrong, 401, 'unauthenticated');
    expect(wrong.body).not.toContain('docket_cases_open');
  });
});

describe('docket_cases_created_total{type,channel}', () => {
  it('grows by one per case created, after commit, by case type key and channel', async () => {
    // given
    const before = sample(await scrape(), 'docket_cases_created_total', { type: 'complaint', channel: 'phone' }) ?? 0;
    // when
    await createCase({ channel: 'phone' });
    await createCase({ channel: 'phone' });
    await dispatcher.runDue(systemClock.now());
    // then
    expect(sample(await scrape(), 'docket_cases_created_total', { type: 'complaint', channel: 'phone' })).toBe(before + 2);
  });

  it('counts a channel that is not a key (a phone number, an address) as "other", never as its value', async () => {
    // given
    const before = sample(await scrape(), 'docket_cases_created_total', { type: 'complaint', channel: 'other' }) ?? 0;
    // when
    const a = await createCase({ channel: PHONE_AS_CHANNEL });
    const b = await createCase({ channel: 'Zhang San <zhang.san@example.com>' });
    await dispatcher.runDue(systemClock.now());
    const body = await scrape();
    // then
    expect(sample(body, 'docket_cases_created_total', { type: 'complaint', channel: 'other' })).toBe(before + 2);
    for (const secret of [PHONE_AS_CHANNEL, 'zhang.san', 'Zhang San', a.id, a.number, b.id, b.number, 'agent.metrics', '张三']) expect(body).not.toContain(secret);
  });
});

describe('docket_cases_open{queue}', () => {
  it('is the open backlog of each queue, read on scrape', async () => {
    // given
    const created = await createCase();
    const queue = (await t.sql<{ queue: string }>('SELECT queue FROM cases.case WHERE id = $1', [created.id]))[0]!.queue;
    const open = (await t.sql<{ open: number }>("SELECT count(*)::int AS open FROM cases.case WHERE queue = $1 AND status_category IN ('open', 'waiting')", [queue]))[0]!.open;
    // then
    expect(sample(await scrape(), 'docket_cases_open', { queue })).toBe(open);
    // when another case lands there
    await createCase();
    // then
    expect(sample(await scrape(), 'docket_cases_open', { queue })).toBe(open + 1);
  });
});

describe('docket_sla_breaches_total{target}', () => {
  it('counts each sla.target-breached event once, by target key', async () => {
    // given
    const before = sample(await scrape(), 'docket_sla_breaches_total', { target: 'resolution' }) ?? 0;
    const created = await createCase();
    // when: a breach event as the SLA scheduler commits it
    await t.database.db
      .transaction()
      .execute((tx) =>
        enqueueOutboxEvents(tx, [
          domainEvent('sla.target-breached', 'case', created.id, { targetId: created.id, caseId: created.id, taskId: null, key: 'resolution', dueAt: new Date().toISOString() }),
        ]),
      );
    await dispatcher.runDue(systemClock.now());
    await dispatcher.runDue(systemClock.now());
    // then
    expect(sample(await scrape(), 'docket_sla_breaches_total', { target: 'resolution' })).toBe(before + 1);
  });
});

describe('docket_outbox_oldest_pending_seconds{subscriber}', () => {
  it('is the age of the oldest event a subscriber has not taken, and 0 once it has', async () => {
    // given the events of a case creation, waiting for two minutes
    await createCase();
    await t.sql("UPDATE platform.outbox_event SET created_at = now() - interval '120 seconds' WHERE position IS NULL");
    // then
    expect(sample(await scrape(), 'docket_outbox_oldest_pending_seconds', { subscriber: 'metrics' })).toBeGreaterThanOrEqual(120);
    // when
    await dispatcher.runDue(systemClock.now());
    // then
    expect(sample(await scrape(), 'docket_outbox_oldest_pending_seconds', { subscriber: 'metrics' })).toBe(0);
  });
});

describe('docket_audit_sequencer_lag', () => {
  it('counts the audit events no sequencer has integrated (none runs here) and the age of the first', async () => {
    // given
    await createCase();
    const events = (await t.sql<{ events: number }>('SELECT count(*)::int AS events FROM audit.event'))[0]!.events;
    // then
    const body = await scrape();
    expect(events).toBeGreaterThan(0);
    expect(sample(body, 'docket_audit_sequencer_lag')).toBe(events);
    expect(sample(body, 'docket_audit_sequencer_lag_seconds')).toBeGreaterThanOrEqual(0);
  });
});

describe('labels', () => {
  it('carry no case id, case number, user name or customer data', async () => {
    const cases = await t.sql<{ id: string; number: string }>('SELECT id::text, number FROM cases.case');
    const body = await scrape();
    for (const c of cases) {
      expect(body).not.toContain(c.id);
      expect(body).not.toContain(c.number);
    }
    for (const secret of ['agent.metrics', 'C00012345', '11010519491231002X', '6222021234567894']) expect(body).not.toContain(secret);
  });
});

// Grafana replaces it with the data source picked at import.
const DATASOURCE_VARIABLE = ['$', '{DS_PROMETHEUS}'].join('');

describe('the Grafana dashboard (docs/operators/grafana/docket.json)', () => {
  it('queries through the DS_PROMETHEUS input variable only, and every metric it names is documented', async () => {
    const { readFile } = await import('node:fs/promises');
    const dashboard = JSON.parse(await readFile(new URL('../../../../../docs/operators/grafana/docket.json', import.meta.url), 'utf8'));
    const doc = await readFile(new URL('../../../../../docs/operators/metrics.md', import.meta.url), 'utf8');
    const panels = (dashboard.panels as { type: string; datasource?: { uid: string }; targets?: { expr: string }[] }[]).filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThan(10);
    const names = new Set<string>();
    for (const panel of panels) {
      expect(panel.datasource?.uid).toBe(DATASOURCE_VARIABLE);
      for (const target of panel.targets ?? []) for (const name of target.expr.match(/docket_[a-z0-9_]+/g) ?? []) names.add(name.replace(/_(bucket|count|sum)$/, ''));
    }
    const undocumented = [...names].filter((name) => !doc.includes(name) && !/^docket_(process|nodejs)_/.test(name));
    expect(undocumented).toEqual([]);
    // The business metrics of this part are on /metrics under the names the dashboard queries.
    const body = await scrape();
    for (const name of [
      'docket_cases_created_total',
      'docket_cases_open',
      'docket_sla_breaches_total',
      'docket_outbox_oldest_pending_seconds',
      'docket_audit_sequencer_lag',
      'docket_http_request_duration_seconds',
      'docket_nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(names.has(name), name).toBe(true);
      expect(body).toContain(`# TYPE ${name} `);
    }
  });
});
