import type { Db, Tx } from '../../platform/db/database.ts';
import { listFieldDefinitions, type FieldDefinition } from './form-schema.ts';
import { findCaseTypeVersionCached } from './case-type-cache.ts';
import { registerProcessCache } from '../../platform/process-caches.ts';

// A case type version never changes once saved, so its field definitions are cached for the
// life of the process: masking a page of 50 cases costs no extra query after the first.
const cache = new Map<string, Map<string, FieldDefinition>>();
registerProcessCache(() => cache.clear());

export async function findFieldDefinitions(tx: Db | Tx, typeKey: string, version: number): Promise<Map<string, FieldDefinition>> {
  const cacheKey = `${typeKey}@${version}`;
  let definitions = cache.get(cacheKey);
  if (!definitions) {
    const caseType = await findCaseTypeVersionCached(tx, typeKey, version);
    definitions = new Map(caseType ? listFieldDefinitions(caseType.schema).map((d) => [d.key, d]) : []);
    cache.set(cacheKey, definitions);
  }
  return definitions;
}
