import type { Db, Tx } from '../../../platform/db/database.ts';
import { isEnvelope } from '../../../platform/crypto/index.ts';
import { findCaseTypeVersionCached, listFieldDefinitions } from '../../cases/index.ts';
import { ensureDictionaryLoaded } from '../search/dictionary-state.ts';
import { toIndexText } from '../search/segmenter.ts';
import { withoutPersonalData } from './case-text.ts';
import { findCaseForIndex, listPublicReplyTexts, upsertCaseDocument, type CaseForIndex } from './case-document-store.ts';
import { registerProcessCache } from '../../../platform/process-caches.ts';

/** The field key under which public replies are recorded in case_document.field_keys. */
export const PUBLIC_REPLIES_KEY = 'comments.public';

// A saved case type version never changes: its free-text keys are computed once per process.
const freeTextKeysOfType = new Map<string, string[]>();
registerProcessCache(() => freeTextKeysOfType.clear());

/**
 * The keys of a case type version's free-text fields without a data class (textfield, textarea):
 * the only fields whose words are indexed. A field of a data class is personal data whatever it says.
 */
export async function findFreeTextFieldKeys(tx: Db | Tx, typeKey: string, typeVersion: number): Promise<string[]> {
  const cacheKey = `${typeKey}@${typeVersion}`;
  let keys = freeTextKeysOfType.get(cacheKey);
  if (!keys) {
    const caseType = await findCaseTypeVersionCached(tx, typeKey, typeVersion);
    keys = caseType
      ? listFieldDefinitions(caseType.schema)
          .filter((f) => (f.type === 'textarea' || f.type === 'textfield') && f.dataClass === null)
          .map((f) => f.key)
      : [];
    freeTextKeysOfType.set(cacheKey, keys);
  }
  return keys;
}

const stringField = (fields: Record<string, unknown>, key: string): string | null => {
  const value = fields[key];
  return typeof value === 'string' && value !== '' && !isEnvelope(value) ? value : null;
};

/** The case's category (field `category`, else `topic`) and product (field `product`, else the category). */
export function caseCategoryAndProduct(fields: Record<string, unknown>): { category: string | null; product: string | null } {
  const category = stringField(fields, 'category') ?? stringField(fields, 'topic');
  return { category, product: stringField(fields, 'product') ?? category };
}

/** Writes the case's document: one read of the case (and of its public replies when asked), one upsert. */
export async function indexCase(tx: Db | Tx, caseId: string, now: Date, options: { withReplies: boolean }): Promise<void> {
  const found = await findCaseForIndex(tx, caseId);
  if (!found) return;
  // Cut with the administrators' words too, as articles are (a cached check, at most every 30 s).
  await ensureDictionaryLoaded(tx);
  await writeCaseDocument(tx, found, options.withReplies ? await listPublicReplyTexts(tx, caseId) : [], now);
}

async function writeCaseDocument(tx: Db | Tx, found: CaseForIndex, replies: string[], now: Date): Promise<void> {
  const fieldKeys: string[] = [];
  const titleWords = toIndexText(withoutPersonalData(found.title));
  if (titleWords !== '') fieldKeys.push('title');
  const fieldTexts: string[] = [];
  for (const key of await findFreeTextFieldKeys(tx, found.typeKey, found.typeVersion)) {
    const value = stringField(found.fields, key);
    const words = value ? toIndexText(withoutPersonalData(value)) : '';
    if (words === '') continue;
    fieldTexts.push(words);
    fieldKeys.push(`fields.${key}`);
  }
  const replyWords = toIndexText(withoutPersonalData(replies.join('\n')));
  if (replyWords !== '') fieldKeys.push(PUBLIC_REPLIES_KEY);
  await upsertCaseDocument(tx, {
    caseId: found.id,
    typeKey: found.typeKey,
    ...caseCategoryAndProduct(found.fields),
    statusCategory: found.statusCategory,
    departmentId: found.departmentId,
    resolvedAt: found.resolvedAt,
    fieldKeys,
    titleWords,
    fieldWords: fieldTexts.join(' '),
    replyWords,
    updatedAt: now,
  });
}
