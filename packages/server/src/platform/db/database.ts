import pg from 'pg';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type { Tables } from './tables.ts';

// timestamptz → Date (pg default); bigint (int8) → number: our bigints are counters and
// ids far below 2^53, and a string would leak into every JSON response.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Db = Kysely<Tables>;
export type Tx = Transaction<Tables>;

export interface Database {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function openDatabase(url: string, poolSize = 20): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'docket' });
  // A broken idle connection (server restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, close: () => db.destroy() };
}
