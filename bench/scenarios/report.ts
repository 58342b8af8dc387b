// bench/results/latest.md from the JSON report.
import type { ConsoleSection, LedgerSection, TargetResult } from '../run.ts';
import { processSection } from './process-report.ts';
import { todoSection } from './todo-report.ts';

interface Report {
  startedAt: string;
  finishedAt: string;
  machine: {
    cores: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
    gitHead?: string;
    uncommittedServerChanges?: number | string;
  };
  settings: {
    serverEnv?: Record<string, string>;
    only?: string;
    afterLoadSql?: string;
    copyRows: number;
    createSeconds: number;
    bulkRequests: number;
    bulkLines: number;
    loadRows: number;
    readRequests: number;
    readMaxSeconds: number;
  };
  targets: TargetResult[];
  ledger?: LedgerSection;
  console?: ConsoleSection;
}

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toLocaleString('en'));
const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;

function targetSection(t: TargetResult): string {
  const out: string[] = [`## ${t.name === 'embedded' ? 'Embedded PostgreSQL' : 'PostgreSQL server'} (\`${t.name}\`)`, ''];
  if (t.skipped) return [...out, `Skipped: ${t.skipped}`, ''].join('\n');
  if (t.postgresVersion) out.push(`${t.postgresVersion}`, '');
  if (t.postgresSettings)
    out.push(
      `Settings: ${Object.entries(t.postgresSettings)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}; Docket pool ${t.dbPoolSize} connections.`,
      '',
    );
  if (t.error) out.push('**The run failed:**', '', '```', t.error, '```', '');
  const raw = t.rawCopy;
  if (raw) {
    out.push('### Writes, beside the raw limit', '');
    out.push('| Figure | Cases/s | % of raw COPY | p50 ms | p99 ms | Notes |', '|---|---:|---:|---:|---:|---|');
    out.push(
      `| **Raw limit**: COPY ${fmt(raw.rows)} cases + ${fmt(raw.rows)} audit events, 1 transaction | **${fmt(raw.casesPerSecond)}** | 100% | | | ${fmt(raw.rowsPerSecond)} rows/s, ${raw.seconds} s; load ${raw.loadAverage} |`,
    );
    for (const s of t.singleCreate ?? []) {
      const rawTx = t.rawTransactions?.find((r) => r.connections === s.connections);
      if (rawTx)
        out.push(
          `| **Raw limit**: BEGIN; INSERT case; INSERT audit event; COMMIT, ${rawTx.connections} conn, ${rawTx.durationSeconds} s | **${fmt(rawTx.perSecond)}** | ${pct(rawTx.perSecond, raw.casesPerSecond)} | ${rawTx.p50} | ${rawTx.p99} | ${fmt(rawTx.transactions)} committed, p95 ${rawTx.p95} ms, max ${rawTx.max} ms; load ${rawTx.loadAverage} |`,
        );
      out.push(
        `| Single create POST /api/v1/cases, ${s.connections} conn, ${s.durationSeconds} s | ${fmt(s.perSecond)} | ${pct(s.perSecond, raw.casesPerSecond)} | ${s.p50} | ${s.p99} | ${rawTx ? `**${pct(s.perSecond, rawTx.perSecond)} of raw transactions**; ` : ''}${fmt(s.ok)} created, p95 ${s.p95} ms, max ${s.max} ms, non-2xx ${s.non2xx}, errors ${s.errors}; server CPU ${s.serverCpuMsPerRequest ?? '–'} ms per create; load ${s.loadAverage} |`,
      );
    }
    for (const b of t.bulk ?? []) {
      const sorted = [...b.requestMs].sort((x, y) => x - y);
      out.push(
        `| Bulk NDJSON, ${b.requests} × ${fmt(b.linesPerRequest)} lines, ${b.concurrency} at a time | ${fmt(b.casesPerSecond)} | **${pct(b.casesPerSecond, raw.casesPerSecond)}** | | | ${fmt(b.created)} created in ${b.seconds} s; per request ${sorted[0]}–${sorted[sorted.length - 1]} ms; server CPU ${b.serverCpuMsPerCase ?? '–'} ms per case; load ${b.loadAverage} |`,
      );
    }
    out.push('');
    if (t.bulkFormatProbe && !t.bulkFormatProbe.accepted) {
      out.push(
        `**Server finding:** a bulk line with \`dueAt\` and \`departmentId\` (accepted by single create) is refused: \`${JSON.stringify(t.bulkFormatProbe.answer)}\`. Bulk lines in this run therefore carry no dueAt (nor do the raw COPY rows). See README.`,
        '',
      );
    }
    if (t.ledger?.length) {
      out.push('Audit ledger: after each write figure the bench waits (up to 60 s) until the sequencer has integrated every audit event, so the next figure does not run against its backlog:', '');
      out.push('| After | Backlog (events) | Wait s | Integrated |', '|---|---:|---:|---|');
      for (const w of t.ledger) out.push(`| ${w.after} | ${fmt(w.backlog)} | ${w.seconds} | ${w.caughtUp ? 'yes' : '**no**'} |`);
      out.push('');
    }
  }
  out.push(...processSection(t));
  out.push(...todoSection(t));
  if (t.load) {
    const l = t.load;
    out.push('### 1,000,000-case book', '');
    out.push(
      `Loaded ${fmt(l.rows)} cases in ${l.totalSeconds} s (INSERT … SELECT ${l.insertSeconds} s, index rebuild ${l.indexSeconds} s, VACUUM ANALYZE ${l.vacuumAnalyzeSeconds} s). Table ${l.tableSize}, indexes ${l.indexesSize}. ${fmt(l.openCases)} open cases (new/open/pending) in ${l.queues} queues (largest: ${fmt(l.largestQueueOpen)} open); ${l.departments} departments (largest: ${fmt(l.largestDepartmentCases)} cases).`,
      '',
    );
  }
  if (t.reads?.length) {
    const dbMs = (scenario: string) => t.explains?.find((e) => e.name.startsWith(scenario.replace(' (open)', ', open').replace(' (all)', ', all')))?.executionMs;
    out.push('### Reads on the 1,000,000-case book', '');
    out.push(
      '| Request | Conn | Requests | Req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | load | server CPU ms per request | DB time (EXPLAIN ANALYZE, largest key) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of t.reads) {
      const db = dbMs(r.scenario);
      out.push(
        `| ${r.scenario}: \`${r.shape}\` | ${r.result.connections} | ${fmt(r.result.requests)} | ${fmt(r.result.perSecond)} | ${r.result.p50} | **${r.result.p95}** | ${r.result.p99} | ${r.result.max} | ${r.result.non2xx} | ${r.result.loadAverage} | ${r.result.serverCpuMsPerRequest ?? '–'} | ${db === undefined ? '' : `${db} ms`} |`,
      );
    }
    out.push('');
  }
  if (t.ledgerDuringBulkError) out.push('### Audit ledger during bulk create (issue 4)', '', '**Not measured — failed:**', '', '```', t.ledgerDuringBulkError, '```', '');
  const lb = t.ledgerDuringBulk;
  if (lb) {
    out.push('### Audit ledger during bulk create (issue 4)', '');
    out.push(
      `Bulk NDJSON ${lb.bulk.created.toLocaleString('en')} cases (${lb.bulk.linesPerRequest.toLocaleString('en')} lines per request, ${lb.bulk.concurrency} at a time) while the server's own sequencer integrates; \`audit.ledger_horizon\` and \`audit.event\` sampled every 100 ms from outside (\`scenarios/ledger.ts\`, measureLedgerDuringBulk):`,
      '',
    );
    out.push('| Bulk cases/s | Sequencer events/s during bulk | Max backlog (events) | Drain after the last answer | load |', '|---:|---:|---:|---:|---:|');
    out.push(`| ${fmt(lb.bulk.casesPerSecond)} | ${fmt(lb.integratedPerSecondDuringBulk)} | ${fmt(lb.maxBacklog)} | ${lb.drainSeconds} s | ${lb.loadAverage} |`, '');
  }
  if (t.accessError) out.push('### Reads by restricted users (issue 3)', '', '**Not measured — the access figures failed:**', '', '```', t.accessError, '```', '');
  const a = t.access;
  if (a) {
    out.push('### Reads by restricted users (issue 3)', '');
    out.push(
      `Department tree: head office → 10 branches → 49 sub-branches. Readers (created through \`POST /api/v1/users\`, signed in through \`POST /api/v1/auth/login\`), in branch ${a.branchIndex} (\`${a.branch}\`); the agent is also assignee of ${fmt(a.agentOwnCases)} cases across all departments (its \`own\` scope):`,
      '',
    );
    out.push('| Reader | Departments readable | Cases readable | Open cases readable |', '|---|---:|---:|---:|');
    for (const u of a.users) out.push(`| ${u.label} | ${u.visibleDepartments} | ${fmt(u.visibleCases)} | ${fmt(u.visibleOpenCases)} |`);
    out.push('', 'Every reader requests the same sequence of pages (queue page: the same pseudo-random sequence over all 40 queues), 1 connection:', '');
    out.push(
      '| Page | Reader | Requests | Req/s | p50 ms | p95 ms | p99 ms | ÷ admin p50 | ÷ admin p95 | non-2xx | load | DB time (EXPLAIN ANALYZE, largest queue / the branch) |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of a.reads) {
      const e = a.explains.find((x) => x.page === r.page && x.user === r.user);
      out.push(
        `| ${r.page === 'queue' ? 'queue page' : 'department page (all, -createdAt)'}: \`${r.shape}\` | ${r.user} | ${fmt(r.result.requests)} | ${fmt(r.result.perSecond)} | ${r.result.p50} | **${r.result.p95}** | ${r.result.p99} | ${r.ratioP50 ?? ''}${r.ratioP50 ? '×' : ''} | ${r.ratioP95 ? `**${r.ratioP95}×**` : ''} | ${r.result.non2xx} | ${r.result.loadAverage} | ${e ? `${e.executionMs} ms (${fmt(e.buffers)} buffers)` : ''} |`,
      );
    }
    out.push('');
  }
  if (t.goals) {
    out.push('### Goals', '', '| Goal | Target | Measured | Reached |', '|---|---|---|---|');
    for (const g of t.goals) out.push(`| ${g.name} | ${g.goal} | ${g.measured} | ${g.reached ? 'yes' : '**no**'} |`);
    out.push('');
  }
  for (const e of [...(t.explains ?? []), ...(t.access?.explains.filter((x) => x.user !== 'admin') ?? [])]) {
    out.push(`### EXPLAIN (ANALYZE, BUFFERS): ${e.name}`, '');
    out.push(`Request: \`${e.request}\`. Indexes used: ${e.indexes.length ? e.indexes.map((i) => `\`${i}\``).join(', ') : '**none**'}. Parameters: \`${JSON.stringify(e.parameters)}\``, '');
    out.push('```sql', e.sql, '```', '', '```', e.plan, '```', '');
  }
  return out.join('\n');
}

function ledgerSection(l: LedgerSection | undefined): string[] {
  const out = ['## Audit ledger at scale (issue 4)', ''];
  if (!l) return [...out, 'Not measured: not run.', ''];
  if (l.skipped) return [...out, `Not measured: ${l.skipped}.`, ''];
  out.push(`On scratch databases of the PostgreSQL server (\`scenarios/ledger.ts\`), ${l.seconds} s; load average after: ${l.loadAverage?.join(' / ')}.`, '');
  out.push('| Figure | Measured | Notes |', '|---|---:|---|');
  if (l.catchUp)
    out.push(
      `| Sequencer catch-up, ${fmt(l.catchUp.events)} committed events (hashing on a worker thread, batches of ${fmt(l.catchUp.batchSize)}) | **${fmt(l.catchUp.eventsPerSecond)} events/s** | ${l.catchUp.seconds} s; events inserted in SQL in ${l.fillSeconds} s beforehand; load ${l.catchUp.loadAverage} |`,
    );
  else out.push('| Sequencer catch-up | not measured | see the error below |');
  if (l.verify)
    out.push(
      `| Full verification \`docket-verify audit\` of ${fmt(l.verify.events)} events | **${l.verify.seconds} s** (${fmt(l.verify.eventsPerSecond)} events/s) | verdict ${l.verify.ok ? 'ok' : '**not ok**'} |`,
    );
  else out.push('| Full verification of the events | not measured | see the error below |');
  if (l.proofs)
    out.push(
      `| Inclusion proof on a ${fmt(l.proofs.leaves)}-leaf tree (findLeafOfEvent + countLeaves + proveInclusion), ${fmt(l.proofs.proofs)} random events | **p99 ${l.proofs.p99Ms} ms** (p50 ${l.proofs.p50Ms}, max ${l.proofs.maxMs}) | tree built in SQL in ${l.proofs.buildSeconds} s |`,
    );
  else out.push('| Inclusion proof on the large tree | not measured | see the error below |');
  out.push('');
  if (l.proofs && l.proofs.leaves !== 10_000_000) out.push(`The proof figure ran on ${fmt(l.proofs.leaves)} leaves (BENCH_LEDGER_TREE_LEAVES), not the 10,000,000 of issue 4.`, '');
  if (l.error) out.push('**Failures:**', '', '```', l.error, '```', '');
  return out;
}

function consoleSection(c: ConsoleSection | undefined): string[] {
  const out = ['## Web console (issue 9)', ''];
  if (!c) return [...out, 'Not measured: not run.', ''];
  if (c.skipped) return [...out, `Not measured: ${c.skipped}.`, ''];
  if (c.error || !c.results) return [...out, '**Not measured — the console scenario failed:**', '', '```', c.error ?? 'no results', '```', ''];
  const r = c.results;
  out.push(
    `\`scenarios/console.ts\` (its own Docket on the embedded PostgreSQL with the demo data, the built console), Chromium ${r.chromium}, ${r.viewport.width}×${r.viewport.height}, median of ${r.workspaceFirstMeaningfulPaintMs.runs.length} runs each after a reload with a warm HTTP cache; ${c.seconds} s; load average after: ${c.loadAverage?.join(' / ')}.`,
    '',
  );
  out.push('| Figure | Median | Runs |', '|---|---:|---|');
  out.push(
    `| Workspace first meaningful paint (navigation to "/" until the cases table has rows) | **${r.workspaceFirstMeaningfulPaintMs.median} ms** | ${r.workspaceFirstMeaningfulPaintMs.runs.join(', ')} |`,
  );
  out.push(`| Case view with ${r.caseViewLoadMs.timelineEvents} timeline events (header, form and conversation rendered) | **${r.caseViewLoadMs.median} ms** | ${r.caseViewLoadMs.runs.join(', ')} |`);
  out.push(`| Its timeline tab until all ${r.caseTimelineRenderMs.timelineEvents} events are on screen | **${r.caseTimelineRenderMs.median} ms** | ${r.caseTimelineRenderMs.runs.join(', ')} |`);
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
  out.push(`| JavaScript of sign-in, gzip -9 | **${kb(r.javascriptGzipBytes.signIn)}** | ${r.javascriptGzipBytes.signInFiles} files |`);
  out.push(
    `| JavaScript of sign-in + workspace, gzip -9 | **${kb(r.javascriptGzipBytes.workspace)}** | ${r.javascriptGzipBytes.workspaceFiles} files (${kb(r.javascriptGzipBytes.workspaceAdditional)} after sign-in) |`,
  );
  if (r.javascriptTransferBytes)
    out.push(
      `| JavaScript of sign-in / sign-in + workspace as transferred (the server's Content-Encoding) | **${kb(r.javascriptTransferBytes.signIn)} / ${kb(r.javascriptTransferBytes.workspace)}** | |`,
    );
  out.push('');
  return out;
}

/** Issue 13: the three ratios, each with the machine's raw limits measured in the same run. */
function goalsSummary(targets: TargetResult[]): string[] {
  const withGoals = targets.filter((t) => t.goals);
  if (!withGoals.length) return [];
  const rows = withGoals.flatMap((t) => t.goals!.map((g) => `| ${t.name} | ${g.name} | ${g.goal} | ${g.measured} | ${g.reached ? 'pass' : '**fail**'} |`));
  const limits = withGoals.map((t) => {
    const raw1 = t.rawTransactions?.find((r) => r.connections === 1);
    const raw64 = t.rawTransactions?.find((r) => r.connections === 64);
    return `- ${t.name}: raw COPY **${fmt(t.rawCopy?.casesPerSecond)} cases/s**; raw single-row transactions (BEGIN; INSERT case; INSERT audit event; COMMIT) at 1 connection **${fmt(raw1?.perSecond)}/s** (p99 ${raw1?.p99} ms), at 64 connections **${fmt(raw64?.perSecond)}/s** (p99 ${raw64?.p99} ms)`;
  });
  return [
    'Goals (issue 13 first, then issue 14), each a ratio of figures from this run where a ratio is given:',
    '',
    '| Target | Goal | Target | Measured | Pass |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    "The machine's raw limits measured in this run:",
    '',
    ...limits,
    '',
  ];
}

function accessSummary(targets: TargetResult[]): string[] {
  const rows = targets
    .filter((t) => t.access)
    .flatMap((t) =>
      t.access!.reads.map(
        (r) =>
          `| ${t.name} | ${r.page === 'queue' ? 'queue page' : 'department page'} | ${r.user} | ${r.result.p50} / ${r.result.p95} ms | ${r.ratioP50 ? `${r.ratioP50}× / **${r.ratioP95}×**` : '1 (reference)'} | ${t.access!.explains.find((e) => e.page === r.page && e.user === r.user)?.executionMs ?? '–'} ms |`,
      ),
    );
  if (!rows.length) return [];
  return [
    'Restricted readers (issue 3; goal: queue page within 1.5× of admin), 1 connection:',
    '',
    '| Target | Page | Reader | p50 / p95 | ÷ admin p50 / p95 | DB time (largest queue / branch) |',
    '|---|---|---|---:|---:|---:|',
    ...rows,
    '',
  ];
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
    ...(m.gitHead
      ? [`Server code: commit ${m.gitHead}${m.uncommittedServerChanges ? ` plus ${m.uncommittedServerChanges} uncommitted file(s) under packages/server (other work in progress)` : ''}.`, '']
      : []),
    ...(s.serverEnv && Object.keys(s.serverEnv).length
      ? [
          `Server settings passed through: ${Object.entries(s.serverEnv)
            .map(([k, v]) => `\`${k}=${v}\``)
            .join(', ')}.`,
          '',
        ]
      : []),
    ...(s.only ? [`Only the ${s.only} figures were run (BENCH_ONLY=${s.only}).`, ''] : []),
    ...(s.afterLoadSql
      ? [`**What-if run:** after the 1,000,000-case load and before the reads, this SQL ran on the scratch database (then ANALYZE): \`${s.afterLoadSql}\`. The server code is unchanged.`, '']
      : []),
    `Sizes: raw COPY ${fmt(s.copyRows)} cases; single create ${s.createSeconds} s per connection count; bulk ${s.bulkRequests} × ${fmt(s.bulkLines)} lines; case book ${fmt(s.loadRows)}; ${fmt(s.readRequests)} requests per read figure, or as many as ${s.readMaxSeconds} s allow (after up to 200 warm-up requests).`,
    '',
    '## Summary',
    '',
    '| Target | Raw COPY cases/s | Create @1 cases/s (p99) | Create @64 cases/s (p50 / p99) | Bulk cases/s (% of COPY) | Case by id p95 | Queue page p50 / p95 | Dept page (open) p95 | Dept page (all) p95 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...report.targets.map((t) => {
      if (t.skipped || !t.rawCopy) return `| ${t.name} | ${t.skipped ? `skipped: ${t.skipped}` : s.only ? `not run (BENCH_ONLY=${s.only})` : 'failed'} | | | | | | | |`;
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
    ...goalsSummary(report.targets),
    ...accessSummary(report.targets),
    ...report.targets.map(targetSection),
    ...ledgerSection(report.ledger),
    ...consoleSection(report.console),
  ].join('\n');
}
