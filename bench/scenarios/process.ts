// Issue 14's figures: process instances and user-task completions through the API, beside the
// raw single-row transaction limit the same run measured, and the history of many completed
// instances queried by case.
import { loadavg } from 'node:os';
import { percentile, round, runLoad, withServerCpu, type LoadResult } from './http-load.ts';
import { CREDIT_APPROVAL_BPMN, CREDIT_APPROVAL_KEY, CREDIT_APPROVAL_STAGES, DECISION_DMN, DECISION_KEY, STRAIGHT_THROUGH_BPMN, STRAIGHT_THROUGH_KEY } from './process-models.ts';
import { api, type Target } from './target.ts';

/** Deploys the decision, then the two processes; throws with the server's answer when one is refused. */
export async function deployProcessModels(target: Target): Promise<void> {
  const decision = await api(target, 'POST', '/api/v1/decisions', { xml: DECISION_DMN });
  if (decision.status !== 201) throw new Error(`deploying decision ${DECISION_KEY}: ${decision.status} ${JSON.stringify(decision.body)}`);
  for (const [key, xml] of [
    [STRAIGHT_THROUGH_KEY, STRAIGHT_THROUGH_BPMN],
    [CREDIT_APPROVAL_KEY, CREDIT_APPROVAL_BPMN],
  ] as const) {
    const res = await api(target, 'POST', '/api/v1/processes', { xml });
    if (res.status !== 201) throw new Error(`deploying process ${key}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  // One instance end to end before any figure: a model that deploys but cannot run fails here, named.
  const probe = await api<{ id: string }>(target, 'POST', '/api/v1/process-instances', { processKey: STRAIGHT_THROUGH_KEY, variables: { amount: 5_000 } });
  if (probe.status !== 201) throw new Error(`starting ${STRAIGHT_THROUGH_KEY}: ${probe.status} ${JSON.stringify(probe.body)}`);
  const shown = await api<{ state: string; variables: Record<string, unknown> }>(target, 'GET', `/api/v1/process-instances/${probe.body.id}`);
  if (shown.body.state !== 'completed') throw new Error(`${STRAIGHT_THROUGH_KEY} did not run straight through: ${JSON.stringify(shown.body)}`);
  if (shown.body.variables.riskClass !== 'low') throw new Error(`${STRAIGHT_THROUGH_KEY}: the decision's result is not in the variables: ${JSON.stringify(shown.body.variables)}`);
}

/** POST /api/v1/process-instances of the straight-through process under autocannon: one whole instance per request. */
export async function runStraightThroughHttp(target: Target, connections: number, durationSeconds: number): Promise<LoadResult> {
  return withServerCpu(target, () =>
    runLoad({
      url: target.url,
      token: target.token,
      path: '/api/v1/process-instances',
      method: 'POST',
      body: JSON.stringify({ processKey: STRAIGHT_THROUGH_KEY, variables: { amount: 25_000, customer: 'bench' } }),
      connections,
      duration: durationSeconds,
    }),
  );
}

export interface CompletionResult extends LoadResult {
  /** Credit approvals driven through all four tasks. */
  instances: number;
  /** Seconds spent creating the instances and listing their tasks (not part of the figure). */
  setupSeconds: number;
  /** Completions refused as a concurrent change of the same instance (409), counted in non2xx. */
  conflicts: number;
}

/** Runs `items` through `fn`, `connections` at a time, keeping every response time and status. */
async function timed<T>(items: T[], connections: number, fn: (item: T) => Promise<number>) {
  const times: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(connections, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const t0 = performance.now();
        try {
          const status = await fn(item);
          times.push(performance.now() - t0);
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { times, statusCodes, errors, seconds: (performance.now() - started) / 1000 };
}

async function openTasksOf(target: Target, instanceIds: string[]): Promise<{ id: string; elementId: string }[]> {
  const tasks: { id: string; elementId: string }[] = [];
  await timed(instanceIds, 16, async (id) => {
    const res = await api<unknown>(target, 'GET', `/api/v1/tasks?processInstanceId=${id}`);
    if (res.status !== 200) throw new Error(`listing tasks of ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    const list = (Array.isArray(res.body) ? res.body : Object.values(res.body as object).find(Array.isArray)) as { id: string; elementId: string }[];
    tasks.push(...list);
    return res.status;
  });
  return tasks;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * `instances` credit approvals started (untimed), then their tasks completed stage by stage
 * through POST /api/v1/tasks/{id}/complete, `connections` at a time: all credit reviews, then
 * risk and compliance shuffled together (two tasks of one instance may be completed at once,
 * as two officers would), then legal. The figure is every completion over the time spent
 * completing; listing the next stage's tasks between stages is not counted.
 */
export async function runTaskCompletions(target: Target, connections: number, instances: number): Promise<CompletionResult> {
  const setupStarted = performance.now();
  const instanceIds: string[] = [];
  await timed(
    Array.from({ length: instances }, (_, i) => i),
    16,
    async (i) => {
      const res = await api<{ id: string }>(target, 'POST', '/api/v1/process-instances', { processKey: CREDIT_APPROVAL_KEY, variables: { amount: 10_000 + i, applicant: `bench-${i}` } });
      if (res.status !== 201) throw new Error(`starting ${CREDIT_APPROVAL_KEY}: ${res.status} ${JSON.stringify(res.body)}`);
      instanceIds.push(res.body.id);
      return res.status;
    },
  );
  let setupMs = performance.now() - setupStarted;
  const times: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let seconds = 0;
  const cpuBefore = await target.serverCpuMs();
  let listingCpuMs = 0;
  for (const stage of CREDIT_APPROVAL_STAGES) {
    const listStarted = performance.now();
    const cpuListing = await target.serverCpuMs();
    const tasks = shuffle((await openTasksOf(target, instanceIds)).filter((t) => (stage as readonly string[]).includes(t.elementId)));
    listingCpuMs += (await target.serverCpuMs()) - cpuListing;
    setupMs += performance.now() - listStarted;
    if (tasks.length !== instances * stage.length) throw new Error(`expected ${instances * stage.length} open ${stage.join('/')} tasks, found ${tasks.length}`);
    const run = await timed(tasks, connections, async (task) => {
      const res = await fetch(`${target.url}/api/v1/tasks/${task.id}/complete`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ variables: { [`${task.elementId}Approved`]: true }, outcome: 'approved' }),
      });
      await res.arrayBuffer();
      return res.status;
    });
    times.push(...run.times);
    for (const [code, n] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
    errors += run.errors;
    seconds += run.seconds;
  }
  const cpuMs = (await target.serverCpuMs()) - cpuBefore - listingCpuMs;
  times.sort((a, b) => a - b);
  const ok = Object.entries(statusCodes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    connections,
    instances,
    requests: times.length,
    ok,
    errors,
    non2xx: times.length - ok,
    conflicts: statusCodes['409'] ?? 0,
    durationSeconds: round(seconds, 2),
    perSecond: round(ok / seconds, 1),
    p50: round(percentile(times, 50), 2),
    p95: round(percentile(times, 95), 2),
    p99: round(percentile(times, 99), 2),
    max: round(times[times.length - 1] ?? Number.NaN, 2),
    statusCodes,
    loadAverage: round(loadavg()[0]!, 2),
    serverCpuMsPerRequest: round(cpuMs / Math.max(1, times.length), 3),
    setupSeconds: round(setupMs / 1000, 1),
  };
}

export interface HistoryReadResult extends LoadResult {
  /** What was requested: the route, or the store's SQL when no route lists a case's history. */
  through: string;
  /** Element-history rows per answer (mean). */
  rowsPerAnswer?: number;
}

export interface ProcessResult {
  straightThroughHttp: LoadResult[];
  straightThroughInProcess: InProcessResult[];
  completions: CompletionResult[];
  historyLoad?: import('./process-history.ts').HistoryLoadResult;
  historyReads: HistoryReadResult[];
  historyExplain?: { sql: string; plan: string; executionMs: number; partitionsScanned: number };
  /** A part that failed, with its error; the other parts still ran. */
  errors: { part: string; error: string }[];
  seconds: number;
}

export interface InProcessResult {
  connections: number;
  instances: number;
  durationSeconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  failures: number;
  loadAverage: number;
  /** CPU time of the bench process (which runs the commands) per instance, ms. */
  cpuMsPerInstance: number;
}

export interface ProcessOptions {
  seconds: number;
  connections: number[];
  completionInstances: Record<number, number>;
  historyInstances: number;
  historyReads: number;
  historyReadMaxSeconds: number;
  historyConnections: number[];
}

/** Every issue-14 figure on one target; a part that fails is recorded and the next one runs. */
export async function measureProcess(target: Target, options: ProcessOptions, log: (m: string) => void): Promise<ProcessResult> {
  const t0 = performance.now();
  const result: ProcessResult = { straightThroughHttp: [], straightThroughInProcess: [], completions: [], historyReads: [], errors: [], seconds: 0 };
  const part = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      result.errors.push({ part: name, error: (error as Error).stack ?? String(error) });
      log(`  [${target.name}] ${name} failed: ${(error as Error).message}`);
    }
  };
  let deployed = false;
  await part('deploy', async () => {
    log(`  [${target.name}] deploying the bench decision and processes`);
    await deployProcessModels(target);
    deployed = true;
  });
  if (!deployed) return { ...result, seconds: round((performance.now() - t0) / 1000, 0) };

  await part('straight-through over HTTP', async () => {
    await runStraightThroughHttp(target, 8, 2); // warm-up: compiled paths, pool connections
    for (const connections of options.connections) {
      log(`  [${target.name}] straight-through instances, POST /api/v1/process-instances, ${connections} connection(s), ${options.seconds} s`);
      const r = await runStraightThroughHttp(target, connections, options.seconds);
      result.straightThroughHttp.push(r);
      log(`    ${r.perSecond} instances/s p50 ${r.p50} ms p99 ${r.p99} ms (non-2xx ${r.non2xx}, errors ${r.errors}); server CPU ${r.serverCpuMsPerRequest} ms per instance`);
    }
  });
  await part('straight-through in-process', async () => {
    const { runStraightThroughInProcess } = await import('./process-in-process.ts');
    for (const connections of options.connections) {
      log(`  [${target.name}] straight-through instances in-process through the commands layer, ${connections} at a time, ${options.seconds} s`);
      const r = await runStraightThroughInProcess(target, connections, options.seconds);
      result.straightThroughInProcess.push(r);
      log(`    ${r.perSecond} instances/s p50 ${r.p50} ms p99 ${r.p99} ms (failures ${r.failures}); CPU ${r.cpuMsPerInstance} ms per instance`);
    }
  });
  await part('user-task completions', async () => {
    for (const connections of options.connections) {
      const instances = options.completionInstances[connections] ?? 200;
      log(`  [${target.name}] credit-approval task completions, ${instances} instances × 4 tasks, ${connections} connection(s)`);
      const r = await runTaskCompletions(target, connections, instances);
      result.completions.push(r);
      log(`    ${r.perSecond} completions/s p50 ${r.p50} ms p99 ${r.p99} ms (non-2xx ${r.non2xx}, of which 409 ${r.conflicts}); server CPU ${r.serverCpuMsPerRequest} ms per completion`);
    }
  });
  if (options.historyInstances > 0) {
    await part('history load', async () => {
      const { loadProcessHistory } = await import('./process-history.ts');
      log(`  [${target.name}] loading ${options.historyInstances.toLocaleString('en')} completed instances of history in SQL`);
      result.historyLoad = await loadProcessHistory(target.databaseUrl, options.historyInstances, log);
      const l = result.historyLoad;
      log(
        `    ${l.totalSeconds} s (insert ${l.insertSeconds}, indexes ${l.indexSeconds}, analyze ${l.analyzeSeconds}); history ${l.historySize} + ${l.historyIndexesSize} of indexes in ${l.partitions} partitions`,
      );
    });
    if (result.historyLoad) {
      await part('history by case', async () => {
        const { runHistoryByCase } = await import('./process-history-reads.ts');
        const reads = await runHistoryByCase(target, options, log);
        result.historyReads.push(...reads.reads);
        result.historyExplain = reads.explain;
      });
    }
  }
  result.seconds = round((performance.now() - t0) / 1000, 0);
  return result;
}
