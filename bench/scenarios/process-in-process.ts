// Issue 14: straight-through instances started in the bench's own process through the commands
// layer — the command runner, startProcessInstance, the engine over the PostgreSQL store — on
// the target's database, with the target's key ring and the admin's principal. The same command
// the route runs, without HTTP, authentication, validation or JSON: what is left is the engine,
// the store's SQL and the commit.
import { loadavg } from 'node:os';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { openKeyRing } from '../../packages/server/src/main.ts';
import { resolvePrincipal } from '../../packages/server/src/modules/access/index.ts';
import { startProcessInstance, subscribeProcessWork } from '../../packages/server/src/modules/process/index.ts';
import { systemClock } from '../../packages/server/src/platform/clock/index.ts';
import { createCommandRunner } from '../../packages/server/src/platform/commands/index.ts';
import { openDatabase } from '../../packages/server/src/platform/db/database.ts';
import { percentile, round } from './http-load.ts';
import type { InProcessResult } from './process.ts';
import { STRAIGHT_THROUGH_KEY } from './process-models.ts';
import type { Target } from './target.ts';

// The server's default pool: at 64 callers the commands queue for it, as requests do in the server.
const POOL_SIZE = 20;

export async function runStraightThroughInProcess(target: Target, concurrency: number, durationSeconds: number): Promise<InProcessResult> {
  const config = loadConfig({ ...process.env, DATABASE_URL: target.databaseUrl, DOCKET_DATA_DIR: target.dataDir, DOCKET_CONFIG: '', LOG_LEVEL: 'silent' });
  const database = openDatabase(target.databaseUrl, POOL_SIZE);
  try {
    const keyRing = await openKeyRing(database, config);
    const commands = createCommandRunner(database, systemClock, keyRing);
    const unsubscribe = subscribeProcessWork(commands.subscribers);
    const actor = await resolvePrincipal(database.db, target.token, systemClock.now());
    if (!actor) throw new Error('the bench token does not resolve to a principal');
    const start = () => commands.runCommand({ actor, channel: 'api' }, (ctx) => startProcessInstance(ctx, {}, { processKey: STRAIGHT_THROUGH_KEY, variables: { amount: 25_000, customer: 'bench' } }));
    try {
      for (let i = 0; i < 50; i++) await start(); // warm-up: graph cache, pool connections, JIT
      const times: number[] = [];
      let failures = 0;
      let firstFailure: unknown;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const deadline = started + durationSeconds * 1000;
      let lastAt = started;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < deadline) {
            const t0 = performance.now();
            try {
              await start();
              lastAt = performance.now();
              times.push(lastAt - t0);
            } catch (error) {
              failures++;
              firstFailure ??= error;
            }
          }
        }),
      );
      const cpu = process.cpuUsage(cpuBefore);
      if (failures > 0 && times.length === 0) throw firstFailure;
      const seconds = (lastAt - started) / 1000;
      times.sort((a, b) => a - b);
      return {
        connections: concurrency,
        instances: times.length,
        durationSeconds: round(seconds, 2),
        perSecond: round(times.length / seconds, 1),
        p50: round(percentile(times, 50), 2),
        p95: round(percentile(times, 95), 2),
        p99: round(percentile(times, 99), 2),
        max: round(times[times.length - 1] ?? Number.NaN, 2),
        failures,
        loadAverage: round(loadavg()[0]!, 2),
        cpuMsPerInstance: round((cpu.user + cpu.system) / 1000 / Math.max(1, times.length), 3),
      };
    } finally {
      unsubscribe();
    }
  } finally {
    await database.close();
  }
}
