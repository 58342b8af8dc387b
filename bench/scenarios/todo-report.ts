// The issue-15 section of a target in bench/results/<name>.md.
import type { TargetResult } from '../run.ts';

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en'));
const pct = (a: number, b: number | undefined) => (b ? `${Math.round((100 * a) / b)}%` : '–');

export function todoSection(t: TargetResult): string[] {
  const out: string[] = [];
  if (t.todoError) out.push('### To-do list (issue 15)', '', '**Not measured — failed:**', '', '```', t.todoError, '```', '');
  const d = t.todo;
  if (!d) return out;
  out.push('### To-do list and approval action (issue 15)', '');
  const l = d.load;
  if (l) {
    out.push(
      `Book (\`bench/scenarios/todo.ts\`): ${fmt(l.tasks)} open tasks over ${fmt(l.instances)} instances of 20 processes, loaded in SQL in **${l.totalSeconds} s** (INSERT … SELECT ${l.insertSeconds} s, index rebuild ${l.indexSeconds} s, VACUUM ANALYZE ${l.analyzeSeconds} s); table ${l.tableSize}, indexes ${l.indexesSize}. Half assigned over 5,000 users (a claimed task keeps its candidate group), half unassigned and claimable by one of 200 groups or, one in ten, by a named user. The bench user (a real user, signed in, an agent in group bench-g000) holds **${l.benchAssigned} assigned** tasks and may claim **${l.benchClaimable}**.`,
      '',
    );
  }
  if (d.reads.length) {
    out.push(
      '| To-do list | Conn | Requests | Req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | rows per answer | load | server CPU ms per request |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of d.reads)
      out.push(
        `| GET ${r.path} | ${r.connections} | ${fmt(r.requests)} | ${fmt(r.perSecond)} | ${r.p50} | **${r.p95}** | ${r.p99} | ${r.max} | ${r.non2xx} | ${r.rowsPerAnswer} | ${r.loadAverage} | ${r.serverCpuMsPerRequest ?? '–'} |`,
      );
    out.push('');
  }
  if (d.explain) {
    out.push(`EXPLAIN (ANALYZE, BUFFERS) of the to-do page's SQL as the server sent it: planning ${d.explain.planningMs} ms, execution ${d.explain.executionMs} ms.`, '');
    out.push('```sql', d.explain.sql, '```', '', '```', d.explain.plan, '```', '');
  }
  if (d.approvals.length) {
    const rawAt = (c: number) => t.rawTransactions?.find((r) => r.connections === c);
    out.push(
      'Approval action: a one-step process (start → user task assigned to the bench user → end); instances started beforehand (untimed); each request approves one task, ends its instance and writes its history and audit events.',
      '',
      '| Figure | Per second | % of raw tx (same conn) | p50 ms | p95 ms | p99 ms | Notes |',
      '|---|---:|---:|---:|---:|---:|---|',
    );
    for (const raw of t.rawTransactions ?? [])
      out.push(
        `| **Raw limit**: BEGIN; INSERT case; INSERT audit event; COMMIT, ${raw.connections} conn, ${raw.durationSeconds} s | **${fmt(raw.perSecond)}** | 100% | ${raw.p50} | ${raw.p95} | ${raw.p99} | max ${raw.max} ms; load ${raw.loadAverage} |`,
      );
    for (const a of d.approvals)
      out.push(
        `| Approval, ${a.through}, ${a.connections} conn | ${fmt(a.perSecond)} | ${pct(a.perSecond, rawAt(a.connections)?.perSecond)} | ${a.p50} | ${a.p95} | **${a.p99}** | ${fmt(a.ok)} of ${fmt(a.requests)} in ${a.durationSeconds} s, max ${a.max} ms, non-2xx ${a.non2xx} ${JSON.stringify(a.statusCodes)}, errors ${a.errors}; server CPU ${a.serverCpuMsPerRequest ?? '–'} ms per action; setup ${a.setupSeconds} s; load ${a.loadAverage} |`,
      );
    out.push('');
  }
  for (const e of d.errors) out.push(`**${e.part}: not measured — failed:**`, '', '```', e.error, '```', '');
  out.push(`To-do figures took ${d.seconds} s.`, '');
  return out;
}
