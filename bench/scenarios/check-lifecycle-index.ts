// Do the queue and department pages stay on their partial indexes now that those are built on
// status_category (20261205T0401..0406) instead of status IN ('new','open','pending')?
//   PGSERVER=postgres://postgres@127.0.0.1:5432 node --import tsx bench/scenarios/check-lifecycle-index.ts
// Prints EXPLAIN ANALYZE of each page's query (the SQL listCasesPage sends) over 300,000 cases.
import pg from 'pg';
import { migrate } from '../../packages/server/src/platform/db/migrator.ts';
const SERVER = process.env.PGSERVER ?? 'postgres://postgres@127.0.0.1:5432';
const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS lifecycle_explain WITH (FORCE)');
await admin.query('CREATE DATABASE lifecycle_explain');
const pool = new pg.Pool({ connectionString: `${SERVER}/lifecycle_explain`, max: 1 });
await migrate(pool);
await pool.query(`INSERT INTO cases.case_type (key, current_version, prefix) VALUES ('complaint', 1, 'CMP')`);
await pool.query(`INSERT INTO cases.case_type_version (key, version, name, schema, lifecycle) VALUES ('complaint', 1, 'c', '{}', '{}')`);
await pool.query(`
  INSERT INTO cases.case (id, number, type_key, type_version, title, status, status_category, priority, fields, queue, department_id, due_at, created_by, created_at, updated_at)
  SELECT gen_random_uuid(), 'CMP-' || i, 'complaint', 1, 't', s, CASE s WHEN 'pending' THEN 'waiting' WHEN 'resolved' THEN 'resolved' WHEN 'closed' THEN 'closed' ELSE 'open' END,
         'normal', '{}', 'q' || (i % 7), ('00000000-0000-0000-0000-0000000000' || lpad((i % 30)::text, 2, '0'))::uuid, now() + (i % 1000) * interval '1 hour', gen_random_uuid(), now() - (i % 5000) * interval '1 hour', now()
  FROM generate_series(1, 300000) i, LATERAL (SELECT (ARRAY['new','open','pending','resolved','closed','closed','closed','resolved'])[1 + i % 8] AS s) x`);
await pool.query('ANALYZE cases.case');
const show = async (label: string, text: string, values: unknown[]) => {
  const res = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${text}`, values);
  console.log(`--- ${label}\n${res.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
};
await show('queue page', `select * from cases.case where status_category in ($1, $2) and queue = $3 order by due_at ASC NULLS LAST, id ASC limit $4`, ['open', 'waiting', 'q3', 51]);
await show('department open page', `select * from cases.case where status_category in ($1, $2) and department_id = $3 order by created_at DESC, id DESC limit $4`, [
  'open',
  'waiting',
  '00000000-0000-0000-0000-000000000003',
  51,
]);
await show(
  'branch agent queue page',
  `select * from cases.case where (department_id = ANY($1::uuid[])) and status_category in ($2, $3) and queue = $4 order by due_at ASC NULLS LAST, id ASC limit $5`,
  [['00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000004'], 'open', 'waiting', 'q3', 51],
);
await show('waiting only (subset of the index predicate)', `select * from cases.case where status_category in ($1) and queue = $2 order by due_at ASC NULLS LAST, id ASC limit $3`, [
  'waiting',
  'q3',
  51,
]);
await pool.end();
await admin.query('DROP DATABASE IF EXISTS lifecycle_explain WITH (FORCE)');
await admin.end();
