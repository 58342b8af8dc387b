import type { VersionContent } from './article-store.ts';

// The metadata of a version as the diff and the audit compare it: everything but the body and
// the title, which are compared as text.

const METADATA_FIELDS = [
  'kind',
  'summary',
  'categoryId',
  'audience',
  'reachSubtreeIds',
  'reachDepartmentIds',
  'roles',
  'sensitivity',
  'tags',
  'caseTypes',
  'products',
  'validFrom',
  'validTo',
  'regulation',
  'relatedArticleIds',
  'changeNote',
] as const satisfies readonly (keyof VersionContent)[];

const comparable = (value: unknown) => (value instanceof Date ? value.toISOString() : (value ?? null));

/** Each metadata field whose value differs, with both values (dates as ISO strings). */
export function changedMetadata(before: VersionContent, after: VersionContent): { field: string; before: unknown; after: unknown }[] {
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const field of METADATA_FIELDS) {
    const a = comparable(before[field]);
    const b = comparable(after[field]);
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field, before: a, after: b });
  }
  return out;
}

/** The names of every field that differs, title and body included: what a save's audit event lists. */
export function changedFieldNames(before: VersionContent, after: VersionContent): string[] {
  const names = changedMetadata(before, after).map((c) => c.field);
  if (before.title !== after.title) names.unshift('title');
  if (before.bodyHtml !== after.bodyHtml) names.push('body');
  return names;
}
