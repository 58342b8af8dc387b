// The machine's raw limit for single creates: BEGIN; INSERT one case; INSERT its audit event;
// COMMIT — the same rows as the API writes (scenarios/data.ts), straight from pg clients, one
// statement per round trip, at 1 and at N connections. Single create is compared with this:
// what is left between the two is Docket's own cost (HTTP, validation, sealing, extra statements).
import { loadavg } from 'node:os';
import pg from 'pg';
import { AUDIT_COPY_COLUMNS, CASE_COPY_COLUMNS, rowValuesFor, type BulkLineOptions } from './data.ts';
import { percentile, round } from './http-load.ts';

export interface RawTransactionResult {
  connections: number;
  transactions: number;
  durationSeconds: number;
  /** Committed transactions (cases, each with its audit event) per second. */
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  loadAverage: number;
}

const placeholders = (columns: string, casts: Record<number, string> = {}) =>
  columns
    .split(',')
    .map((_, i) => `$${i + 1}${casts[i] ?? ''}`)
    .join(', ');
// customer (9) and fields (11) are jsonb; audit changes (7) and data (11) too.
const INSERT_CASE = `INSERT INTO cases.case (${CASE_COPY_COLUMNS}) VALUES (${placeholders(CASE_COPY_COLUMNS, { 9: '::jsonb', 11: '::jsonb' })})`;
const INSERT_AUDIT = `INSERT INTO audit.event (${AUDIT_COPY_COLUMNS}) VALUES (${placeholders(AUDIT_COPY_COLUMNS, { 7: '::jsonb', 11: '::jsonb' })})`;

export async function runRawTransactions(
  databaseUrl: string,
  adminId: string,
  connections: number,
  durationSeconds: number,
  numberPrefix: string,
  lineOptions: BulkLineOptions,
): Promise<RawTransactionResult> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const times: number[] = [];
  let next = 0;
  try {
    const started = performance.now();
    const deadline = started + durationSeconds * 1000;
    let lastAt = started;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          // Rendered inside the loop, like a request body arrives: cheap next to four round trips.
          const { caseValues, auditValues } = rowValuesFor(next++, adminId, numberPrefix, lineOptions);
          const t0 = performance.now();
          await client.query('BEGIN');
          await client.query(INSERT_CASE, caseValues);
          await client.query(INSERT_AUDIT, auditValues);
          await client.query('COMMIT');
          lastAt = performance.now();
          times.push(lastAt - t0);
        }
      }),
    );
    const seconds = (lastAt - started) / 1000;
    times.sort((a, b) => a - b);
    return {
      connections,
      transactions: times.length,
      durationSeconds: round(seconds, 2),
      perSecond: round(times.length / seconds, 1),
      p50: round(percentile(times, 50), 2),
      p95: round(percentile(times, 95), 2),
      p99: round(percentile(times, 99), 2),
      max: round(times[times.length - 1] ?? NaN, 2),
      loadAverage: round(loadavg()[0]!, 2),
    };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}
