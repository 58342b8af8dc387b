// The machine's raw write limit for this schema: COPY of N case rows and N audit.event rows
// (the rows the API writes for N creates) into the live tables, with all their indexes,
// in one transaction on one connection. Rows are rendered before the clock starts.
import { loadavg } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AUDIT_COPY_COLUMNS, CASE_COPY_COLUMNS, copyRowsFor, type BulkLineOptions } from './data.ts';
import { round } from './http-load.ts';

export interface RawCopyResult {
  rows: number;
  seconds: number;
  /** Cases per second (each with its audit event): the number the API rates are compared with. */
  casesPerSecond: number;
  /** case + audit rows per second. */
  rowsPerSecond: number;
  loadAverage: number;
}

function chunked(lines: string[], size = 1_000): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += size) chunks.push(lines.slice(i, i + size).join(''));
  return chunks;
}

export async function runRawCopy(databaseUrl: string, adminId: string, n: number, numberPrefix: string, lineOptions: BulkLineOptions): Promise<RawCopyResult> {
  const caseLines: string[] = [];
  const auditLines: string[] = [];
  for (let i = 0; i < n; i++) {
    const { caseLine, auditLine } = copyRowsFor(i, adminId, numberPrefix, lineOptions);
    caseLines.push(caseLine);
    auditLines.push(auditLine);
  }
  const caseChunks = chunked(caseLines);
  const auditChunks = chunked(auditLines);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('BEGIN');
    await pipeline(Readable.from(caseChunks), client.query(copyFrom(`COPY cases.case (${CASE_COPY_COLUMNS}) FROM STDIN`)));
    await pipeline(Readable.from(auditChunks), client.query(copyFrom(`COPY audit.event (${AUDIT_COPY_COLUMNS}) FROM STDIN`)));
    await client.query('COMMIT');
    const seconds = (performance.now() - started) / 1000;
    return { rows: n, seconds: round(seconds, 2), casesPerSecond: round(n / seconds, 0), rowsPerSecond: round((2 * n) / seconds, 0), loadAverage: round(loadavg()[0]!, 2) };
  } finally {
    await client.end();
  }
}

export interface LedgerCatchUp {
  after: string;
  /** audit.event rows not yet integrated into the ledger (audit.leaf) when the wait began. */
  backlog: number;
  seconds: number;
  caughtUp: boolean;
}

/**
 * The server's audit ledger sequencer integrates audit.event rows into a Merkle tree in the
 * background (in the Docket process). After a figure that wrote many events, wait until it has
 * caught up, so the next figure is not measured against that backlog; the wait is reported.
 * Returns undefined when the schema has no ledger.
 */
export async function waitForLedger(databaseUrl: string, after: string, maxSeconds: number): Promise<LedgerCatchUp | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = (await client.query<{ t: string | null }>(`SELECT to_regclass('audit.leaf')::text AS t`)).rows[0]!.t;
    if (!exists) return undefined;
    const backlogNow = async () => Number((await client.query<{ n: string }>(`SELECT (SELECT count(*) FROM audit.event) - (SELECT count(*) FROM audit.leaf) AS n`)).rows[0]!.n);
    const started = performance.now();
    const backlog = await backlogNow();
    let left = backlog;
    while (left > 0 && performance.now() - started < maxSeconds * 1000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      left = await backlogNow();
    }
    return { after, backlog, seconds: round((performance.now() - started) / 1000, 1), caughtUp: left <= 0 };
  } finally {
    await client.end();
  }
}
