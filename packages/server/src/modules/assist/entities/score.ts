import type { Entity, EntityKind } from './types.ts';

// Entity F1 over a labelled set: an entity found counts when one annotated has the same kind and
// exactly the same span (text.slice(start, end)), the strict measure of CoNLL-style evaluation;
// a span one character too long or short is both a miss and a false find. Whether the
// normalised values agree as well is counted apart (`valueAgreement`).

export interface AnnotatedEntity {
  kind: string;
  value: string;
  start: number;
  end: number;
}

export interface KindScore {
  kind: string;
  gold: number;
  found: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EntityScore extends Omit<KindScore, 'kind'> {
  byKind: KindScore[];
  /** Of the entities found with the right kind and span, the share whose value agrees too. */
  valueAgreement: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Values compare as the fields take them: amounts as numbers, datetimes in local time (an offset written or not). */
export function sameValue(kind: string, a: string, b: string): boolean {
  if (kind === 'amount') return Number(a) === Number(b);
  if (kind === 'datetime') return a.replace(/(?:Z|[+-]\d{2}:\d{2})$/, '') === b.replace(/(?:Z|[+-]\d{2}:\d{2})$/, '');
  if (kind === 'person-name' || kind === 'address') return a.replace(/\s+/g, ' ') === b.replace(/\s+/g, ' ');
  return a.toUpperCase() === b.toUpperCase();
}

/** Scores entities found against the annotation of each row. */
export function scoreEntities(rows: { gold: AnnotatedEntity[]; found: Entity[] }[], kinds?: readonly (EntityKind | string)[]): EntityScore {
  const counts = new Map<string, { gold: number; found: number; correct: number }>();
  const of = (kind: string) => counts.get(kind) ?? counts.set(kind, { gold: 0, found: 0, correct: 0 }).get(kind)!;
  let agreeing = 0;
  const counted = (kind: string) => !kinds || kinds.includes(kind);
  for (const { gold, found } of rows) {
    for (const g of gold) if (counted(g.kind)) of(g.kind).gold++;
    for (const f of found) {
      if (!counted(f.kind)) continue;
      of(f.kind).found++;
      const match = gold.find((g) => g.kind === f.kind && g.start === f.start && g.end === f.end);
      if (match) {
        of(f.kind).correct++;
        if (sameValue(f.kind, f.value, match.value)) agreeing++;
      }
    }
  }
  const byKind = [...counts.entries()]
    .map(([kind, c]) => {
      const precision = ratio(c.correct, c.found);
      const recall = ratio(c.correct, c.gold);
      return { kind, ...c, precision, recall, f1: f1(precision, recall) };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind));
  const total = byKind.reduce((t, k) => ({ gold: t.gold + k.gold, found: t.found + k.found, correct: t.correct + k.correct }), { gold: 0, found: 0, correct: 0 });
  const precision = ratio(total.correct, total.found);
  const recall = ratio(total.correct, total.gold);
  return { ...total, precision, recall, f1: f1(precision, recall), byKind, valueAgreement: ratio(agreeing, total.correct) };
}
