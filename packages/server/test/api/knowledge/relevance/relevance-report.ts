/**
 * What the relevance test prints into `npm test` output (the overall figures and the worst
 * queries with what came back) and the per-query file it leaves for whoever tunes the ranking.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { QueryOutcome, RelevanceSummary } from './relevance-metrics.ts';

/** Git ignores .tmp/ at the repository root: the file is a run's output, not a fixture. */
const RESULTS_FILE = new URL('../../../../../../.tmp/knowledge-relevance.json', import.meta.url);

const pct = (x: number) => x.toFixed(3);

export function formatRelevanceReport(summary: RelevanceSummary, floors: { recallAt5: number; mrr: number }, worst: readonly QueryOutcome[], articleCount: number): string {
  const lines = [
    `Knowledge search relevance: ${summary.queries} labelled queries over ${articleCount} articles (zh-CN)`,
    `  recall@5 ${pct(summary.recallAtK)}  (floor ${pct(floors.recallAt5)})`,
    `  MRR      ${pct(summary.meanReciprocalRank)}  (floor ${pct(floors.mrr)})`,
    `  nDCG@5   ${pct(summary.ndcgAtK)}   hit@1 ${pct(summary.hitAt1)}`,
    `  worst ${worst.length} queries (recall@5, first relevant rank, wanted → returned top 5):`,
  ];
  for (const o of worst) {
    const wanted = o.relevant.map((r) => (r.grade === 2 ? r.key : `(${r.key})`)).join(' ');
    lines.push(`  - ${o.query}  r@5 ${o.recallAtK.toFixed(2)}  rank ${o.firstRelevantRank ?? '-'}`);
    lines.push(`      wanted   ${wanted}`);
    lines.push(`      returned ${o.returned.slice(0, 5).join(' ') || '(nothing)'}`);
  }
  return lines.join('\n');
}

/** Writes every query's outcome; returns the file's path. */
export function writeRelevanceResults(summary: RelevanceSummary, outcomes: readonly QueryOutcome[]): string {
  const path = fileURLToPath(RESULTS_FILE);
  mkdirSync(fileURLToPath(new URL('.', RESULTS_FILE)), { recursive: true });
  writeFileSync(path, JSON.stringify({ at: new Date().toISOString(), summary, queries: outcomes }, null, 1) + '\n');
  return path;
}
