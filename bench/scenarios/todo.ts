// Issue 15's figures: the to-do list (GET /api/v1/tasks?assignee=me, 50 rows) over 1,000,000 open
// tasks, and an approval action end to end, beside the raw single-row transaction limit the same
// run measured (run.ts, BENCH_ONLY=todo).
//
// The book: BENCH_TODO_TASKS open tasks loaded in SQL over 100,000 instances of 20 processes,
// half assigned (5,000 users), half unassigned and claimable by one of 200 groups or (one in ten)
// by a named user; claimed tasks keep their candidate group, as claimed tasks do. The bench user
// (a real user, signed in) holds 20 assigned tasks and may claim 400 (300 by its group, 100 by
// name), so its first page mixes both branches of the query.
import { loadavg } from 'node:os';
import pg from 'pg';
import { percentile, round, runLoad, withServerCpu, type LoadResult } from './http-load.ts';
import { api, type Target } from './target.ts';

const PASSWORD = 'Bench-todo-passphrase-15';
const INSTANCES = 100_000;
const PROCESSES = 20;
const USERS = 5_000;
const GROUPS = 200;
const BENCH_ASSIGNED = 20;
const BENCH_BY_GROUP = 300;
const BENCH_BY_NAME = 100;

export interface TodoOptions {
  tasks: number;
  reads: number;
  readMaxSeconds: number;
  readConnections: number[];
  /** Approval actions per connection count. */
  approvals: Record<number, number>;
}

export interface TodoLoadResult {
  tasks: number;
  instances: number;
  insertSeconds: number;
  indexSeconds: number;
  analyzeSeconds: number;
  totalSeconds: number;
  tableSize: string;
  indexesSize: string;
  benchAssigned: number;
  benchClaimable: number;
}

export interface TodoReadResult extends LoadResult {
  path: string;
  rowsPerAnswer: number;
}

export interface ApprovalResult extends LoadResult {
  through: string;
  instances: number;
  setupSeconds: number;
}

export interface TodoResult {
  load?: TodoLoadResult;
  reads: TodoReadResult[];
  explain?: { sql: string; plan: string; executionMs: number; planningMs: number };
  approvals: ApprovalResult[];
  errors: { part: string; error: string }[];
  seconds: number;
}

async function login(url: string, username: string): Promise<{ token: string; id: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const body = (await res.json()) as { token?: string; user?: { id: string } };
  if (res.status !== 200 || !body.token) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  return { token: body.token, id: body.user!.id };
}

/** The bench user: an agent in the group `bench-g000`, signed in. */
async function createBenchUser(target: Target): Promise<{ token: string; id: string; group: string }> {
  const username = `bench-todo-${Date.now().toString(36)}`;
  const res = await api<{ id: string }>(target, 'POST', '/api/v1/users', { username, password: PASSWORD, displayName: 'Bench to-do', roleIds: ['agent'] });
  if (res.status !== 201) throw new Error(`create the bench user: ${res.status} ${JSON.stringify(res.body)}`);
  const group = 'bench-g000';
  const made = await api(target, 'POST', '/api/v1/groups', { key: group, name: 'Bench group 0', kind: 'group', memberIds: [res.body.id] });
  if (made.status !== 201) throw new Error(`create ${group}: ${made.status} ${JSON.stringify(made.body)}`);
  return { ...(await login(target.url, username)), group };
}

/**
 * Loads the open tasks in SQL with process.task's secondary indexes dropped and rebuilt after
 * (as load-million.ts does for cases), then VACUUM ANALYZE: the planner sees the real table.
 */
export async function loadTodoBook(databaseUrl: string, tasks: number, bench: { id: string; group: string }, log: (m: string) => void): Promise<TodoLoadResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const t0 = performance.now();
  try {
    await client.query('SET synchronous_commit = off');
    await client.query("SET maintenance_work_mem = '256MB'");
    const indexes = (
      await client.query<{ name: string; definition: string }>(
        `SELECT ic.relname AS name, pg_get_indexdef(ic.oid) AS definition
           FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class tc ON tc.oid = x.indrelid JOIN pg_namespace n ON n.oid = tc.relnamespace
          WHERE n.nspname = 'process' AND tc.relname = 'task' AND NOT x.indisprimary`,
      )
    ).rows;
    for (const index of indexes) await client.query(`DROP INDEX process.${client.escapeIdentifier(index.name)}`);
    await client.query(
      `INSERT INTO process.deployment (id, xml, checksum, deployed_by, deployed_by_name, deployed_at) VALUES ('00000000-0000-7000-8000-0000000b0001', '<bench/>', 'bench', 'bench', 'bench', now())`,
    );
    await client.query(
      `INSERT INTO process.definition (id, key, version, name, graph, graph_checksum, deployment_id, deployed_at)
       SELECT ('00000000-0000-7000-8000-0000000b01' || lpad(k::text, 2, '0'))::uuid, 'bench-todo-' || k, 1, 'Bench process ' || k, '{}', 'bench-' || k, '00000000-0000-7000-8000-0000000b0001', now()
       FROM generate_series(0, ${PROCESSES - 1}) k`,
    );
    await client.query(
      `INSERT INTO process.instance (id, definition_id, process_key, version, state, root_instance_id, started_at, started_by)
       SELECT md5('bench-i' || n)::uuid, ('00000000-0000-7000-8000-0000000b01' || lpad((n % ${PROCESSES})::text, 2, '0'))::uuid, 'bench-todo-' || (n % ${PROCESSES}), 1, 'active',
              md5('bench-i' || n)::uuid, now() - interval '30 days', 'bench-u' || (n % ${USERS})
       FROM generate_series(0, ${INSTANCES - 1}) n`,
    );
    // Even: assigned to one of the users (a claimed task keeps its group); odd: unassigned, one in
    // ten by name, the rest by group. Priorities 30/50/70, two thirds with a due date.
    await client.query(
      `INSERT INTO process.task (id, instance_id, element_instance_id, element_id, name, state, assignee, candidate_users, candidate_groups, due_at, priority, created_at)
       SELECT md5('bench-t' || i)::uuid, md5('bench-i' || (i % ${INSTANCES}))::uuid, md5('bench-e' || i)::uuid, 'review', 'Review ' || i, 'open',
              CASE WHEN i % 2 = 0 THEN 'bench-u' || ((i * 7919) % ${USERS}) END,
              CASE WHEN i % 10 = 1 THEN ARRAY['bench-u' || ((i * 31) % ${USERS})] ELSE '{}' END,
              CASE WHEN i % 10 <> 1 THEN ARRAY['bench-g' || lpad(((i * 13) % ${GROUPS - 1} + 1)::text, 3, '0')] ELSE '{}' END,
              CASE WHEN i % 3 = 0 THEN NULL ELSE now() + (i % 1000) * interval '1 hour' END,
              (ARRAY[30, 50, 50, 50, 70])[i % 5 + 1],
              now() - (i % 100000) * interval '1 minute'
       FROM generate_series(1::bigint, ${tasks}::bigint) i`,
    );
    // Steps of a multiple of ten from 2, 3 and 5: the three sets never share a task.
    const step = (count: number) => Math.max(10, Math.floor(tasks / count / 10) * 10);
    await client.query(`UPDATE process.task SET assignee = $1 WHERE id IN (SELECT md5('bench-t' || i)::uuid FROM generate_series(2::bigint, $2::bigint, $3::bigint) i)`, [
      bench.id,
      tasks,
      step(BENCH_ASSIGNED),
    ]);
    await client.query(
      `UPDATE process.task SET assignee = NULL, candidate_users = '{}', candidate_groups = ARRAY[$1] WHERE id IN (SELECT md5('bench-t' || i)::uuid FROM generate_series(3::bigint, $2::bigint, $3::bigint) i)`,
      [bench.group, tasks, step(BENCH_BY_GROUP)],
    );
    await client.query(
      `UPDATE process.task SET assignee = NULL, candidate_users = ARRAY[$1, 'bench-u1'], candidate_groups = '{}' WHERE id IN (SELECT md5('bench-t' || i)::uuid FROM generate_series(5::bigint, $2::bigint, $3::bigint) i)`,
      [bench.id, tasks, step(BENCH_BY_NAME)],
    );
    const insertSeconds = (performance.now() - t0) / 1000;
    log(`    inserted in ${round(insertSeconds, 0)} s; rebuilding ${indexes.length} indexes`);
    const t1 = performance.now();
    for (const index of indexes) await client.query(index.definition);
    const indexSeconds = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    await client.query('VACUUM ANALYZE process.task');
    await client.query('VACUUM ANALYZE process.instance');
    const analyzeSeconds = (performance.now() - t2) / 1000;
    const counts = (
      await client.query<{ assigned: string; claimable: string; size: string; isize: string }>(
        `SELECT count(*) FILTER (WHERE assignee = $1) AS assigned,
                count(*) FILTER (WHERE assignee IS NULL AND (candidate_users @> ARRAY[$1]::text[] OR candidate_groups && ARRAY[$2]::text[])) AS claimable,
                pg_size_pretty(pg_table_size('process.task')) AS size, pg_size_pretty(pg_indexes_size('process.task')) AS isize
           FROM process.task WHERE state = 'open'`,
        [bench.id, bench.group],
      )
    ).rows[0]!;
    return {
      tasks,
      instances: INSTANCES,
      insertSeconds: round(insertSeconds, 1),
      indexSeconds: round(indexSeconds, 1),
      analyzeSeconds: round(analyzeSeconds, 1),
      totalSeconds: round((performance.now() - t0) / 1000, 1),
      tableSize: counts.size,
      indexesSize: counts.isize,
      benchAssigned: Number(counts.assigned),
      benchClaimable: Number(counts.claimable),
    };
  } finally {
    await client.end();
  }
}

const TODO_PATH = '/api/v1/tasks?assignee=me&limit=50';

/** EXPLAIN (ANALYZE, BUFFERS) of the SQL the server sent for one to-do page. */
async function explainTodo(target: Target, token: string): Promise<TodoResult['explain']> {
  const recorded = await target.recordQueries(async () => {
    await api({ url: target.url, token }, 'GET', TODO_PATH);
  });
  const query = recorded.find((q) => q.text.includes('claimable AS MATERIALIZED'));
  if (!query) throw new Error(`the to-do query was not among the ${recorded.length} recorded statements`);
  const client = new pg.Client({ connectionString: target.databaseUrl });
  await client.connect();
  try {
    const rows = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.text}`, query.values)).rows.map((r) => r['QUERY PLAN']);
    const plan = rows.join('\n');
    const ms = (label: string) => Number(/([\d.]+) ms/.exec(rows.find((r) => r.startsWith(label)) ?? '')?.[1] ?? Number.NaN);
    return { sql: query.text.replace(/\s+/g, ' ').trim(), plan, executionMs: ms('Execution Time'), planningMs: ms('Planning Time') };
  } finally {
    await client.end();
  }
}

/** A one-step approval: start → user task (assigned to the bench user) → end. */
const approvalBpmn = (assignee: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_bench_approval" targetNamespace="https://docket.dev/bench">
  <bpmn:process id="bench-approval" name="Bench approval" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:userTask id="approve" name="Approve" camunda:assignee="${assignee}" />
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

/**
 * The approval action end to end: `instances` one-step approvals started (untimed), then each
 * task approved by the bench user, `connections` at a time: POST /tasks/{id}/approve when the
 * server has it (issue 15's approvals), else POST /tasks/{id}/complete with outcome approved.
 * Each request commits the task, the instance's end, its history and audit events.
 */
async function runApprovals(target: Target, token: string, taskIds: string[], connections: number, through: 'approve' | 'complete', setupSeconds: number): Promise<ApprovalResult> {
  const times: number[] = [];
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const cpuBefore = await target.serverCpuMs();
  const started = performance.now();
  const body = JSON.stringify(through === 'approve' ? { comment: 'bench' } : { outcome: 'approved' });
  await Promise.all(
    Array.from({ length: Math.min(connections, taskIds.length) }, async () => {
      while (next < taskIds.length) {
        const id = taskIds[next++]!;
        const t0 = performance.now();
        try {
          const res = await fetch(`${target.url}/api/v1/tasks/${id}/${through}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
          await res.arrayBuffer();
          times.push(performance.now() - t0);
          statusCodes[res.status] = (statusCodes[res.status] ?? 0) + 1;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = (await target.serverCpuMs()) - cpuBefore;
  times.sort((a, b) => a - b);
  const ok = Object.entries(statusCodes)
    .filter(([code]) => code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    through: `POST /api/v1/tasks/{id}/${through}`,
    instances: taskIds.length,
    setupSeconds: round(setupSeconds, 1),
    connections,
    requests: times.length,
    ok,
    errors,
    non2xx: times.length - ok,
    durationSeconds: round(seconds, 2),
    perSecond: round(ok / seconds, 1),
    p50: round(percentile(times, 50), 2),
    p95: round(percentile(times, 95), 2),
    p99: round(percentile(times, 99), 2),
    max: round(times[times.length - 1] ?? Number.NaN, 2),
    statusCodes,
    loadAverage: round(loadavg()[0]!, 2),
    serverCpuMsPerRequest: round(cpuMs / Math.max(1, times.length), 3),
  };
}

async function startApprovals(target: Target, count: number): Promise<{ taskIds: string[]; seconds: number }> {
  const t0 = performance.now();
  const taskIds: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        next++;
        const res = await api<{ id: string }>(target, 'POST', '/api/v1/process-instances', { processKey: 'bench-approval', variables: {} });
        if (res.status !== 201) throw new Error(`start bench-approval: ${res.status} ${JSON.stringify(res.body)}`);
        const tasks = await api<{ items: { id: string }[] }>(target, 'GET', `/api/v1/tasks?processInstanceId=${res.body.id}`);
        if (tasks.status !== 200 || tasks.body.items.length !== 1) throw new Error(`the approval task of ${res.body.id}: ${tasks.status} ${JSON.stringify(tasks.body)}`);
        taskIds.push(tasks.body.items[0]!.id);
      }
    }),
  );
  return { taskIds, seconds: (performance.now() - t0) / 1000 };
}

/** Every issue-15 to-do figure on one target; a part that fails is recorded and the next one runs. */
export async function measureTodo(target: Target, options: TodoOptions, log: (m: string) => void): Promise<TodoResult> {
  const t0 = performance.now();
  const result: TodoResult = { reads: [], approvals: [], errors: [], seconds: 0 };
  const part = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      result.errors.push({ part: name, error: (error as Error).stack ?? String(error) });
      log(`  [${target.name}] ${name} failed: ${(error as Error).message}`);
    }
  };
  let bench: Awaited<ReturnType<typeof createBenchUser>> | undefined;
  await part('bench user', async () => {
    bench = await createBenchUser(target);
  });
  if (!bench) return { ...result, seconds: round((performance.now() - t0) / 1000, 0) };
  const user = bench;

  await part('load', async () => {
    log(`  [${target.name}] loading ${options.tasks.toLocaleString('en')} open tasks in SQL`);
    result.load = await loadTodoBook(target.databaseUrl, options.tasks, user, log);
    const l = result.load;
    log(
      `    ${l.totalSeconds} s (insert ${l.insertSeconds}, indexes ${l.indexSeconds}, analyze ${l.analyzeSeconds}); ${l.tableSize} + ${l.indexesSize} of indexes; bench user: ${l.benchAssigned} assigned, ${l.benchClaimable} claimable`,
    );
  });
  if (!result.load) return { ...result, seconds: round((performance.now() - t0) / 1000, 0) };

  await part('to-do list', async () => {
    const first = await api<{ items: { assignee: string | null }[] }>({ url: target.url, token: user.token }, 'GET', TODO_PATH);
    if (first.status !== 200) throw new Error(`GET ${TODO_PATH}: ${first.status} ${JSON.stringify(first.body)}`);
    const rows = first.body.items.length;
    const assigned = first.body.items.filter((i) => i.assignee === user.id).length;
    log(`    first page: ${rows} rows (${assigned} assigned, ${rows - assigned} claimable)`);
    await runLoad({ url: target.url, token: user.token, path: TODO_PATH, connections: 4, amount: 200, maxSeconds: 10 }); // warm-up
    for (const connections of options.readConnections) {
      log(`  [${target.name}] GET ${TODO_PATH}, ${connections} connection(s), ${options.reads} requests`);
      const r = await withServerCpu(target, () => runLoad({ url: target.url, token: user.token, path: TODO_PATH, connections, amount: options.reads, maxSeconds: options.readMaxSeconds }));
      result.reads.push({ ...r, path: TODO_PATH, rowsPerAnswer: rows });
      log(`    ${r.perSecond} req/s p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms (non-2xx ${r.non2xx}); server CPU ${r.serverCpuMsPerRequest} ms per request`);
    }
  });
  await part('explain', async () => {
    result.explain = await explainTodo(target, user.token);
    log(`    EXPLAIN ANALYZE: planning ${result.explain!.planningMs} ms, execution ${result.explain!.executionMs} ms`);
  });

  await part('approvals', async () => {
    const deployed = await api(target, 'POST', '/api/v1/processes', { xml: approvalBpmn(user.id) });
    if (deployed.status !== 201) throw new Error(`deploy bench-approval: ${deployed.status} ${JSON.stringify(deployed.body)}`);
    // /approve when the approvals of issue 15 are in the server, else /complete: probe with a bad id.
    const probe = await fetch(`${target.url}/api/v1/tasks/00000000-0000-7000-8000-000000000000/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const problem = (await probe.json().catch(() => ({}))) as { type?: string };
    const through = problem.type?.endsWith('route-not-found') ? 'complete' : 'approve';
    const warm = await startApprovals(target, 20);
    await runApprovals(target, user.token, warm.taskIds, 4, through, warm.seconds);
    for (const connections of Object.keys(options.approvals).map(Number)) {
      const count = options.approvals[connections]!;
      log(`  [${target.name}] approval action (${through}), ${count} one-step approvals, ${connections} connection(s)`);
      const started = await startApprovals(target, count);
      const r = await runApprovals(target, user.token, started.taskIds, connections, through, started.seconds);
      result.approvals.push(r);
      log(`    ${r.perSecond}/s p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms (non-2xx ${r.non2xx} ${JSON.stringify(r.statusCodes)}); server CPU ${r.serverCpuMsPerRequest} ms per action`);
    }
  });
  result.seconds = round((performance.now() - t0) / 1000, 0);
  return result;
}
