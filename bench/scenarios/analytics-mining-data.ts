// Issue 20, part C: a process history for the process map, generated in SQL straight into the
// engine's own tables (process.definition, instance, element_history, task, task_action) and the
// read model's case facts (the scope joins through them) and task facts (waiting/working times) — what GET /api/v1/analytics/process-mining
// reads. The process `bench-mining` is intake → review → (fix → review)* → approve; review waits
// about two days (the bottleneck), one instance in ten loops once, one in fifty is returned from
// approve to intake (a succession the model does not draw). Instances start over the last 90 days,
// in 16 departments.
//
//   BENCH_MINING_INSTANCES (default 1,000,000)
//
// Runs against an empty, migrated database (the bench's own); the lead's runner (bench/run.ts,
// BENCH_ONLY=analytics) calls loadMiningHistory(url, n) and then measures the HTTP endpoint.
import pg from 'pg';

export const MINING_PROCESS_KEY = 'bench-mining';

const el = (id: string, type: string, incoming: string[], outgoing: string[], extra: Record<string, unknown> = {}) => ({
  id,
  name: id,
  type,
  parent: null,
  incoming,
  outgoing,
  defaultFlow: null,
  boundaryEvents: [],
  inputs: [],
  outputs: [],
  asyncBefore: false,
  asyncAfter: false,
  isForCompensation: false,
  compensationHandler: null,
  ...extra,
});
const flow = (id: string, sourceRef: string, targetRef: string) => ({ id, generatedId: false, name: null, sourceRef, targetRef, condition: null, isDefault: false });

/** The compiled graph of bench-mining, as modules/process/graph.ts shapes it (enough for conformance). */
export const MINING_GRAPH = {
  format: 1,
  key: MINING_PROCESS_KEY,
  name: 'Bench mining',
  elements: {
    start: el('start', 'startEvent', [], ['f1']),
    intake: el('intake', 'userTask', ['f1'], ['f2']),
    review: el('review', 'userTask', ['f2', 'f5'], ['f3']),
    decide: el('decide', 'exclusiveGateway', ['f3'], ['f4', 'f6']),
    fix: el('fix', 'userTask', ['f4'], ['f5']),
    approve: el('approve', 'userTask', ['f6'], ['f7']),
    end: el('end', 'endEvent', ['f7'], []),
  },
  flows: {
    f1: flow('f1', 'start', 'intake'),
    f2: flow('f2', 'intake', 'review'),
    f3: flow('f3', 'review', 'decide'),
    f4: flow('f4', 'decide', 'fix'),
    f5: flow('f5', 'fix', 'review'),
    f6: flow('f6', 'decide', 'approve'),
    f7: flow('f7', 'approve', 'end'),
  },
  scope: { startEvents: ['start'], eventSubProcesses: [], children: ['start', 'intake', 'review', 'decide', 'fix', 'approve', 'end'] },
  settings: { candidateStarterGroups: [], historyTimeToLiveDays: null },
};

export interface MiningLoadResult {
  instances: number;
  elementRows: number;
  taskRows: number;
  seconds: number;
}

/**
 * Each instance's steps as (seq, element, offset from the instance's start, duration) in SQL:
 * the happy path, a loop for n % 10 = 3, a return for n % 50 = 7.
 */
const STEPS_SQL = `
  SELECT * FROM (VALUES
    (1, 'intake',  0.0,  0.02, 'all'),
    (2, 'review',  0.02, 2.05, 'all'),
    (3, 'fix',     2.07, 0.05, 'loop'),
    (4, 'review',  2.12, 2.05, 'loop'),
    (5, 'approve', 4.17, 0.01, 'all'),
    (6, 'intake',  4.18, 0.02, 'return'),
    (7, 'review',  4.20, 2.05, 'return'),
    (8, 'approve', 6.25, 0.01, 'return')
  ) AS s(seq, element_id, start_days, length_days, kind)`;

export async function loadMiningHistory(databaseUrl: string, instances: number, log: (m: string) => void = () => {}): Promise<MiningLoadResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const t0 = performance.now();
  try {
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query('BEGIN');
    const deployment = (
      await client.query<{ id: string }>(
        `INSERT INTO process.deployment (id, xml, checksum, deployed_by, deployed_by_name, deployed_at) VALUES (gen_random_uuid(), '<bench/>', 'bench', 'bench', 'bench', now()) RETURNING id`,
      )
    ).rows[0]!.id;
    const definition = (
      await client.query<{ id: string }>(
        `INSERT INTO process.definition (id, key, version, name, graph, graph_checksum, deployment_id, deployed_at)
         VALUES (gen_random_uuid(), $1, 1, 'Bench mining', $2, 'bench', $3, now()) RETURNING id`,
        [MINING_PROCESS_KEY, JSON.stringify(MINING_GRAPH), deployment],
      )
    ).rows[0]!.id;
    // Sixteen departments and one person in each: hand-offs between the branch and head office.
    await client.query(`
      CREATE TEMP TABLE bench_dept AS
      SELECT n, md5('bench-mining-dept-' || n)::uuid AS id, md5('bench-mining-user-' || n)::uuid AS user_id FROM generate_series(0, 15) n`);
    log('mining: instances and case facts');
    await client.query(
      `CREATE TEMP TABLE bench_inst AS
       SELECT n, md5('bench-mining-instance-' || n)::uuid AS id, md5('bench-mining-case-' || n)::uuid AS case_id,
              now() - interval '90 days' + (n::float8 / $1) * interval '80 days' AS started_at,
              CASE WHEN n % 50 = 7 THEN 'return' WHEN n % 10 = 3 THEN 'loop' ELSE 'plain' END AS kind,
              (SELECT id FROM bench_dept WHERE bench_dept.n = s.n % 16) AS department_id
         FROM generate_series(0, $1 - 1) s(n)`,
      [instances],
    );
    await client.query(`
      INSERT INTO analytics.case_fact (id, number, type_key, department_id, created_by, sensitivity, priority, status, status_category, created_at, projected_version, projected_at)
      SELECT case_id, 'BM-' || n, 'complaint', department_id, md5('bench-mining-user-0')::uuid, 'normal', 'normal', 'resolved', 'done', started_at, 1, now() FROM bench_inst
      ON CONFLICT (id) DO NOTHING`);
    await client.query(
      `INSERT INTO process.instance (id, definition_id, process_key, version, state, case_id, root_instance_id, started_at, ended_at)
       SELECT i.id, $1, $2, 1, 'completed', i.case_id, i.id, i.started_at,
              i.started_at + (CASE i.kind WHEN 'return' THEN 6.27 WHEN 'loop' THEN 4.19 ELSE 2.09 END) * interval '1 day'
         FROM bench_inst i`,
      [definition, MINING_PROCESS_KEY],
    );
    log('mining: element history');
    await client.query(`
      CREATE TEMP TABLE bench_step AS
      SELECT i.id AS instance_id, i.case_id, i.department_id, s.seq, s.element_id,
             gen_random_uuid() AS element_instance_id,
             i.started_at + (CASE WHEN i.kind = 'plain' AND s.seq = 5 THEN s.start_days - 2.10 ELSE s.start_days END) * interval '1 day' AS started_at,
             i.started_at + (CASE WHEN i.kind = 'plain' AND s.seq = 5 THEN s.start_days - 2.10 ELSE s.start_days END + s.length_days) * interval '1 day' AS ended_at,
             CASE WHEN i.kind = 'return' AND s.seq = 5 THEN 'terminated' ELSE 'completed' END AS state
        FROM bench_inst i JOIN (${STEPS_SQL}) s
          ON s.kind = 'all' OR s.kind = i.kind`);
    const elementRows = await client.query(`
      INSERT INTO process.element_history (id, instance_id, case_id, element_id, element_type, state, started_at, ended_at)
      SELECT element_instance_id, instance_id, case_id, element_id, 'userTask', state, started_at, ended_at FROM bench_step
      UNION ALL
      SELECT gen_random_uuid(), i.id, i.case_id, 'start', 'startEvent', 'completed', i.started_at, i.started_at FROM bench_inst i
      UNION ALL
      SELECT gen_random_uuid(), i.id, i.case_id, 'end', 'endEvent', 'completed', p.ended_at, p.ended_at FROM bench_inst i JOIN process.instance p ON p.id = i.id`);
    log('mining: tasks and claims');
    // Review is done at head office (department 0), the rest in the instance's branch.
    const taskRows = await client.query(`
      INSERT INTO process.task (id, instance_id, element_instance_id, element_id, name, case_id, state, assignee, created_at, completed_at, completed_by)
      SELECT gen_random_uuid(), s.instance_id, s.element_instance_id, s.element_id, s.element_id, s.case_id,
             CASE s.state WHEN 'completed' THEN 'completed' ELSE 'canceled' END,
             u.user_id::text, s.started_at, s.ended_at, CASE s.state WHEN 'completed' THEN u.user_id::text END
        FROM bench_step s JOIN bench_dept u ON u.id = CASE WHEN s.element_id = 'review' THEN md5('bench-mining-dept-0')::uuid ELSE s.department_id END`);
    await client.query(`
      INSERT INTO process.task_action (id, task_id, instance_id, case_id, element_id, action, actor_id, at)
      SELECT gen_random_uuid(), t.id, t.instance_id, t.case_id, t.element_id, 'claim', t.assignee,
             t.created_at + (t.completed_at - t.created_at) * CASE t.element_id WHEN 'review' THEN 0.95 ELSE 0.3 END
        FROM process.task t WHERE t.instance_id IN (SELECT id FROM bench_inst)`);
    await client.query(`
      INSERT INTO process.task_action (id, task_id, instance_id, case_id, element_id, action, actor_id, at)
      SELECT gen_random_uuid(), t.id, t.instance_id, t.case_id, t.element_id, 'return', t.assignee, t.completed_at
        FROM process.task t WHERE t.state = 'canceled' AND t.instance_id IN (SELECT id FROM bench_inst)`);
    // The read model's task facts, as the projector would have written them (the map's waiting
    // and working times read these).
    await client.query(
      `INSERT INTO analytics.task_fact (task_id, case_id, instance_id, process_key, process_version, element_id, name, assignee_id, state, created_at, claimed_at, ended_at, wait_seconds, work_seconds, projected_at)
       SELECT t.id, t.case_id, t.instance_id, $1, 1, t.element_id, t.name, t.assignee::uuid, t.state, t.created_at, a.at, t.completed_at,
              floor(extract(epoch FROM a.at - t.created_at))::int, floor(extract(epoch FROM t.completed_at - a.at))::int, now()
         FROM process.task t JOIN process.task_action a ON a.task_id = t.id AND a.action = 'claim'
        WHERE t.instance_id IN (SELECT id FROM bench_inst)`,
      [MINING_PROCESS_KEY],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE process.instance, process.element_history, process.task, process.task_action, analytics.case_fact, analytics.task_fact');
    return { instances, elementRows: elementRows.rowCount ?? 0, taskRows: taskRows.rowCount ?? 0, seconds: (performance.now() - t0) / 1000 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
