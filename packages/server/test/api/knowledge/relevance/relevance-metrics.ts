/**
 * Ranking quality of one query and of a whole labelled set: recall@k, reciprocal rank and nDCG@k.
 * Labels are graded (2: answers the query, 1: partly); recall and reciprocal rank count both
 * grades as relevant, nDCG weighs them.
 */

export interface RelevanceLabel {
  key: string;
  grade: 1 | 2;
}

export interface LabelledQuery {
  query: string;
  relevant: RelevanceLabel[];
}

export interface QueryOutcome {
  query: string;
  /** Article keys as the engine ranked them, best first. */
  returned: string[];
  relevant: RelevanceLabel[];
  recallAtK: number;
  reciprocalRank: number;
  ndcgAtK: number;
  /** Rank (1-based) of the first relevant article, null when none came back. */
  firstRelevantRank: number | null;
}

/** Share of the labelled articles found in the first k (k ≥ every label list in our set, so 1.0 is reachable). */
export function recallAtK(returned: readonly string[], relevant: readonly RelevanceLabel[], k: number): number {
  if (relevant.length === 0) return 0;
  const top = new Set(returned.slice(0, k));
  const found = relevant.filter((label) => top.has(label.key)).length;
  return found / Math.min(relevant.length, k);
}

/** 1 / rank of the first relevant article; 0 when none came back. */
export function reciprocalRank(returned: readonly string[], relevant: readonly RelevanceLabel[]): number {
  const rank = firstRelevantRank(returned, relevant);
  return rank === null ? 0 : 1 / rank;
}

export function firstRelevantRank(returned: readonly string[], relevant: readonly RelevanceLabel[]): number | null {
  const keys = new Set(relevant.map((label) => label.key));
  const index = returned.findIndex((key) => keys.has(key));
  return index === -1 ? null : index + 1;
}

/** nDCG@k with gains 2^grade − 1 (Järvelin & Kekäläinen), ideal order: the labels by grade. */
export function ndcgAtK(returned: readonly string[], relevant: readonly RelevanceLabel[], k: number): number {
  const grades = new Map(relevant.map((label) => [label.key, label.grade]));
  const dcg = (gains: number[]) => gains.reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
  const actual = dcg(returned.slice(0, k).map((key) => grades.get(key) ?? 0));
  const ideal = dcg([...grades.values()].sort((a, b) => b - a).slice(0, k));
  return ideal === 0 ? 0 : actual / ideal;
}

export function scoreQuery(labelled: LabelledQuery, returned: string[], k: number): QueryOutcome {
  return {
    query: labelled.query,
    returned,
    relevant: labelled.relevant,
    recallAtK: recallAtK(returned, labelled.relevant, k),
    reciprocalRank: reciprocalRank(returned, labelled.relevant),
    ndcgAtK: ndcgAtK(returned, labelled.relevant, k),
    firstRelevantRank: firstRelevantRank(returned, labelled.relevant),
  };
}

export interface RelevanceSummary {
  queries: number;
  recallAtK: number;
  meanReciprocalRank: number;
  ndcgAtK: number;
  /** Queries whose first result is relevant. */
  hitAt1: number;
}

export function summarize(outcomes: readonly QueryOutcome[]): RelevanceSummary {
  const mean = (pick: (o: QueryOutcome) => number) => (outcomes.length === 0 ? 0 : outcomes.reduce((sum, o) => sum + pick(o), 0) / outcomes.length);
  return {
    queries: outcomes.length,
    recallAtK: mean((o) => o.recallAtK),
    meanReciprocalRank: mean((o) => o.reciprocalRank),
    ndcgAtK: mean((o) => o.ndcgAtK),
    hitAt1: mean((o) => (o.firstRelevantRank === 1 ? 1 : 0)),
  };
}

/** The queries that did worst: lowest recall, then lowest reciprocal rank. */
export function worstQueries(outcomes: readonly QueryOutcome[], count: number): QueryOutcome[] {
  return [...outcomes].sort((a, b) => a.recallAtK - b.recallAtK || a.reciprocalRank - b.reciprocalRank).slice(0, count);
}
