// What-if for issue 3's bench: the queue page of a branch agent (record scope department + own)
// and of a branch supervisor (scope subtree) against the unrestricted admin's, on a scratch
// database of the PostgreSQL server (migrated with the server's migrations, 1,000,000 cases and
// the department tree from load-million.ts), for every one of the 40 queues:
//   A. today: the statements the server sends (recorded by `npm run bench`, copied below), today's indexes;
//   B. A plus the candidate indexes (no SQL change);
//   C. B plus the candidate SQL: each policy clause a separate ordered, limited branch, merged.
// Writes bench/results/access-index-check.md.
//   node --import tsx bench/scenarios/check-access-index.ts   (N=200000 for a quicker check)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../../packages/server/src/platform/db/migrator.ts';
import { departmentId, loadCases, parentBranch } from './load-million.ts';

const SERVER = process.env.BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'docket_bench_acl';
const BRANCH = Number(process.env.BENCH_ACCESS_BRANCH ?? 5);
const AGENT = '01a205e4-d847-7777-86b6-37e3c3168069';
const ADMIN = '00000000-0000-4000-8000-0000000000aa';

const COLS = `"id", "number", "type_key", "type_version", "title", "status", "priority", "channel", "customer", "customer_ref", "fields", "tags", "external_source", "external_id", "assignee_id", "queue", "department_id", "due_at", "created_by", "created_at", "updated_at", "resolved_at", "closed_at", "version"`;
// Recorded from the server (bench/results/latest.json, access.explains): listCasesPage + visibilityCondition.
const TODAY = {
  admin: `select ${COLS} from "cases"."case" where "status" in ($1, $2, $3) and "queue" = $4 order by "due_at" ASC NULLS LAST, id ASC limit $5`,
  agent: `select ${COLS} from "cases"."case" where ((department_id = ANY($1::uuid[])) OR ((created_by = $2::uuid OR assignee_id = $3::uuid))) and "status" in ($4, $5, $6) and "queue" = $7 order by "due_at" ASC NULLS LAST, id ASC limit $8`,
  supervisor: `select ${COLS} from "cases"."case" where ((department_id = ANY($1::uuid[]))) and "status" in ($2, $3, $4) and "queue" = $5 order by "due_at" ASC NULLS LAST, id ASC limit $6`,
};
// The candidate SQL: one branch per policy clause (and per column of the `own` clause), each the
// page's own ORDER BY … LIMIT on an index, merged by UNION (a case matching two clauses appears once).
// The department clause reads one department at a time (LATERAL over the array) so each branch is an
// ordered index range, whatever the number of departments in the subtree.
const branch = (where: string) => `(SELECT ${COLS} FROM "cases"."case" WHERE ${where} AND "status" in ($1, $2, $3) AND "queue" = $4 ORDER BY "due_at" ASC NULLS LAST, id ASC LIMIT $5)`;
const CANDIDATE = {
  admin: TODAY.admin,
  agent: `select * from (
  (SELECT c.* FROM unnest($6::uuid[]) AS d(id) CROSS JOIN LATERAL ${branch('department_id = d.id')} c)
  UNION ${branch('created_by = $7::uuid')}
  UNION ${branch('assignee_id = $7::uuid')}
) v order by "due_at" ASC NULLS LAST, id ASC limit $5`,
  supervisor: `select * from (SELECT c.* FROM unnest($6::uuid[]) AS d(id) CROSS JOIN LATERAL ${branch('department_id = d.id')} c) v order by "due_at" ASC NULLS LAST, id ASC limit $5`,
};
// Candidate D: the same, but branches made disjoint (so UNION ALL needs no de-duplication) and not
// limited one by one, one branch per department written out by the store (it knows the reader's
// departments when it builds the query): the planner merges the ordered branches (Merge Append)
// and stops after LIMIT rows, so it reads about as many rows as the admin's page, whatever the
// department sizes. With the own clause $6 = the reader's departments as an array, $7 = user id, $8… = each department; without it $6… = each department.
const disjoint = (departments: number, own: boolean) => {
  const branches = Array.from(
    { length: departments },
    (_, i) => `(SELECT ${COLS} FROM "cases"."case" WHERE department_id = $${(own ? 8 : 6) + i}::uuid AND "status" in ($1, $2, $3) AND "queue" = $4)`,
  );
  if (own) {
    const outside = '(department_id IS NULL OR department_id <> ALL($6::uuid[]))';
    branches.push(`(SELECT ${COLS} FROM "cases"."case" WHERE created_by = $7::uuid AND ${outside} AND "status" in ($1, $2, $3) AND "queue" = $4)`);
    branches.push(`(SELECT ${COLS} FROM "cases"."case" WHERE assignee_id = $7::uuid AND created_by <> $7::uuid AND ${outside} AND "status" in ($1, $2, $3) AND "queue" = $4)`);
  }
  return `select * from (\n  ${branches.join('\n  UNION ALL ')}\n) v order by "due_at" ASC NULLS LAST, id ASC limit $5`;
};
const CANDIDATE_INDEXES = [
  `CREATE INDEX case_department_queue_due_idx ON cases.case (department_id, queue, due_at, id) WHERE status IN ('new', 'open', 'pending')`,
  `CREATE INDEX case_created_by_idx ON cases.case (created_by, status, created_at DESC)`,
];
const OPEN = ['new', 'open', 'pending'];

const lines: string[] = [
  '# Queue page of restricted readers: indexes and SQL before and after',
  '',
  `Run ${new Date().toISOString()} on the PostgreSQL server, scratch database ${DB} (dropped afterwards). \`node --import tsx bench/scenarios/check-access-index.ts\`.`,
  '',
];
const admin = new pg.Client({ connectionString: SERVER });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB}`);
const u = new URL(SERVER);
u.pathname = `/${DB}`;
const url = u.toString();
try {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await migrate(pool);
  await pool.query(
    `INSERT INTO cases.case_type (key, current_version, prefix) VALUES ('complaint',1,'CMP'),('consultation',1,'CST'),('suggestion',1,'SUG'),('suspicious-transaction',1,'STX'),('credit-approval',1,'CRD')`,
  );
  await pool.query(`INSERT INTO cases.case_type_version (key, version, name, schema) SELECT key, 1, key, '{}' FROM cases.case_type`);
  const n = Number(process.env.N ?? 1_000_000);
  const load = await loadCases(url, ADMIN, n, (m) => console.log(m));
  // As in the bench: the agent is the assignee of one synthetic assignee's cases (all departments).
  const own = await pool.query(`UPDATE cases.case SET assignee_id = $1 WHERE assignee_id = '00000000-0000-4000-9000-000000000064'`, [AGENT]);
  await pool.query('VACUUM ANALYZE cases.case');
  const version = (await pool.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  const agentDepartments = [departmentId(BRANCH)];
  const subtree = [BRANCH, ...Array.from({ length: 60 }, (_, d) => d).filter((d) => d !== 0 && parentBranch(d) === BRANCH)].map(departmentId);
  const DISJOINT = { admin: TODAY.admin, agent: disjoint(agentDepartments.length, true), supervisor: disjoint(subtree.length, false) };
  const params = (sqlSet: typeof TODAY, who: keyof typeof TODAY, queue: string): unknown[] => {
    if (sqlSet === DISJOINT && who !== 'admin') {
      const ds = who === 'agent' ? agentDepartments : subtree;
      return who === 'agent' ? [...OPEN, queue, 51, ds, AGENT, ...ds] : [...OPEN, queue, 51, ...ds];
    }
    if (sqlSet === TODAY) {
      if (who === 'admin') return [...OPEN, queue, 51];
      if (who === 'agent') return [agentDepartments, AGENT, AGENT, ...OPEN, queue, 51];
      return [subtree, ...OPEN, queue, 51];
    }
    if (who === 'admin') return [...OPEN, queue, 51];
    return [...OPEN, queue, 51, who === 'agent' ? agentDepartments : subtree, ...(who === 'agent' ? [AGENT] : [])];
  };
  lines.push(
    `PostgreSQL ${version}. ${n.toLocaleString('en')} cases from load-million.ts (department tree: head office, 10 branches, 49 sub-branches), ${load.openCases.toLocaleString('en')} open in ${load.queues.length} queues (largest ${load.queues[0]!.open.toLocaleString('en')}, smallest ${load.queues[load.queues.length - 1]!.open.toLocaleString('en')} open). Agent: branch ${BRANCH} (department scope) plus ${own.rowCount} assigned cases (own scope); supervisor: branch ${BRANCH} and its ${subtree.length - 1} sub-branches (subtree scope).`,
    '',
    "Each statement runs once per queue (all 40) with EXPLAIN (ANALYZE, BUFFERS) after one warm-up; execution times are the database's own.",
    '',
    '| Variant | Reader | DB ms median | DB ms p95 | DB ms max | Buffers median | Buffers max | ÷ admin (median) | Rows (all queues) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  const plans: string[] = [];
  const results: Record<string, { agent: string[]; supervisor: string[] }> = {};
  const measure = async (label: string, sqlSet: typeof TODAY) => {
    let adminMedian = NaN;
    results[label] = { agent: [], supervisor: [] };
    for (const who of ['admin', 'agent', 'supervisor'] as const) {
      const times: number[] = [];
      const buffers: number[] = [];
      let rows = 0;
      for (const { queue } of load.queues) {
        const p = params(sqlSet, who, queue);
        await pool.query(sqlSet[who], p);
        const result = await pool.query(sqlSet[who], p);
        rows += result.rowCount ?? 0;
        if (who !== 'admin') results[label]![who].push(result.rows.map((r: { id: string }) => r.id).join(','));
        const plan = (await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sqlSet[who]}`, p)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
        times.push(Number(/Execution Time: ([\d.]+)/.exec(plan)![1]));
        const b = /Buffers: shared hit=(\d+)(?: read=(\d+))?/.exec(plan);
        buffers.push(b ? Number(b[1]) + Number(b[2] ?? 0) : NaN);
        if (who !== 'admin' && (queue === load.queues[0]!.queue || queue === load.queues[load.queues.length - 1]!.queue)) {
          plans.push(`### ${label}: ${who}, ${queue === load.queues[0]!.queue ? 'largest' : 'smallest'} queue (${queue})`, '', '```', plan, '```', '');
        }
      }
      const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
      const at = (a: number[], q: number) => sorted(a)[Math.min(a.length - 1, Math.ceil(q * a.length) - 1)]!;
      const median = at(times, 0.5);
      if (who === 'admin') adminMedian = median;
      const row = `| ${label} | ${who} | ${median} | ${at(times, 0.95)} | ${at(times, 1)} | ${at(buffers, 0.5)} | ${at(buffers, 1)} | ${who === 'admin' ? '' : `${Math.round((100 * median) / adminMedian) / 100}×`} | ${rows} |`;
      console.log(row);
      lines.push(row);
    }
  };
  await measure('A. today', TODAY);
  for (const statement of CANDIDATE_INDEXES) await pool.query(statement);
  await pool.query('ANALYZE cases.case');
  await measure('B. + candidate indexes', TODAY);
  await measure('C. + candidate indexes + candidate SQL', CANDIDATE);
  await measure('D. + candidate indexes + disjoint UNION ALL (Merge Append)', DISJOINT);
  const same = (label: string) => (['agent', 'supervisor'] as const).every((who) => results['A. today']![who].join('|') === results[label]![who].join('|'));
  lines.push(
    '',
    `The candidate SQL returns exactly the same page (same ids, same order) as today's for every queue and both readers: C **${same('C. + candidate indexes + candidate SQL') ? 'yes' : 'NO'}**, D **${same('D. + candidate indexes + disjoint UNION ALL (Merge Append)') ? 'yes' : 'NO'}**.`,
    '',
  );
  lines.push('Candidate indexes:', '', '```sql', ...CANDIDATE_INDEXES.map((s) => `${s.replace('CREATE INDEX', 'CREATE INDEX CONCURRENTLY')};`), '```', '');
  lines.push('Candidate SQL (agent; the supervisor has only the department branch):', '', '```sql', CANDIDATE.agent, '```', '');
  lines.push('Candidate SQL D (agent of one department; the store writes one branch per department of the reader, the supervisor has no `own` branches):', '', '```sql', DISJOINT.agent, '```', '');
  lines.push('## Plans', '', ...plans);
  await pool.end();
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results', 'access-index-check.md');
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`wrote ${out}`);
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
}
