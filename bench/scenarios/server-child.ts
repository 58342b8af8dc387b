// Runs Docket in its own process so the load generator (autocannon, in the parent) does not
// share an event loop with the server under test. Configuration comes from the environment
// through the server's own loadConfig; the parent is told the URL over IPC.
//
// On request the child also records the SQL text and parameters its pg clients send (a
// wrapper on pg.Client.prototype.query, in this process only), so the bench can EXPLAIN
// exactly what the server runs for a request, whatever the server's code looks like today.
import pg from 'pg';
import { loadConfig } from '../../packages/server/src/config/config.ts';
import { startDocket } from '../../packages/server/src/main.ts';

const send = (message: unknown) => process.send?.(message);

let recording: { text: string; values: unknown[]; ms?: number }[] | undefined;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (recording) {
    const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
    const text = typeof config === 'string' ? config : config?.text;
    const params = Array.isArray(values) ? values : typeof config === 'object' ? config?.values : undefined;
    if (typeof text === 'string') {
      const entry: { text: string; values: unknown[]; ms?: number } = { text, values: (params ?? []).map((v) => (v instanceof Date ? v.toISOString() : v)) };
      recording.push(entry);
      const started = performance.now();
      const result = (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
      // Wall time from submission to answer, for development traces (bench/trace-sql.ts).
      if (result instanceof Promise)
        void result.then(
          () => (entry.ms = performance.now() - started),
          () => undefined,
        );
      return result;
    }
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

try {
  const config = loadConfig(process.env);
  const docket = await startDocket(config);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await docket.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
    if (message === 'record-start') recording = [];
    // CPU time this process has used (user + system), for "server CPU per request" figures.
    if (message === 'cpu-usage') {
      const { user, system } = process.cpuUsage();
      send({ cpuMs: (user + system) / 1000 });
    }
    if (message === 'record-stop') {
      send({ recorded: recording ?? [] });
      recording = undefined;
    }
  });
  process.on('disconnect', () => void stop());
  process.once('SIGTERM', () => void stop());
  send({ ready: true, url: docket.url.replace('localhost', '127.0.0.1') });
} catch (error) {
  send({ ready: false, error: (error as Error).message });
  process.exit(1);
}
