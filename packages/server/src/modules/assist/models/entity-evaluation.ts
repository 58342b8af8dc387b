import type { Entity } from '../entities/types.ts';
import type { LabelledRow } from '../model/types.ts';

export interface EntityKindFigures {
  kind: string;
  precision: number;
  recall: number;
  f1: number;
  /** Annotated entities of this kind. */
  support: number;
  found: number;
}

export interface EntityEvaluation {
  precision: number;
  recall: number;
  f1: number;
  perKind: EntityKindFigures[];
  passed: number;
  failed: number;
}

type Annotated = NonNullable<LabelledRow['entities']>[number];

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Equal values: amounts as numbers, addresses when one holds the other, everything else exactly. */
function sameValue(kind: string, truth: string, found: string): boolean {
  if (truth === found) return true;
  if (kind === 'amount') return Number(truth) === Number(found) && !Number.isNaN(Number(truth));
  if (kind === 'address') return truth.includes(found) || found.includes(truth);
  return false;
}
const f1Of = (p: number, r: number) => ratio(2 * p * r, p + r);

/**
 * An extracted entity is right when an annotated one has its kind and value (see sameValue) and
 * their spans overlap (where a span starts — with or without 人民币, +86 — is a convention; what
 * was read is not). Each annotation is matched at most once. A row passes when every annotation is found and
 * nothing else is.
 */
export function evaluateEntities(rows: readonly LabelledRow[], extract: (text: string) => readonly Entity[]): EntityEvaluation {
  const tally = new Map<string, { tp: number; truth: number; found: number }>();
  const of = (kind: string) => {
    let t = tally.get(kind);
    if (!t) {
      t = { tp: 0, truth: 0, found: 0 };
      tally.set(kind, t);
    }
    return t;
  };
  let passed = 0;
  for (const row of rows) {
    const truth: Annotated[] = row.entities ?? [];
    const found = extract(row.text);
    const used = new Set<number>();
    let matched = 0;
    for (const entity of found) {
      of(entity.kind).found++;
      const i = truth.findIndex((t, k) => !used.has(k) && t.kind === entity.kind && sameValue(t.kind, t.value, entity.value) && t.start < entity.end && entity.start < t.end);
      if (i >= 0) {
        used.add(i);
        of(entity.kind).tp++;
        matched++;
      }
    }
    for (const t of truth) of(t.kind).truth++;
    if (matched === truth.length && matched === found.length) passed++;
  }
  const perKind = [...tally.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, t]) => {
      const precision = ratio(t.tp, t.found);
      const recall = ratio(t.tp, t.truth);
      return { kind, precision, recall, f1: f1Of(precision, recall), support: t.truth, found: t.found };
    });
  const tp = [...tally.values()].reduce((s, t) => s + t.tp, 0);
  const precision = ratio(
    tp,
    [...tally.values()].reduce((s, t) => s + t.found, 0),
  );
  const recall = ratio(
    tp,
    [...tally.values()].reduce((s, t) => s + t.truth, 0),
  );
  return { precision, recall, f1: f1Of(precision, recall), perKind, passed, failed: rows.length - passed };
}

const percent = (x: number) => `${(x * 100).toFixed(2)} %`;

/** For a terminal; the last line is `N passed, M failed`. */
export function formatEntityEvaluation(result: EntityEvaluation): string {
  const width = Math.max(4, ...result.perKind.map((k) => k.kind.length));
  const lines = [
    `rows: ${result.passed + result.failed}`,
    `entity precision: ${percent(result.precision)}`,
    `entity recall: ${percent(result.recall)}`,
    `entity F1 (micro): ${percent(result.f1)}`,
    '',
    `${'kind'.padEnd(width)}  precision  recall     f1         support  found`,
    ...result.perKind.map(
      (k) =>
        `${k.kind.padEnd(width)}  ${percent(k.precision).padStart(9)}  ${percent(k.recall).padStart(9)}  ${percent(k.f1).padStart(9)}  ${String(k.support).padStart(7)}  ${String(k.found).padStart(5)}`,
    ),
    '',
    `${result.passed} passed, ${result.failed} failed`,
  ];
  return lines.join('\n');
}
