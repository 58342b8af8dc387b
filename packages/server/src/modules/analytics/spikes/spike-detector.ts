import type { Clock } from '../../../platform/clock/index.ts';
import type { CommandRunner } from '../../../platform/commands/index.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { Worker, WorkerHealth } from '../../../platform/workers/index.ts';
import { runSpikeRule } from './run-spike-rule.ts';
import { listSpikeRules } from './spike-store.ts';

type Log = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };

export interface SpikeDetectorOptions {
  database: Database;
  /** The one clock: rules are evaluated at its now (the test clock included). */
  clock: Clock;
  commands: CommandRunner;
  log?: Log;
  /** How often every enabled rule is evaluated. @default 900000 (15 minutes) */
  intervalMs?: number;
}

export interface SpikeDetector extends Worker {
  runDue(now: Date): Promise<void>;
  /** Evaluates every enabled rule at `now`; returns the number of risk cases opened. */
  runPass(now: Date): Promise<number>;
}

const silent: Log = { info: () => undefined, warn: () => undefined };

/**
 * The `analytics-spike-detector`: every interval, evaluates each enabled spike rule over the read
 * model's daily rollups and opens a risk case for each significant spike, as system:analytics.
 * Several processes may run it: a spike's case is opened under the rule's advisory lock after
 * checking none was opened for an overlapping window, so a second evaluation finds it and opens
 * nothing. The figures are only as fresh as the read model (its lag: read-model status).
 */
export function createSpikeDetector(options: SpikeDetectorOptions): SpikeDetector {
  const { database, clock, commands } = options;
  const log = options.log ?? silent;
  const intervalMs = options.intervalMs ?? 15 * 60_000;
  let stopping = false;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let lastRunAt: number | undefined;
  let lastFailure: string | undefined;

  async function runPass(now: Date): Promise<number> {
    let opened = 0;
    const failures: string[] = [];
    for (const rule of await listSpikeRules(database.db, { enabledOnly: true })) {
      if (stopping) break;
      try {
        const evaluation = await runSpikeRule({ db: database.db, commands }, rule, now);
        const spikes = evaluation.results.filter((r) => r.spike?.opened);
        opened += spikes.length;
        for (const r of spikes) log.info({ rule: rule.key, dimension: rule.dimension, caseId: r.spike!.caseId, observed: r.observed, threshold: r.threshold }, 'spike detected: risk case opened');
      } catch (error) {
        // One rule naming a case type or queue since deleted must not stop the others.
        failures.push(`${rule.key}: ${(error as Error).message}`);
        log.warn({ rule: rule.key, err: error }, 'a spike rule could not be evaluated; it is tried again at the next interval');
      }
    }
    lastRunAt = now.getTime();
    lastFailure = failures.length > 0 ? failures.join('; ') : undefined;
    return opened;
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      const now = clock.now();
      if (lastRunAt === undefined || now.getTime() - lastRunAt >= intervalMs) {
        try {
          await runPass(now);
        } catch (error) {
          lastFailure = (error as Error).message;
          log.warn({ err: error }, 'the spike detector pass failed; it tries again at the next interval');
        }
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(intervalMs, 60_000));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  return {
    name: 'analytics-spike-detector',
    async start() {
      stopping = false;
      running ??= loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = undefined;
    },
    health(): WorkerHealth {
      if (lastFailure) return { ok: false, detail: `the last pass failed: ${lastFailure}` };
      return { ok: true };
    },
    runPass,
    // The test clock: a pass when an interval has gone by since the last one, as the loop would.
    async runDue(now) {
      if (lastRunAt === undefined || now.getTime() - lastRunAt >= intervalMs) await runPass(now);
    },
  };
}
