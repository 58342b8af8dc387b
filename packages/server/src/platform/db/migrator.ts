import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { SERVER_PACKAGE_DIR } from '../package-dir.ts';

export const MIGRATIONS_DIR = path.join(SERVER_PACKAGE_DIR, 'migrations');

// Any number of docket processes may start at once; one advisory lock lets exactly one migrate.
const MIGRATION_LOCK_KEY = 727_001;
export const NO_TRANSACTION_MARKER = '-- docket:no-transaction';

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies every migration not yet applied, each in its own transaction, in name order.
 * Refuses to start when an applied migration's file changed: migrations only move forward.
 */
export async function migrate(pool: pg.Pool, files = readMigrationFiles()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS platform;
      CREATE TABLE IF NOT EXISTS platform.schema_migration (
        name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map((await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM platform.schema_migration')).rows.map((row) => [row.name, row.checksum]));
    for (const file of files) {
      const previous = done.get(file.name);
      if (previous !== undefined) {
        if (previous !== file.checksum) {
          throw new Error(`Migration ${file.name} was changed after it was applied; write a new migration instead`);
        }
        continue;
      }
      // A migration starting with this marker runs outside a transaction: CREATE INDEX
      // CONCURRENTLY builds an index on a live table without blocking writes, and cannot run
      // inside one. Such a file must hold exactly one statement, so it is all or nothing too.
      const outsideTransaction = file.sql.startsWith(NO_TRANSACTION_MARKER);
      if (!outsideTransaction) await client.query('BEGIN');
      try {
        await client.query(file.sql);
        await client.query('INSERT INTO platform.schema_migration (name, checksum) VALUES ($1, $2)', [file.name, file.checksum]);
        if (!outsideTransaction) await client.query('COMMIT');
        applied.push(file.name);
      } catch (error) {
        if (!outsideTransaction) await client.query('ROLLBACK');
        throw new Error(`Migration ${file.name} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return applied;
}
