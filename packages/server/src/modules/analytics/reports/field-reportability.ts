import type { PrincipalPermission } from '../../../platform/http/principal.ts';

// Whether a report may group by, filter on or export a case field's values in clear for a reader.
// A report's rows mix many cases, so the answer must hold for every case the reader's case:read
// permissions reach: each permission that may cover the field's case types must read the field
// in clear (by key, data class or `*`, as modules/access/policy.ts resolveFieldAccess reads one
// permission). case:unmask does not count: it opens one case at a time, with a reason, audited.

export interface ReportableField {
  key: string;
  /** The data class of the field where any case type declares one (its values are sealed at rest). */
  dataClass: string | null;
  /** The case types that have a field of this key. */
  caseTypes: string[];
}

export interface FieldReading {
  /** The reader may group, filter and export this field's values. */
  reportable: boolean;
  /** Why not: masked or hidden for this reader, or sealed at rest (a data class). */
  reason?: 'masked' | 'sealed';
}

function readsInClear(permission: PrincipalPermission, field: ReportableField): boolean {
  const rules = permission.fields ?? {};
  const access = rules[field.key] ?? (field.dataClass ? rules[`class:${field.dataClass}`] : undefined) ?? rules['*'] ?? (field.dataClass ? 'masked' : 'readable');
  return access === 'readable' || access === 'writable';
}

export function readFieldForReports(permissions: readonly PrincipalPermission[], field: ReportableField): FieldReading {
  // Sealed values (a data class) are ciphertext in the database: no GROUP BY can read them, and a
  // blind index groups nothing meaningful. They are never report dimensions, whoever asks.
  if (field.dataClass) return { reportable: false, reason: 'sealed' };
  const reaching = permissions.filter((p) => p.action === 'case:read' && (p.caseTypes === undefined || field.caseTypes.length === 0 || p.caseTypes.some((t) => field.caseTypes.includes(t))));
  if (reaching.length === 0) return { reportable: false, reason: 'masked' };
  return reaching.every((p) => readsInClear(p, field)) ? { reportable: true } : { reportable: false, reason: 'masked' };
}
