import { createHash } from 'node:crypto';
import { canonicalJson } from '@docket/verify';
import type { CaseFilter } from '../../access/index.ts';

/**
 * sha256 of a compiled case:read policy, the same for the same set of readable cases however the
 * policy's lists came out ordered (department lists follow the organisation's query order, clauses
 * the roles' order): a filter is an OR of clauses, each an AND of set memberships.
 */
export function policyFingerprintOf(filter: CaseFilter): string {
  const normal =
    filter.kind !== 'any'
      ? filter
      : {
          kind: 'any',
          clauses: [
            ...new Set(
              filter.clauses.map((clause) =>
                canonicalJson(Object.fromEntries(Object.entries(clause).map(([key, value]) => [key, Array.isArray(value) ? [...new Set(value as string[])].sort() : value]))),
              ),
            ),
          ].sort(),
        };
  return createHash('sha256').update(canonicalJson(normal), 'utf8').digest('hex');
}
