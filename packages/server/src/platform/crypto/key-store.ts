import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';
import type { CipherSuite } from './field-cipher.ts';

/**
 * Persistence of wrapped keys: table `access.data_key` (migration
 * 20261123T0300_access_create-data-keys.sql). Only wrapped keys are stored; the master key is
 * never in the database.
 */

export type KeyPurpose = 'data' | 'blind-index';
export type KeyStatus = 'active' | 'decrypt-only';

export interface StoredKey {
  keyId: string;
  purpose: KeyPurpose;
  suite: CipherSuite;
  wrappedKey: Buffer;
  masterKeyId: string;
  status: KeyStatus;
  createdAt: Date;
  retiredAt: Date | null;
}

export type NewStoredKey = Pick<StoredKey, 'keyId' | 'purpose' | 'suite' | 'wrappedKey' | 'masterKeyId'>;

export interface RewrapUpdate {
  keyId: string;
  /** The master key id the row had when it was read; the update is refused if it changed since. */
  expectedMasterKeyId: string;
  wrappedKey: Buffer;
  masterKeyId: string;
}

/** What the key ring needs from storage. {@link createPgKeyStore} in production, {@link createMemoryKeyStore} in unit tests. */
export interface KeyStore {
  listKeys(): Promise<StoredKey[]>;
  /**
   * Inserts `key` as the active key of its purpose unless one already exists (another process
   * won the race); returns whether it inserted.
   */
  insertFirstActive(key: NewStoredKey, now: Date): Promise<boolean>;
  /**
   * Atomically: the active key of `key.purpose` becomes decrypt-only (retired now), `key` becomes
   * active. With `expectedActiveKeyId`, does nothing (returns false) unless that key is still the
   * active one, so processes starting together rotate once.
   */
  rotate(key: NewStoredKey, now: Date, expectedActiveKeyId?: string): Promise<boolean>;
  /** Replaces wrapped keys in one transaction; throws if any row's master key id changed meanwhile. */
  rewrap(updates: readonly RewrapUpdate[]): Promise<void>;
}

export class KeyStoreConflictError extends Error {
  override readonly name = 'KeyStoreConflictError';
}

// pg_advisory_xact_lock key serialising key-ring writes across docket processes.
const KEY_RING_LOCK = 727_300;

type KeyDb = Kysely<Tables>;

function toStored(row: {
  key_id: string;
  purpose: KeyPurpose;
  suite: CipherSuite;
  wrapped_key: Buffer;
  master_key_id: string;
  status: KeyStatus;
  created_at: Date;
  retired_at: Date | null;
}): StoredKey {
  return {
    keyId: row.key_id,
    purpose: row.purpose,
    suite: row.suite,
    wrappedKey: row.wrapped_key,
    masterKeyId: row.master_key_id,
    status: row.status,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

function toRow(key: NewStoredKey, status: KeyStatus, now: Date) {
  return {
    key_id: key.keyId,
    purpose: key.purpose,
    suite: key.suite,
    wrapped_key: key.wrappedKey,
    master_key_id: key.masterKeyId,
    status,
    created_at: now,
    retired_at: null,
  };
}

/** The PostgreSQL key store. Writes take a transaction-scoped advisory lock, so concurrent processes serialise. */
export function createPgKeyStore(db: Db): KeyStore {
  const kdb: KeyDb = db;
  return {
    async listKeys() {
      const rows = await kdb.selectFrom('access.data_key').selectAll().orderBy('created_at').orderBy('key_id').execute();
      return rows.map(toStored);
    },
    async insertFirstActive(key, now) {
      return kdb.transaction().execute(async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(${KEY_RING_LOCK})`.execute(tx);
        const existing = await tx.selectFrom('access.data_key').select('key_id').where('purpose', '=', key.purpose).where('status', '=', 'active').executeTakeFirst();
        if (existing) return false;
        await tx
          .insertInto('access.data_key')
          .values(toRow(key, 'active', now))
          .execute();
        return true;
      });
    },
    async rotate(key, now, expectedActiveKeyId) {
      return kdb.transaction().execute(async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(${KEY_RING_LOCK})`.execute(tx);
        if (expectedActiveKeyId !== undefined) {
          const active = await tx.selectFrom('access.data_key').select('key_id').where('purpose', '=', key.purpose).where('status', '=', 'active').executeTakeFirst();
          if (active?.key_id !== expectedActiveKeyId) return false;
        }
        await tx.updateTable('access.data_key').set({ status: 'decrypt-only', retired_at: now }).where('purpose', '=', key.purpose).where('status', '=', 'active').execute();
        await tx
          .insertInto('access.data_key')
          .values(toRow(key, 'active', now))
          .execute();
        return true;
      });
    },
    async rewrap(updates) {
      await kdb.transaction().execute(async (tx) => {
        await sql`SELECT pg_advisory_xact_lock(${KEY_RING_LOCK})`.execute(tx);
        for (const update of updates) {
          const result = await tx
            .updateTable('access.data_key')
            .set({ wrapped_key: update.wrappedKey, master_key_id: update.masterKeyId })
            .where('key_id', '=', update.keyId)
            .where('master_key_id', '=', update.expectedMasterKeyId)
            .executeTakeFirst();
          if (result.numUpdatedRows !== 1n) {
            throw new KeyStoreConflictError(`Data key ${update.keyId} changed while it was being rewrapped; run the rewrap again`);
          }
        }
      });
    },
  };
}

/** An in-memory key store with the same semantics, for unit tests and tools. */
export function createMemoryKeyStore(initial: readonly StoredKey[] = []): KeyStore & { rows: StoredKey[] } {
  const rows: StoredKey[] = initial.map((row) => ({ ...row }));
  const copy = (row: StoredKey): StoredKey => ({ ...row, wrappedKey: Buffer.from(row.wrappedKey) });
  const fromNew = (key: NewStoredKey, now: Date): StoredKey => ({ ...key, wrappedKey: Buffer.from(key.wrappedKey), status: 'active', createdAt: now, retiredAt: null });
  return {
    rows,
    async listKeys() {
      return rows.map(copy);
    },
    async insertFirstActive(key, now) {
      if (rows.some((row) => row.purpose === key.purpose && row.status === 'active')) return false;
      if (rows.some((row) => row.keyId === key.keyId)) throw new Error(`duplicate key id ${key.keyId}`);
      rows.push(fromNew(key, now));
      return true;
    },
    async rotate(key, now, expectedActiveKeyId) {
      if (rows.some((row) => row.keyId === key.keyId)) throw new Error(`duplicate key id ${key.keyId}`);
      if (expectedActiveKeyId !== undefined && rows.find((r) => r.purpose === key.purpose && r.status === 'active')?.keyId !== expectedActiveKeyId) return false;
      for (const row of rows) {
        if (row.purpose === key.purpose && row.status === 'active') Object.assign(row, { status: 'decrypt-only', retiredAt: now });
      }
      rows.push(fromNew(key, now));
      return true;
    },
    async rewrap(updates) {
      for (const update of updates) {
        const row = rows.find((r) => r.keyId === update.keyId);
        if (!row || row.masterKeyId !== update.expectedMasterKeyId) {
          throw new KeyStoreConflictError(`Data key ${update.keyId} changed while it was being rewrapped; run the rewrap again`);
        }
      }
      for (const update of updates) {
        Object.assign(rows.find((r) => r.keyId === update.keyId)!, { wrappedKey: Buffer.from(update.wrappedKey), masterKeyId: update.masterKeyId });
      }
    },
  };
}
