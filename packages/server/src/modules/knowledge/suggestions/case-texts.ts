import { resolveFieldAccess, type PolicyCase } from '../../access/index.ts';
import type { Principal } from '../../../platform/http/principal.ts';
import type { WeightedText } from './case-words.ts';

// Which of a case's texts a reader may take words from: the title and the free-text fields the
// reader reads in clear (readable or writable; a masked or hidden field gives no words), and the
// public replies, which every reader of the case sees. The title counts three times a field,
// a reply half.

const TITLE_WEIGHT = 3;
const FIELD_WEIGHT = 1;
const REPLY_WEIGHT = 0.5;

const isClear = (reader: Principal, record: PolicyCase, key: string) => {
  const access = resolveFieldAccess(reader, 'case:read', record, key, null);
  return access === 'readable' || access === 'writable';
};

/** The texts of a case the reader may read in clear, with their weights. Pure. */
export function readableCaseTexts(
  reader: Principal,
  record: PolicyCase,
  source: { title: string; fields: Record<string, unknown>; freeTextKeys: readonly string[]; replies: readonly string[] },
): WeightedText[] {
  const texts: WeightedText[] = [];
  if (isClear(reader, record, 'title')) texts.push({ field: 'title', text: source.title, weight: TITLE_WEIGHT });
  for (const key of source.freeTextKeys) {
    const value = source.fields[key];
    if (typeof value === 'string' && value !== '' && isClear(reader, record, key)) texts.push({ field: `fields.${key}`, text: value, weight: FIELD_WEIGHT });
  }
  for (const reply of source.replies) texts.push({ field: 'comments.public', text: reply, weight: REPLY_WEIGHT });
  return texts;
}

/** A select value (category, topic, product) the reader sees, or null. Pure. */
export function readableValue(reader: Principal, record: PolicyCase, fields: Record<string, unknown>, key: string): string | null {
  const value = fields[key];
  return typeof value === 'string' && value !== '' && isClear(reader, record, key) ? value : null;
}

/** The case's category (`category`, else `topic`) and product (`product`, else the category), as the reader sees them. Pure. */
export function readableCategoryAndProduct(reader: Principal, record: PolicyCase, fields: Record<string, unknown>): { category: string | null; product: string | null } {
  const category = readableValue(reader, record, fields, 'category') ?? readableValue(reader, record, fields, 'topic');
  return { category, product: readableValue(reader, record, fields, 'product') ?? category };
}
