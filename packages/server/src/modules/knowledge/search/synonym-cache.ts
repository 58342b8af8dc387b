import type { Tx } from '../../../platform/db/database.ts';
import { listSynonymSets, readSynonymFingerprint } from './lexicon-store.ts';
import { registerProcessCache } from '../../../platform/process-caches.ts';

// Every search expands its words by synonym sets; reading them from PostgreSQL each time would
// add a query to the hottest read. The sets are few (tens to hundreds), so each process keeps
// them as a map from term to its synonyms, checks a fingerprint at most every CHECK_INTERVAL_MS,
// and forgets them at once when it changes them itself.

const CHECK_INTERVAL_MS = 5_000;

let cached: { fingerprint: string; byTerm: Map<string, string[]> } | null = null;
let checkedAtMs = Number.NEGATIVE_INFINITY;
registerProcessCache(() => {
  cached = null;
  checkedAtMs = Number.NEGATIVE_INFINITY;
});

/** Each term of a synonym set → the other terms of every set it belongs to. */
export function synonymMapOf(sets: readonly { terms: readonly string[] }[]): Map<string, string[]> {
  const byTerm = new Map<string, Set<string>>();
  for (const set of sets) {
    for (const term of set.terms) {
      const others = byTerm.get(term) ?? new Set<string>();
      for (const other of set.terms) if (other !== term) others.add(other);
      byTerm.set(term, others);
    }
  }
  return new Map([...byTerm].map(([term, others]) => [term, [...others]]));
}

/** The synonym map, fresh within CHECK_INTERVAL_MS of another process's change. */
export async function loadSynonymMap(tx: Tx): Promise<Map<string, string[]>> {
  const nowMs = performance.now();
  if (cached && nowMs - checkedAtMs < CHECK_INTERVAL_MS) return cached.byTerm;
  checkedAtMs = nowMs;
  const fingerprint = await readSynonymFingerprint(tx);
  if (cached?.fingerprint === fingerprint) return cached.byTerm;
  cached = { fingerprint, byTerm: synonymMapOf(await listSynonymSets(tx)) };
  return cached.byTerm;
}

/** This process changed a synonym set: read them again on the next search (call after commit too). */
export function forgetSynonyms(): void {
  cached = null;
  checkedAtMs = Number.NEGATIVE_INFINITY;
}
