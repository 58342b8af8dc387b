import type { Db, Tx } from '../../platform/db/database.ts';
import type { CaseTypeRow } from './case-row.ts';
import { findCaseType } from './store.ts';
import { registerProcessCache } from '../../platform/process-caches.ts';

// A saved case type version never changes, so versions are cached for the life of the process.
// Which version is current does change: that answer is kept for a moment only, and forgotten at
// once in the process that saves a new version; another process sees it within CURRENT_TTL_MS.
const CURRENT_TTL_MS = 2_000;
const versions = new Map<string, CaseTypeRow>();
const current = new Map<string, { version: number; until: number }>();
registerProcessCache(() => {
  versions.clear();
  current.clear();
});

export async function findCaseTypeVersionCached(tx: Db | Tx, key: string, version: number): Promise<CaseTypeRow | undefined> {
  const cacheKey = `${key}@${version}`;
  let found = versions.get(cacheKey);
  if (!found) {
    found = await findCaseType(tx, key, version);
    if (found) versions.set(cacheKey, found);
  }
  return found;
}

export async function findCurrentCaseTypeCached(tx: Db | Tx, key: string, nowMs: number): Promise<CaseTypeRow | undefined> {
  const known = current.get(key);
  if (known && known.until > nowMs) return findCaseTypeVersionCached(tx, key, known.version);
  const found = await findCaseType(tx, key);
  if (found) {
    versions.set(`${key}@${found.version}`, found);
    current.set(key, { version: found.version, until: nowMs + CURRENT_TTL_MS });
  }
  return found;
}

export function forgetCurrentCaseType(key: string): void {
  current.delete(key);
}
