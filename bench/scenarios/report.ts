// bench/results/latest.md from the JSON report.
import type { TargetResult } from '../run.ts';

interface Report {
  startedAt: string;
  finishedAt: string;
  machine: { cores: number; cpuModel: string; memoryGiB: number; node: string; platform: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[]; gitHead?: string; uncommittedServerChanges?: number | string };
  settings: { serverEnv?: Record<string, string>; only?: string; copyRows: number; createSeconds: number; bulkRequests: number; bulkLines: number; loadRows: number; readRequests: number; readMaxSeconds: number };
  targets: TargetResult[];
}

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en'));
const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;

function targetSection(t: TargetResult): string {
  const out: string[] = [`## ${t.name === 'embedded' ? 'Embedded PostgreSQL' : 'PostgreSQL server'} (\`${t.name}\`)`, ''];
  if (t.skipped) return [...out, `Skipped: ${t.skipped}`, ''].join('\n');
  if (t.postgresVersion) out.push(`${t.postgresVersion}`, '');
  if (t.postgresSettings) out.push(`Settings: ${Object.entries(t.postgresSettings).map(([k, v]) => `${k}=${v}`).join(', ')}; Docket pool ${t.dbPoolSize} connections.`, '');
  if (t.error) out.push('**The run failed:**', '', '```', t.error, '```', '');
  const raw = t.rawCopy;
  if (raw) {
    out.push('### Writes, beside the raw limit', '');
    out.push('| Figure | Cases/s | % of raw COPY | p50 ms | p99 ms | Notes |', '|---|---:|---:|---:|---:|---|');
    out.push(`| **Raw limit**: COPY ${fmt(raw.rows)} cases + ${fmt(raw.rows)} audit events, 1 transaction | **${fmt(raw.casesPerSecond)}** | 100% | | | ${fmt(raw.rowsPerSecond)} rows/s, ${raw.seconds} s; load ${raw.loadAverage} |`);
    for (const s of t.singleCreate ?? []) {
      out.push(`| Single create POST /api/v1/cases, ${s.connections} conn, ${s.durationSeconds} s | ${fmt(s.perSecond)} | ${pct(s.perSecond, raw.casesPerSecond)} | ${s.p50} | ${s.p99} | ${fmt(s.ok)} created, p95 ${s.p95} ms, max ${s.max} ms, non-2xx ${s.non2xx}, errors ${s.errors}; load ${s.loadAverage} |`);
    }
    for (const b of t.bulk ?? []) {
      const sorted = [...b.requestMs].sort((x, y) => x - y);
      out.push(`| Bulk NDJSON, ${b.requests} × ${fmt(b.linesPerRequest)} lines, ${b.concurrency} at a time | ${fmt(b.casesPerSecond)} | **${pct(b.casesPerSecond, raw.casesPerSecond)}** | | | ${fmt(b.created)} created in ${b.seconds} s; per request ${sorted[0]}–${sorted[sorted.length - 1]} ms; load ${b.loadAverage} |`);
    }
    out.push('');
    if (t.bulkFormatProbe && !t.bulkFormatProbe.accepted) {
      out.push(`**Server finding:** a bulk line with \`dueAt\` and \`departmentId\` (accepted by single create) is refused: \`${JSON.stringify(t.bulkFormatProbe.answer)}\`. Bulk lines in this run therefore carry no dueAt (nor do the raw COPY rows). See README.`, '');
    }
    if (t.ledger?.length) {
      out.push('Audit ledger: after each write figure the bench waits (up to 60 s) until the sequencer has integrated every audit event, so the next figure does not run against its backlog:', '');
      out.push('| After | Backlog (events) | Wait s | Integrated |', '|---|---:|---:|---|');
      for (const w of t.ledger) out.push(`| ${w.after} | ${fmt(w.backlog)} | ${w.seconds} | ${w.caughtUp ? 'yes' : '**no**'} |`);
      out.push('');
    }
  }
  if (t.load) {
    const l = t.load;
    out.push('### 1,000,000-case book', '');
    out.push(`Loaded ${fmt(l.rows)} cases in ${l.totalSeconds} s (INSERT … SELECT ${l.insertSeconds} s, index rebuild ${l.indexSeconds} s, VACUUM ANALYZE ${l.vacuumAnalyzeSeconds} s). Table ${l.tableSize}, indexes ${l.indexesSize}. ${fmt(l.openCases)} open cases (new/open/pending) in ${l.queues} queues (largest: ${fmt(l.largestQueueOpen)} open); ${l.departments} departments (largest: ${fmt(l.largestDepartmentCases)} cases).`, '');
  }
  if (t.reads?.length) {
    const dbMs = (scenario: string) => t.explains?.find((e) => e.name.startsWith(scenario.replace(' (open)', ', open').replace(' (all)', ', all')))?.executionMs;
    out.push('### Reads on the 1,000,000-case book', '');
    out.push('| Request | Conn | Requests | Req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | load | DB time (EXPLAIN ANALYZE, largest key) |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of t.reads) {
      const db = dbMs(r.scenario);
      out.push(`| ${r.scenario}: \`${r.shape}\` | ${r.result.connections} | ${fmt(r.result.requests)} | ${fmt(r.result.perSecond)} | ${r.result.p50} | **${r.result.p95}** | ${r.result.p99} | ${r.result.max} | ${r.result.non2xx} | ${r.result.loadAverage} | ${db === undefined ? '' : `${db} ms`} |`);
    }
    out.push('');
  }
  if (t.goals) {
    out.push('### Goals', '', '| Goal | Target | Measured | Reached |', '|---|---|---|---|');
    for (const g of t.goals) out.push(`| ${g.name} | ${g.goal} | ${g.measured} | ${g.reached ? 'yes' : '**no**'} |`);
    out.push('');
  }
  for (const e of t.explains ?? []) {
    out.push(`### EXPLAIN (ANALYZE, BUFFERS): ${e.name}`, '');
    out.push(`Request: \`${e.request}\`. Indexes used: ${e.indexes.length ? e.indexes.map((i) => `\`${i}\``).join(', ') : '**none**'}. Parameters: \`${JSON.stringify(e.parameters)}\``, '');
    out.push('```sql', e.sql, '```', '', '```', e.plan, '```', '');
  }
  return out.join('\n');
}

export function renderMarkdown(report: Report): string {
  const m = report.machine;
  const s = report.settings;
  return [
    '# Docket benchmark: latest run',
    '',
    `Run ${report.startedAt} → ${report.finishedAt}. Explanations of every figure: [bench/README.md](../README.md).`,
    '',
    `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}. Load average at start ${m.loadAverageAtStart.join(' / ')}, at end ${m.loadAverageAtEnd.join(' / ')} — other work shares this machine, so compare each figure with the raw limit measured beside it in the same run.`,
    '',
    ...(m.gitHead ? [`Server code: commit ${m.gitHead}${m.uncommittedServerChanges ? ` plus ${m.uncommittedServerChanges} uncommitted file(s) under packages/server (other work in progress)` : ''}.`, ''] : []),
    ...(s.serverEnv && Object.keys(s.serverEnv).length ? [`Server settings passed through: ${Object.entries(s.serverEnv).map(([k, v]) => `\`${k}=${v}\``).join(', ')}.`, ''] : []),
    ...(s.only ? [`Only the ${s.only} figures were run (BENCH_ONLY=${s.only}).`, ''] : []),
    `Sizes: raw COPY ${fmt(s.copyRows)} cases; single create ${s.createSeconds} s per connection count; bulk ${s.bulkRequests} × ${fmt(s.bulkLines)} lines; case book ${fmt(s.loadRows)}; ${fmt(s.readRequests)} requests per read figure, or as many as ${s.readMaxSeconds} s allow (after up to 200 warm-up requests).`,
    '',
    '## Summary',
    '',
    '| Target | Raw COPY cases/s | Create @1 cases/s (p99) | Create @64 cases/s (p50 / p99) | Bulk cases/s (% of COPY) | Case by id p95 | Queue page p50 / p95 | Dept page (open) p95 | Dept page (all) p95 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.targets.map((t) => {
      if (t.skipped || !t.rawCopy) return `| ${t.name} | ${t.skipped ? `skipped: ${t.skipped}` : 'failed'} | | | | | | | |`;
      const c1 = t.singleCreate?.find((r) => r.connections === 1);
      const c64 = t.singleCreate?.find((r) => r.connections === 64);
      const b = t.bulk?.[0];
      const read = (name: string) => t.reads?.find((r) => r.scenario === name && r.result.connections === 1)?.result;
      const byId = read('case by id');
      const queue = read('queue page');
      return `| ${t.name} | ${fmt(t.rawCopy.casesPerSecond)} | ${fmt(c1?.perSecond)} (${c1?.p99} ms) | ${fmt(c64?.perSecond)} (${c64?.p50} / ${c64?.p99} ms) | ${fmt(b?.casesPerSecond)} (${b ? pct(b.casesPerSecond, t.rawCopy.casesPerSecond) : '–'}) | ${byId?.p95 ?? '–'} ms | ${queue?.p50 ?? '–'} / ${queue?.p95 ?? '–'} ms | ${read('department page (open)')?.p95 ?? '–'} ms | ${read('department page (all)')?.p95 ?? '–'} ms |`;
    }),
    '',
    'Read latencies in the summary are at 1 connection; the per-target tables also give 16 connections.',
    '',
    ...report.targets.map(targetSection),
  ].join('\n');
}
