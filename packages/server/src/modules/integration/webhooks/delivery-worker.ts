import { Counter, Gauge, type Registry } from 'prom-client';
import type { Clock } from '../../../platform/clock/clock.ts';
import type { CommandRunner } from '../../../platform/commands/index.ts';
import type { KeyRing } from '../../../platform/crypto/index.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { Principal } from '../../../platform/http/principal.ts';
import type { Worker, WorkerHealth } from '../../../platform/workers/worker.ts';
import { buildDeliveryBody } from './delivery-body.ts';
import { postJson } from './http-post.ts';
import { signatureHeader } from './signature.ts';
import { loadOwnerPrincipal } from './webhook-owner.ts';
import { openWebhookSecret } from './webhook-secret.ts';
import { claimDueDeliveries, countUndeliveredByWebhook, deleteSucceededBefore, findSendTargets, recordAttempt, type DeliveryRow, type WebhookSendTarget } from './webhook-store.ts';

export interface WebhookWorkerLogger {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface WebhookDeliveryWorkerOptions {
  database: Database;
  clock: Clock;
  commands: CommandRunner;
  keyRing: KeyRing;
  log?: WebhookWorkerLogger;
  metrics?: Registry;
  /** DOCKET_WEBHOOK_TIMEOUT_MS. @default 10000 */
  timeoutMs?: number;
  /** DOCKET_WEBHOOK_MAX_ATTEMPTS: the attempt that fails this many times makes the delivery dead. @default 10 */
  maxAttempts?: number;
  /** Delay after the first failure; doubles per attempt. @default 10000 */
  backoffBaseMs?: number;
  /** @default 3600000 */
  backoffMaxMs?: number;
  /** Up to this share of the delay is added at random, so failed receivers are not hit in step. @default 0.1 */
  jitter?: number;
  /** Deliveries sent at the same time. @default 16 */
  concurrency?: number;
  /** Deliveries claimed per round. @default 100 */
  batchSize?: number;
  /** Idle wait between polls. @default 500 */
  pollIntervalMs?: number;
  /** Succeeded deliveries older than this are deleted. @default 30 days */
  retentionMs?: number;
}

export interface WebhookDeliveryWorker extends Worker {
  runDue(now: Date): Promise<void>;
  /** Ends the idle wait: new deliveries were written (tests, the fan-out). */
  wake(): void;
}

const silent: WebhookWorkerLogger = { debug: () => undefined, warn: () => undefined };
const CLEANUP_EVERY_MS = 60 * 60 * 1000;

/** The back-off after `attempt` failed attempts: base · 2^(attempt−1), at most max, plus jitter. */
export function retryDelayMs(attempt: number, base: number, max: number, jitter: number, random = Math.random): number {
  const delay = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay * (1 + jitter * random()));
}

/**
 * The webhook-deliveries worker: claims due deliveries (the oldest undelivered one per webhook and
 * case, so a receiver sees a case's events in order), builds each body at send time as the owner
 * reads the case, signs it and POSTs it; a 2xx has succeeded, anything else is tried again later
 * until the last attempt makes it dead. Any number of processes share the work (leases).
 */
export function createWebhookDeliveryWorker(options: WebhookDeliveryWorkerOptions): WebhookDeliveryWorker {
  const { database, clock, commands, keyRing } = options;
  const log = options.log ?? silent;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const base = options.backoffBaseMs ?? 10_000;
  const max = options.backoffMaxMs ?? 3_600_000;
  const jitter = options.jitter ?? 0.1;
  const concurrency = options.concurrency ?? 16;
  const batchSize = options.batchSize ?? 100;
  const pollMs = options.pollIntervalMs ?? 500;
  const retentionMs = options.retentionMs ?? 30 * 24 * 60 * 60 * 1000;
  // The lease outlasts one send (timeout) and the body's building by a margin.
  const leaseMs = timeoutMs + 30_000;

  const delivered = options.metrics
    ? new Counter({
        name: 'docket_webhook_deliveries_total',
        help: 'Webhook delivery attempts by result (failed: will be retried; dead: the last attempt failed)',
        labelNames: ['result'],
        registers: [options.metrics],
      })
    : undefined;
  if (options.metrics) {
    const registry = options.metrics;
    let snapshot: Promise<{ webhookId: string; pending: number; dead: number }[]> | undefined;
    // One query serves both gauges of a scrape.
    const counts = () => {
      snapshot ??= countUndeliveredByWebhook(database.db).finally(() => setTimeout(() => (snapshot = undefined), 1000));
      return snapshot;
    };
    new Gauge({
      name: 'docket_webhook_pending',
      help: 'Webhook deliveries not yet delivered (pending or retrying), per webhook',
      labelNames: ['webhook'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of await counts()) this.set({ webhook: c.webhookId }, c.pending);
      },
    });
    new Gauge({
      name: 'docket_webhook_dead_letters',
      help: 'Webhook deliveries that failed every attempt (the dead-letter list), per webhook',
      labelNames: ['webhook'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of await counts()) this.set({ webhook: c.webhookId }, c.dead);
      },
    });
  }

  let stopping = false;
  let running: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let lastFailure: string | undefined;
  let lastCleanup = 0;

  async function signingSecrets(target: WebhookSendTarget, now: Date): Promise<string[]> {
    const secrets = [await openWebhookSecret(keyRing, target.id, target.secretSealed)];
    if (target.previousSecretSealed && target.previousSecretValidUntil && target.previousSecretValidUntil > now) {
      secrets.push(await openWebhookSecret(keyRing, target.id, target.previousSecretSealed));
    }
    return secrets;
  }

  async function send(delivery: DeliveryRow, target: WebhookSendTarget | undefined, ownerOf: (target: WebhookSendTarget) => Promise<Principal | undefined>): Promise<void> {
    const attempt = delivery.attempts + 1;
    let result: { status: number | null; error: string | null; durationMs: number };
    if (!target) {
      result = { status: null, error: 'webhook deleted', durationMs: 0 };
    } else {
      try {
        const body = await buildDeliveryBody({ commands }, delivery, delivery.caseId ? await ownerOf(target) : undefined);
        const now = clock.now();
        const headers = {
          'content-type': 'application/json',
          'user-agent': 'Docket-Webhooks/1',
          'docket-signature': signatureHeader(body, await signingSecrets(target, now), now),
          'docket-event': delivery.eventType,
          'docket-delivery': delivery.id,
        };
        result = await postJson(target.url, body, headers, timeoutMs);
      } catch (error) {
        // Building the body failed (database, keys): said without the body or any value.
        result = { status: null, error: `could not prepare the delivery: ${(error as Error).name}`, durationMs: 0 };
      }
    }
    const at = clock.now();
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const dead = !ok && attempt >= maxAttempts;
    const status = ok ? 'succeeded' : dead ? 'dead' : 'retrying';
    const nextAttemptAt = ok || dead ? null : new Date(at.getTime() + retryDelayMs(attempt, base, max, jitter));
    await recordAttempt(database.db, { deliveryId: delivery.id, attempt, at, responseStatus: result.status, error: result.error, durationMs: result.durationMs, status, nextAttemptAt });
    delivered?.inc({ result: ok ? 'succeeded' : dead ? 'dead' : 'failed' });
    const details = { webhookId: delivery.webhookId, deliveryId: delivery.id, eventType: delivery.eventType, attempt, status: result.status, durationMs: result.durationMs };
    // A success is the common case (a thousand a second at full speed): counted in the metrics, logged only at debug.
    if (ok) log.debug(details, 'webhook delivered');
    else log.warn({ ...details, error: result.error, next: nextAttemptAt?.toISOString() ?? null }, dead ? 'webhook delivery dead after its last attempt' : 'webhook delivery failed; retrying later');
  }

  /** One round: claim a batch and send it, `concurrency` at a time; the number claimed. */
  async function round(now: Date): Promise<number> {
    const claimed = await claimDueDeliveries(database.db, now, batchSize, new Date(now.getTime() + leaseMs));
    if (claimed.length === 0) return 0;
    const targets = await findSendTargets(database.db, [...new Set(claimed.map((d) => d.webhookId))]);
    // The owner's grants are read once per round: fresh enough that a grant taken away applies
    // to the next round, without two queries per delivery.
    const owners = new Map<string, Promise<Principal | undefined>>();
    const ownerOf = (target: WebhookSendTarget) => {
      let owner = owners.get(target.id);
      if (!owner) {
        owner = loadOwnerPrincipal(database.db, target.ownerId, target.id);
        owners.set(target.id, owner);
      }
      return owner;
    };
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++]!;
        await send(delivery, targets.get(delivery.webhookId), ownerOf);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, lane));
    return claimed.length;
  }

  async function cleanup(now: Date): Promise<void> {
    if (now.getTime() - lastCleanup < CLEANUP_EVERY_MS) return;
    lastCleanup = now.getTime();
    const before = new Date(now.getTime() - retentionMs);
    while ((await deleteSucceededBefore(database.db, before, 5000)) === 5000 && !stopping);
  }

  /** Rounds at `now` until nothing is due (a delivery that failed is due later, not now). */
  async function runDue(now: Date): Promise<void> {
    await cleanup(now);
    while (!stopping && (await round(now)) > 0);
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let busy = false;
      try {
        const now = clock.now();
        await cleanup(now);
        busy = (await round(now)) > 0;
        lastFailure = undefined;
      } catch (error) {
        lastFailure = (error as Error).message;
        log.warn({ err: lastFailure }, 'the webhook worker could not finish a round; it tries again');
      }
      if (stopping) break;
      if (busy) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  }

  return {
    name: 'webhook-deliveries',
    async start() {
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      wakeUp?.();
      await running;
      running = undefined;
    },
    health(): WorkerHealth {
      if (!running) return { ok: false, detail: 'not running' };
      return lastFailure ? { ok: false, detail: lastFailure } : { ok: true };
    },
    runDue,
    wake() {
      wakeUp?.();
    },
  };
}
