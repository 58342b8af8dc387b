// The issue-14 section of a target in bench/results/<name>.md.
import type { TargetResult } from '../run.ts';

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en'));
const pct = (a: number, b: number | undefined) => (b ? `${Math.round((100 * a) / b)}%` : '–');

export function processSection(t: TargetResult): string[] {
  const out: string[] = [];
  if (t.processError) out.push('### Process engine (issue 14)', '', '**Not measured — failed:**', '', '```', t.processError, '```', '');
  const p = t.process;
  if (!p) return out;
  out.push('### Process engine (issue 14), beside the raw single-row limit', '');
  out.push(
    "Models: `bench/scenarios/process-models.ts`. Straight-through: none start → business-rule task (a 3-rule UNIQUE decision table) → service task (publish-event connector) → end, one request per whole instance. Credit approval: credit review → risk ∥ compliance → legal, four user tasks; completions are timed stage by stage (listing the next stage's tasks between stages is not timed).",
    '',
  );
  out.push('| Figure | Per second | % of raw tx (same conn) | p50 ms | p99 ms | Notes |', '|---|---:|---:|---:|---:|---|');
  for (const raw of t.rawTransactions ?? [])
    out.push(
      `| **Raw limit**: BEGIN; INSERT case; INSERT audit event; COMMIT, ${raw.connections} conn, ${raw.durationSeconds} s | **${fmt(raw.perSecond)}** | 100% | ${raw.p50} | ${raw.p99} | p95 ${raw.p95} ms, max ${raw.max} ms; load ${raw.loadAverage} |`,
    );
  const rawAt = (c: number) => t.rawTransactions?.find((r) => r.connections === c)?.perSecond;
  for (const r of p.straightThroughHttp)
    out.push(
      `| Straight-through instance, POST /api/v1/process-instances, ${r.connections} conn, ${r.durationSeconds} s | ${fmt(r.perSecond)} | ${pct(r.perSecond, rawAt(r.connections))} | ${r.p50} | ${r.p99} | ${fmt(r.ok)} instances, p95 ${r.p95} ms, max ${r.max} ms, non-2xx ${r.non2xx} ${JSON.stringify(r.statusCodes)}, errors ${r.errors}; server CPU ${r.serverCpuMsPerRequest ?? '–'} ms per instance; load ${r.loadAverage} |`,
    );
  for (const r of p.straightThroughInProcess)
    out.push(
      `| Straight-through instance, in-process through the commands layer, ${r.connections} at a time, ${r.durationSeconds} s | ${fmt(r.perSecond)} | ${pct(r.perSecond, rawAt(r.connections))} | ${r.p50} | ${r.p99} | ${fmt(r.instances)} instances, p95 ${r.p95} ms, max ${r.max} ms, failures ${r.failures}; CPU ${r.cpuMsPerInstance} ms per instance; load ${r.loadAverage} |`,
    );
  for (const r of p.completions)
    out.push(
      `| Credit-approval task completion, POST /api/v1/tasks/{id}/complete, ${r.connections} conn, ${r.durationSeconds} s | ${fmt(r.perSecond)} | **${pct(r.perSecond, rawAt(r.connections))}** | ${r.p50} | ${r.p99} | ${fmt(r.ok)} of ${fmt(r.requests)} completions over ${fmt(r.instances)} instances, p95 ${r.p95} ms, max ${r.max} ms, non-2xx ${r.non2xx} (409 ${r.conflicts}), errors ${r.errors}; server CPU ${r.serverCpuMsPerRequest ?? '–'} ms per completion; setup ${r.setupSeconds} s; load ${r.loadAverage} |`,
    );
  out.push('');
  const l = p.historyLoad;
  if (l) {
    out.push(
      `History: ${fmt(l.instances)} completed instances on ${fmt(l.cases)} cases loaded in SQL in **${l.totalSeconds} s** (INSERT … SELECT ${l.insertSeconds} s, index rebuild ${l.indexSeconds} s, ANALYZE ${l.analyzeSeconds} s): ${fmt(l.elementRows)} element-history rows in ${l.partitions} monthly partitions (${l.historySize}, indexes ${l.historyIndexesSize}), ${fmt(l.taskRows)} completed tasks.`,
      '',
    );
  }
  if (p.historyReads.length) {
    out.push(
      '| History of a case | Conn | Requests | Req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | rows per answer | load | server CPU ms per request |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of p.historyReads)
      out.push(
        `| ${r.through} | ${r.connections} | ${fmt(r.requests)} | ${fmt(r.perSecond)} | ${r.p50} | **${r.p95}** | ${r.p99} | ${r.max} | ${r.non2xx} | ${r.rowsPerAnswer ?? '–'} | ${r.loadAverage} | ${r.serverCpuMsPerRequest ?? '–'} |`,
      );
    out.push('');
  }
  if (p.historyExplain) {
    out.push(`EXPLAIN (ANALYZE, BUFFERS) of a case's history: ${p.historyExplain.executionMs} ms, ${p.historyExplain.partitionsScanned} partition(s) scanned.`, '');
    out.push('```sql', p.historyExplain.sql, '```', '', '```', p.historyExplain.plan, '```', '');
  }
  for (const e of p.errors) out.push(`**${e.part}: not measured — failed:**`, '', '```', e.error, '```', '');
  out.push(`Process figures took ${p.seconds} s.`, '');
  return out;
}
