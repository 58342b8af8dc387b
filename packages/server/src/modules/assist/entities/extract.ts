import { findAddresses } from '../../../platform/text/addresses.ts';
import { findPersonNames } from '../../../platform/text/person-names.ts';
import { findAmounts } from './amounts.ts';
import { findDates } from './dates.ts';
import { findIdentifiers } from './identifiers.ts';
import type { Entity, ExtractOptions, RejectedIdentifier } from './types.ts';

// Entities in a customer's words (issue 22): identifiers by validated patterns, names and
// addresses by dictionaries and the words around them, amounts and dates by the ways people
// write them. Every entity carries the exact span it was read from, so a suggestion can show its
// source and a value that is not in the text can never be suggested. Where two readings overlap
// the surer kind wins, in this order: identifiers (they passed a check digit or are bound to a
// word), then dates, amounts, addresses, names.

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** The entities in `text`, in text order, none overlapping. Pure; `now` only for relative dates. */
export function extractEntities(text: string, options: ExtractOptions = {}): Entity[] {
  if (!text) return [];
  const { found: ids, rejected } = findIdentifiers(text);
  const entities: Entity[] = [];
  const blocked = (start: number, end: number) => entities.some((e) => start < e.end && e.start < end) || rejected.some((r) => start < r.end && r.start < end);
  const add = (entity: Entity) => {
    if (entity.end > entity.start && !blocked(entity.start, entity.end)) entities.push(entity);
  };

  for (const id of ids) add({ kind: id.kind, value: id.value, start: id.start, end: id.end, confidence: id.confidence });
  for (const d of findDates(text, options.now ?? new Date(), options.timeZone ?? DEFAULT_TIME_ZONE)) add({ ...d });
  for (const a of findAmounts(text)) add({ kind: 'amount', value: a.value, currency: a.currency, start: a.start, end: a.end, confidence: a.confidence });
  for (const a of findAddresses(text)) add({ kind: 'address', value: a.value, start: a.start, end: a.end, confidence: a.confidence });
  for (const n of findPersonNames(text)) add({ kind: 'person-name', value: n.value, start: n.start, end: n.end, confidence: n.confidence });

  return entities.sort((a, b) => a.start - b.start);
}

/** Identifiers with the shape of a resident id, bank card or credit code whose check fails. Pure. */
export function findRejectedIdentifiers(text: string): RejectedIdentifier[] {
  return text ? findIdentifiers(text).rejected.sort((a, b) => a.start - b.start) : [];
}
