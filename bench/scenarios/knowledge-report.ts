// Issue 19: the knowledge figures as goals and as bench/results/issue-19-knowledge.md.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KnowledgeBenchResult } from './knowledge.ts';
import type { Target } from './target.ts';

export const KNOWLEDGE_GOALS = { searchP95Ms: 50, suggestionsP95Ms: 100 };

type Goal = { name: string; goal: string; measured: string; reached: boolean };

export function knowledgeGoals(result: KnowledgeBenchResult | undefined, error?: string): Goal[] {
  const notMeasured = (part: string) =>
    `not measured (${
      result?.errors
        .find((e) => e.part === part)
        ?.error.split('\n')[0]
        ?.slice(0, 300) ??
      error?.split('\n')[0]?.slice(0, 300) ??
      'not run'
    })`;
  const s = result?.search?.sequential;
  const g = result?.suggestions?.sequential;
  return [
    {
      name: `knowledge search over ${(result?.load.articles ?? 0).toLocaleString('en')} published articles as a branch agent, mixed queries, p95 at 1 connection (issue 19)`,
      goal: `≤ ${KNOWLEDGE_GOALS.searchP95Ms} ms`,
      measured: s ? `${s.p95} ms (p50 ${s.p50}, p99 ${s.p99}; ${s.perSecond}/s; ${s.requests} searches)` : notMeasured('search'),
      reached: !!s && s.p95 <= KNOWLEDGE_GOALS.searchP95Ms && s.non2xx === 0,
    },
    {
      name: `knowledge suggestions on a case over ${(result?.suggestions?.resolvedCases ?? 0).toLocaleString('en')} resolved cases and the same articles, p95 at 1 connection (issue 19)`,
      goal: `≤ ${KNOWLEDGE_GOALS.suggestionsP95Ms} ms`,
      measured: g ? `${g.p95} ms (p50 ${g.p50}, p99 ${g.p99}; ${g.perSecond}/s; ${g.requests} answers)` : notMeasured('suggestions'),
      reached: !!g && g.p95 <= KNOWLEDGE_GOALS.suggestionsP95Ms && g.non2xx === 0,
    },
  ];
}

export function writeKnowledgeReport(dir: string, target: Target, result: KnowledgeBenchResult, raw: string, command: string): void {
  const goals = knowledgeGoals(result);
  const l = result.load;
  const lines = [
    '# Issue 19 — knowledge search and suggestions bench',
    '',
    `Target: ${target.name} (${target.postgresVersion.split(',')[0]}), Docket pool ${target.dbPoolSize}, load average ${result.loadAverage.join(' ')} at the end. ${raw}.`,
    '',
    '## Goals',
    '',
    '| figure | goal | measured | reached |',
    '| --- | --- | --- | --- |',
    ...goals.map((g) => `| ${g.name} | ${g.goal} | ${g.measured} | ${g.reached ? 'yes' : '**no**'} |`),
    '',
    '## The knowledge base',
    '',
    `${l.articles.toLocaleString('en')} published articles generated from a vocabulary of banking sentences (bench/scenarios/knowledge-corpus.ts: 25 products and 28 topics by a Zipf-like law, 8–18 sentences each, Latin terms in some, rare words in 2 %; 6 % head-office-only, 5 % branch A only, 5 % branch B only, 3 % expired, customer-facing FAQs). The branch agent (branch A) may read ${l.readable.toLocaleString('en')} of them.`,
    '',
    '| path | articles | time | rate |',
    '| --- | ---: | ---: | ---: |',
    `| importArticles (the module: sanitise, versions, audit, projection), ${l.imported.batch} a command | ${l.imported.articles.toLocaleString('en')} | ${l.imported.seconds} s | **${l.imported.perSecond}/s** |`,
    `| direct multi-row (article and version rows per 1,000, then writePublishedArticles) | ${l.direct.articles.toLocaleString('en')} | ${l.direct.seconds} s | ${l.direct.perSecond}/s |`,
    `| VACUUM (ANALYZE) after the load | | ${l.vacuumSeconds} s | |`,
    '',
    'Sizes after the load:',
    '',
    '| relation (with its indexes and TOAST) | size |',
    '| --- | ---: |',
    ...Object.entries(l.sizes).map(([name, size]) => `| ${name} | ${size} |`),
    '',
  ];
  const s = result.search;
  if (s) {
    lines.push(
      '## Search',
      '',
      '`GET /api/v1/knowledge/search?q=…&limit=20` as the branch agent, the queries in turn, one at a time (latency), then 10 s at ' + `${s.concurrent.connections} connections (throughput).`,
      '',
      '| queries | searches | p50 | p95 | p99 | max | matches on average |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...Object.entries(s.sequential.byClass).map(
        ([cls, c]) => `| ${cls}: ${c.queries.map((q) => `\`${q}\``).join(', ')} | ${c.requests} | ${c.p50} | ${c.p95} | ${c.p99} | ${c.max} | ${c.meanHits} |`,
      ),
      `| **all, 1 at a time** | ${s.sequential.requests} | ${s.sequential.p50} | **${s.sequential.p95}** | ${s.sequential.p99} | ${s.sequential.max} | ${s.sequential.perSecond}/s |`,
      `| all, ${s.concurrent.connections} connections | ${s.concurrent.requests} | ${s.concurrent.p50} | ${s.concurrent.p95} | ${s.concurrent.p99} | ${s.concurrent.max} | **${s.concurrent.perSecond}/s**, ${s.concurrent.serverCpuMsPerRequest} ms server CPU per search |`,
      '',
      "Times in ms. The database's share of one search: the statements the server process sent while it answered, with their time from its side (the recording also catches what its workers sent meanwhile: outbox, webhooks, SLA):",
      '',
      '| query | statements | database time | slowest statements (ms) |',
      '| --- | ---: | ---: | --- |',
      ...s.statements.map(
        (x) => `| \`${x.query}\` (${x.class}) | ${x.statements} | ${x.databaseMs} ms | ${x.slowest.map((q) => `${q.ms}: \`${q.sql.slice(0, 90).replaceAll('|', '\\|')}…\``).join('<br>')} |`,
      ),
      '',
    );
    if (s.explain) lines.push(`The ranked page for \`${s.explain.query}\`, EXPLAIN (ANALYZE, BUFFERS): ${s.explain.executionMs} ms.`, '', '```', s.explain.plan, '```', '');
  }
  const g = result.suggestions;
  if (g) {
    lines.push(
      '## Suggestions on a case',
      '',
      `${g.resolvedCases.toLocaleString('en')} resolved or closed complaints and ${g.openCases} open ones (60 % in branch A, 20 % in its sub-branch, 20 % in branch B; the open ones in branch A), inserted in SQL in ${g.insertSeconds} s and indexed by the case index's backfill at ${g.index.perSecond} cases/s (${g.index.cases.toLocaleString('en')} in ${g.index.seconds} s). ` +
        '`GET /api/v1/cases/{id}/knowledge-suggestions` as the branch agent, the open cases in turn.',
      '',
      '| run | answers | p50 | p95 | p99 | max | per second |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| 1 at a time | ${g.sequential.requests} | ${g.sequential.p50} | **${g.sequential.p95}** | ${g.sequential.p99} | ${g.sequential.max} | ${g.sequential.perSecond}/s |`,
      g.concurrent.requests === 0
        ? `| ${g.concurrent.connections} connections | 0 | no answer within 10 s | | | | |`
        : `| ${g.concurrent.connections} connections | ${g.concurrent.requests} | ${g.concurrent.p50} | ${g.concurrent.p95} | ${g.concurrent.p99} | ${g.concurrent.max} | ${g.concurrent.perSecond}/s, ${g.concurrent.serverCpuMsPerRequest} ms server CPU each |`,
      '',
      `Each answer held ${g.sequential.meanArticles} articles and ${g.sequential.meanSimilarCases} similar cases on average.`,
      '',
      "Three answers recorded in the server process: the statements sent (its workers' included), their summed time, the five slowest:",
      '',
      ...g.statements.flatMap((x, i) => [`${i + 1}. ${x.statements} statements, ${x.databaseMs} ms in the database`, ...x.slowest.map((q) => `   - ${q.ms} ms: \`${q.sql.replaceAll('`', "'")}\``)]),
      '',
    );
  }
  if (result.errors.length) lines.push('## Errors', '', ...result.errors.map((e) => `- ${e.part}: \`${e.error.split('\n')[0]}\``), '');
  lines.push(`Run: \`${command}\` (BENCH_KNOWLEDGE_ARTICLES, _IMPORT_SECONDS, _IMPORT_BATCH, _SEARCH_SECONDS, _CASES, _OPEN_CASES, _SUGGESTION_SECONDS, _CONNECTIONS).`, '');
  writeFileSync(path.join(dir, 'issue-19-knowledge.md'), lines.join('\n'));
}
