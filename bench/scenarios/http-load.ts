// autocannon, with every response time kept so any percentile (p95 too) is exact.
import { loadavg } from 'node:os';
import autocannon from 'autocannon';

export interface LoadResult {
  connections: number;
  requests: number;
  ok: number;
  errors: number;
  non2xx: number;
  durationSeconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statusCodes: Record<string, number>;
  /** 1-minute load average when the figure was taken: how busy the shared machine was. */
  loadAverage: number;
  /**
   * CPU time of the Docket process (user + system) per answered request, ms: what a request
   * costs the server, far less sensitive to other work on the machine than latency or req/s.
   */
  serverCpuMsPerRequest?: number;
}

/** Runs a load figure and adds the Docket process's CPU time per answered request. */
export async function withServerCpu(target: { serverCpuMs(): Promise<number> }, run: () => Promise<LoadResult>): Promise<LoadResult> {
  const before = await target.serverCpuMs();
  const result = await run();
  const used = (await target.serverCpuMs()) - before;
  return { ...result, serverCpuMsPerRequest: round(used / Math.max(1, result.requests), 3) };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface LoadOptions {
  url: string;
  token: string;
  connections: number;
  /** Seconds; or amount (a number of requests). */
  duration?: number;
  amount?: number;
  /** With amount: stop after this many seconds even if fewer requests were answered. */
  maxSeconds?: number;
  method?: 'GET' | 'POST';
  body?: string;
  /** Path per request (varies ids, queues…); default: the url's path. */
  nextPath?: () => string;
  path?: string;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const times: number[] = [];
  const statusCodes: Record<string, number> = {};
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const requests = options.nextPath ? [{ method: options.method ?? 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: options.nextPath!() }) }] : undefined;
  const started = performance.now();
  let lastResponseAt = started;
  const instance = autocannon({
    url: `${options.url}${options.path ?? ''}`,
    connections: options.connections,
    pipelining: 1,
    method: options.method ?? 'GET',
    headers,
    body: options.body,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
    ...(requests ? { requests } : {}),
    timeout: 30,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    times.push(responseTime);
    lastResponseAt = performance.now();
    statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
  });
  const cap = options.amount && options.maxSeconds ? setTimeout(() => instance.stop(), options.maxSeconds * 1000) : undefined;
  const result = await instance;
  clearTimeout(cap);
  // autocannon settles on its 1 s ticker; the last response marks the real end of the run.
  const elapsed = (lastResponseAt - started) / 1000;
  times.sort((a, b) => a - b);
  const ok = Object.entries(statusCodes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    connections: options.connections,
    requests: times.length,
    ok,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    durationSeconds: round(elapsed, 2),
    perSecond: round(ok / elapsed, 1),
    p50: round(percentile(times, 50), 2),
    p95: round(percentile(times, 95), 2),
    p99: round(percentile(times, 99), 2),
    max: round(times[times.length - 1] ?? NaN, 2),
    statusCodes,
    loadAverage: round(loadavg()[0]!, 2),
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
