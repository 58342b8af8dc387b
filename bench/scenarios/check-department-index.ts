// What-if for the department pages: on a scratch database of the PostgreSQL server (migrated
// with the server's migrations, 1,000,000 cases from load-million.ts), EXPLAIN (ANALYZE, BUFFERS)
// the two department-page statements for the largest and the smallest department, before and
// after the two indexes proposed in bench/README.md. Writes bench/results/department-index-check.md.
//   node --import tsx bench/scenarios/check-department-index.ts   (N=200000 for a quicker check)
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../../packages/server/src/platform/db/migrator.ts';
import { loadCases } from './load-million.ts';
const lines: string[] = ['# Department page: indexes before and after', '', `Run ${new Date().toISOString()} on the PostgreSQL server, scratch database docket_bench_idx.`, ''];
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS docket_bench_idx WITH (FORCE)');
await admin.query('CREATE DATABASE docket_bench_idx');
const url = 'postgres://postgres@127.0.0.1:5432/docket_bench_idx';
try {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await migrate(pool);
  await pool.query(
    `INSERT INTO cases.case_type (key, current_version, prefix) VALUES ('complaint',1,'CMP'),('consultation',1,'CST'),('suggestion',1,'SUG'),('suspicious-transaction',1,'STX'),('credit-approval',1,'CRD')`,
  );
  await pool.query(`INSERT INTO cases.case_type_version (key, version, name, schema) SELECT key, 1, key, '{}' FROM cases.case_type`);
  const n = Number(process.env.N ?? 1000000);
  const r = await loadCases(url, '00000000-0000-4000-8000-0000000000aa', n, (m) => console.log(m));
  // As in the bench, where the API figures had just created ~80,000 cases without a department:
  // the newest cases belong to nobody in particular, which is what the planner's bet on
  // case_created_idx (walk newest-first, filter by department) does not expect.
  await pool.query(`INSERT INTO cases.case (id, number, type_key, type_version, title, status, priority, fields, created_by, created_at, updated_at)
    SELECT gen_random_uuid(), 'CMP-2026-R' || lpad(g::text, 6, '0'), 'complaint', 1, 'recent ' || g, 'new', 'normal', '{}', '00000000-0000-4000-8000-0000000000aa',
           now() - g * interval '10 ms', now()
    FROM generate_series(1, 80000) AS g`);
  await pool.query('ANALYZE cases.case');
  const big = r.departments[0]!.id,
    small = r.departments[r.departments.length - 1]!.id;
  const cols = `"id", "number", "type_key", "type_version", "title", "status", "priority", "channel", "customer", "customer_ref", "fields", "tags", "external_source", "external_id", "assignee_id", "queue", "department_id", "due_at", "created_by", "created_at", "updated_at", "resolved_at", "closed_at", "version"`;
  const q1 = `select ${cols} from "cases"."case" where "status" in ($1, $2, $3) and "department_id" = $4 order by "created_at" DESC, id DESC limit $5`;
  const q2 = `select ${cols} from "cases"."case" where "department_id" = $1 order by "created_at" DESC, id DESC limit $2`;
  const show = async (label: string) => {
    for (const [name, d] of [
      ['largest', big],
      ['smallest', small],
    ] as const) {
      for (const [qn, q, p] of [
        ['open', q1, ['new', 'open', 'pending', d, 51]],
        ['all', q2, [d, 51]],
      ] as const) {
        const plan = (await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${q}`, [...p] as unknown[])).rows.map((x: Record<string, string>) => x['QUERY PLAN']);
        const idx = [...new Set(plan.join('\n').match(/(?:using|on) case_\w+/g) ?? [])].join(',');
        const row = `| ${label} | ${name} department | ${qn} | ${plan.find((l: string) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '')} | ${plan.find((l: string) => /Buffers: shared/.test(l))?.trim()} | ${idx} |`;
        console.log(row);
        lines.push(row);
      }
    }
  };
  lines.push(
    `${n.toLocaleString('en')} cases from load-million.ts plus 80,000 newer cases without a department; largest department ${r.departments[0]!.cases.toLocaleString('en')} cases, smallest ${r.departments[r.departments.length - 1]!.cases.toLocaleString('en')}.`,
    '',
  );
  lines.push('| Indexes | Department | Page | Execution time | Buffers | Index used |', '|---|---|---|---:|---|---|');
  await show('before');
  await pool.query(`CREATE INDEX case_department_open_created_idx ON cases.case (department_id, created_at DESC, id DESC) WHERE status IN ('new', 'open', 'pending')`);
  await pool.query(`CREATE INDEX case_department_created_idx ON cases.case (department_id, created_at DESC, id DESC)`);
  await pool.query('ANALYZE cases.case');
  await show('after');
  await pool.query('SET random_page_cost = 1.1');
  await show('after, random_page_cost 1.1');
  await pool.end();
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results', 'department-index-check.md');
  writeFileSync(
    out,
    `${lines.join('\n')}\n\nProposed indexes:\n\n\`\`\`sql\nCREATE INDEX case_department_open_created_idx ON cases.case (department_id, created_at DESC, id DESC) WHERE status IN ('new', 'open', 'pending');\nCREATE INDEX case_department_created_idx ON cases.case (department_id, created_at DESC, id DESC);\n-- and, on SSD storage with the book in cache (the embedded PostgreSQL's usual case):\nALTER DATABASE docket SET random_page_cost = 1.1;\n\`\`\`\n`,
  );
} finally {
  await admin.query('DROP DATABASE IF EXISTS docket_bench_idx WITH (FORCE)');
  await admin.end();
}
