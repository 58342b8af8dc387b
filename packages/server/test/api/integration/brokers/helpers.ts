import { randomBytes } from 'node:crypto';
import type { IngestBatch } from '../../../../src/modules/integration/consumers/index.ts';
import { ingestSourceMessages } from '../../../../src/modules/integration/index.ts';
import { bearer, type TestApp } from '../../../helpers/test-app.ts';
import { amlAlert, amlSourceBody, ingestDepsOf } from '../sources/source-fixtures.ts';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export const suffix = () => randomBytes(5).toString('hex');

/** An alert as a monitoring system publishes it (the AML source's mapping of sources/source-fixtures.ts). */
export function alert(id: string, overrides: { amount?: unknown } = {}) {
  return amlAlert(id, overrides);
}

/** A source made through the API as the admin: the AML mapping, the given transport settings. */
export async function createSource(t: TestApp, adminToken: string, key: string, settings: Record<string, unknown>): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/ingest-sources', headers: bearer(adminToken), payload: { ...amlSourceBody(key), ...settings } });
  if (res.statusCode !== 201) throw new Error(`source ${key}: ${res.statusCode} ${res.body}`);
}

/** What main.ts gives the consumers: the ingestion core (mapping, validation, dead letters) as the source's system actor. */
export function sourceIngest(t: TestApp): IngestBatch {
  return (key, messages) => ingestSourceMessages(ingestDepsOf(t), key, messages);
}

/**
 * 10 % duplicates and 1 % malformed (half not JSON, half failing the case type's rules) among
 * `total` messages, in a shuffled but repeatable order; `unique` is how many cases they make.
 */
export function alertStream(prefix: string, total: number): { bodies: string[]; unique: number; malformed: number } {
  const malformed = Math.round(total / 100);
  const duplicates = Math.round(total / 10);
  const unique = total - malformed - duplicates;
  const bodies: string[] = [];
  for (let i = 0; i < unique; i++) bodies.push(JSON.stringify(alert(`${prefix}-${i}`)));
  for (let i = 0; i < duplicates; i++) bodies.push(bodies[(i * 7919) % unique]!);
  for (let i = 0; i < malformed; i++) bodies.push(i % 2 === 0 ? `{"alertId": "${prefix}-bad-${i}", ` : JSON.stringify(alert(`${prefix}-bad-${i}`, { amount: -1 })));
  // A fixed shuffle: duplicates and malformed ones spread through the stream.
  let seed = 42;
  for (let i = bodies.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [bodies[i], bodies[j]] = [bodies[j]!, bodies[i]!];
  }
  return { bodies, unique, malformed };
}

/** Messages per broker test: 10,000 as the issue asks; BROKER_TEST_MESSAGES=1000 for a quick run while working. */
export const TEST_MESSAGES = Number(process.env.BROKER_TEST_MESSAGES ?? 10_000);

/**
 * How long the 10,000 may take to become cases: 240 s by default (about 40 cases/s). A machine
 * shared with other heavy work makes 20 cases/s or fewer, and the test then fails on time with
 * nothing wrong; BROKER_TEST_WAIT_MS=900000 gives it room without changing what is checked.
 */
export const INGEST_WAIT_MS = Number(process.env.BROKER_TEST_WAIT_MS ?? 240_000);
/** The whole test: the wait plus a minute for publishing and the checks. */
export const INGEST_TEST_MS = INGEST_WAIT_MS + 60_000;

const verbose = process.env.BROKER_TEST_LOG === '1';
export const quietLog = {
  info: (d: object, m: string) => verbose && console.log(m, d),
  warn: (d: object, m: string) => verbose && console.warn(m, d),
  error: (d: object, m: string) => console.error(m, d),
};

/** Polls until `check` is true; fails with `describe()` at the deadline. */
export async function waitFor(check: () => Promise<boolean> | boolean, describe: () => Promise<string> | string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting: ${await describe()}`);
}
