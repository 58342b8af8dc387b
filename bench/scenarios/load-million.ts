// Loads N cases straight into cases.case with one INSERT … SELECT generate_series, with a
// distribution shaped like a bank's case book: status depends on age (recent cases open,
// old ones closed), skewed queues and departments, per-type SLAs for due dates, UUIDv7-like
// ids and heap order by creation time. The secondary indexes are dropped for the load and
// rebuilt from their own definitions afterwards (the usual fast-load path), then VACUUM ANALYZE.
import pg from 'pg';
import { round } from './http-load.ts';

export const DEPARTMENT_COUNT = 60;
/** Departments 1…BRANCHES are branches under the head office (0); the rest are sub-branches, sub-branch d under branch 1 + (d − 11) % 10. */
export const BRANCHES = 10;
export const parentBranch = (d: number) => (d === 0 ? undefined : d <= BRANCHES ? 0 : 1 + ((d - BRANCHES - 1) % BRANCHES));
const REGIONS = ['bj', 'sh', 'gz', 'sz', 'cd', 'wh', 'xa', 'nj'];

export interface LoadMillionResult {
  rows: number;
  insertSeconds: number;
  indexSeconds: number;
  vacuumAnalyzeSeconds: number;
  totalSeconds: number;
  tableSize: string;
  indexesSize: string;
  openCases: number;
  queues: { queue: string; open: number }[];
  departments: { id: string; cases: number; open: number }[];
}

export const departmentId = (d: number) => `00000000-0000-4000-8000-${d.toString(16).padStart(12, '0')}`;

export async function loadCases(databaseUrl: string, adminId: string, n: number, log: (m: string) => void): Promise<LoadMillionResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`SET work_mem = '256MB'`);
    await client.query(`SET maintenance_work_mem = '1GB'`);
    // The department tree: head office → 10 branches → 49 sub-branches (path = '/<id>/<id>/…').
    await client.query(
      `INSERT INTO access.department (id, code, name, kind, parent_id, path)
       SELECT id, code, name, kind, parent_id, path FROM (
         SELECT d, ('00000000-0000-4000-8000-' || lpad(to_hex(d), 12, '0'))::uuid AS id, 'BENCH' || d AS code,
                CASE WHEN d = 0 THEN '总行 Head office' WHEN d <= ${BRANCHES} THEN '基准测试分行 Bench branch ' || d ELSE '基准测试支行 Bench sub-branch ' || d END AS name,
                CASE WHEN d = 0 THEN 'head-office' WHEN d <= ${BRANCHES} THEN 'branch' ELSE 'sub-branch' END AS kind,
                CASE WHEN d = 0 THEN NULL ELSE ('00000000-0000-4000-8000-' || lpad(to_hex(CASE WHEN d <= ${BRANCHES} THEN 0 ELSE 1 + (d - ${BRANCHES + 1}) % ${BRANCHES} END), 12, '0'))::uuid END AS parent_id,
                '/00000000-0000-4000-8000-000000000000/'
                  || CASE WHEN d = 0 THEN '' ELSE '00000000-0000-4000-8000-' || lpad(to_hex(CASE WHEN d <= ${BRANCHES} THEN d ELSE 1 + (d - ${BRANCHES + 1}) % ${BRANCHES} END), 12, '0') || '/' END
                  || CASE WHEN d <= ${BRANCHES} THEN '' ELSE '00000000-0000-4000-8000-' || lpad(to_hex(d), 12, '0') || '/' END AS path
         FROM generate_series(0, ${DEPARTMENT_COUNT - 1}) AS d ORDER BY d
       ) t
       ON CONFLICT DO NOTHING`,
    );
    const indexes = (
      await client.query<{ name: string; def: string }>(
        `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
         WHERE i.schemaname = 'cases' AND i.tablename = 'case'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
      )
    ).rows;
    const t0 = performance.now();
    for (const index of indexes) await client.query(`DROP INDEX cases.${index.name}`);
    const regions = `ARRAY[${REGIONS.map((r) => `'${r}'`).join(',')}]`;
    await client.query(
      `WITH g AS MATERIALIZED (
         SELECT i, random() AS r_type, random() AS r_status, random() AS r_queue, random() AS r_dept, random() AS r_prio,
                random() AS r_due, random() AS r_assignee, random() AS r_misc,
                now() - (random() ^ 1.6) * interval '540 days' AS created_at
         FROM generate_series(1, $1::int) AS i
       ), t AS (
         SELECT g.*,
           CASE WHEN r_type < 0.35 THEN 'complaint' WHEN r_type < 0.65 THEN 'consultation' WHEN r_type < 0.80 THEN 'suspicious-transaction'
                WHEN r_type < 0.90 THEN 'credit-approval' ELSE 'suggestion' END AS type_key,
           extract(epoch FROM now() - created_at) / 86400 AS age_days
         FROM g
       ), s AS (
         SELECT t.*,
           CASE WHEN age_days < 14 THEN (CASE WHEN r_status < 0.30 THEN 'new' WHEN r_status < 0.65 THEN 'open' WHEN r_status < 0.85 THEN 'pending' WHEN r_status < 0.95 THEN 'resolved' ELSE 'closed' END)
                WHEN age_days < 60 THEN (CASE WHEN r_status < 0.03 THEN 'new' WHEN r_status < 0.15 THEN 'open' WHEN r_status < 0.25 THEN 'pending' WHEN r_status < 0.50 THEN 'resolved' ELSE 'closed' END)
                ELSE (CASE WHEN r_status < 0.005 THEN 'new' WHEN r_status < 0.025 THEN 'open' WHEN r_status < 0.05 THEN 'pending' WHEN r_status < 0.15 THEN 'resolved' ELSE 'closed' END)
           END AS status,
           CASE type_key WHEN 'complaint' THEN 'CMP' WHEN 'consultation' THEN 'CST' WHEN 'suggestion' THEN 'SUG' WHEN 'suspicious-transaction' THEN 'STX' ELSE 'CRD' END AS prefix,
           CASE type_key WHEN 'complaint' THEN interval '72 hours' WHEN 'consultation' THEN interval '24 hours' WHEN 'suggestion' THEN interval '14 days'
                WHEN 'suspicious-transaction' THEN interval '10 days' ELSE interval '30 days' END AS sla
         FROM t
       )
       INSERT INTO cases.case (id, number, type_key, type_version, title, status, status_category, priority, channel, customer, customer_ref, fields, tags,
                               external_source, external_id, assignee_id, queue, department_id, due_at, created_by, created_at, updated_at,
                               resolved_at, closed_at, version)
       SELECT
         (lpad(to_hex((extract(epoch FROM created_at) * 1000)::bigint), 12, '0') || '7' || substr(md5(i::text), 1, 3) || '8' || substr(md5(i::text || 'v7'), 1, 15))::uuid,
         prefix || '-' || to_char(created_at, 'YYYY') || '-9' || lpad(i::text, 7, '0'),
         type_key, 1,
         (CASE type_key
            WHEN 'complaint' THEN (ARRAY['客户投诉不明扣费', '信用卡年费争议', '理财产品销售误导投诉', '柜面服务态度投诉', '手机银行转账失败投诉'])[1 + i % 5]
            WHEN 'consultation' THEN (ARRAY['咨询贷款利率', '咨询账户冻结原因', '咨询理财产品赎回', '咨询跨境汇款'])[1 + i % 4]
            WHEN 'suggestion' THEN (ARRAY['建议延长营业时间', '建议优化手机银行界面'])[1 + i % 2]
            WHEN 'suspicious-transaction' THEN (ARRAY['大额现金交易预警', '频繁转账预警', '分散转入集中转出预警', '制裁名单命中'])[1 + i % 4]
            ELSE (ARRAY['个人消费贷申请', '个人住房贷款申请', '小微企业贷款申请'])[1 + i % 3] END) || ' ' || i,
         status,
         CASE status WHEN 'pending' THEN 'waiting' WHEN 'resolved' THEN 'resolved' WHEN 'closed' THEN 'closed' ELSE 'open' END,
         CASE WHEN r_prio < 0.20 THEN 'low' WHEN r_prio < 0.75 THEN 'normal' WHEN r_prio < 0.95 THEN 'high' ELSE 'urgent' END,
         (ARRAY['phone', 'branch', 'mobile', 'web', 'letter'])[1 + i % 5],
         jsonb_build_object('id', 'C' || lpad((i % 400000)::text, 8, '0'), 'tier', CASE WHEN i % 7 = 0 THEN 'gold' ELSE 'standard' END),
         'C' || lpad((i % 400000)::text, 8, '0'),
         CASE type_key
           WHEN 'complaint' THEN jsonb_build_object('customerName', '张三', 'residentId', '11010519491231002X', 'phone', '13812345678', 'bankCard', '6222021234567894',
                                  'category', (ARRAY['fees', 'service', 'wealth', 'credit-card', 'other'])[1 + i % 5], 'description', '账户被收取不明费用，客户要求退还并解释收费依据。')
           WHEN 'consultation' THEN jsonb_build_object('customerName', '李四', 'phone', '13912345678', 'topic', (ARRAY['accounts', 'loans', 'wealth'])[1 + i % 3], 'question', '请问提前还款是否收取违约金？')
           WHEN 'suggestion' THEN jsonb_build_object('customerName', '王五', 'suggestion', '希望周末延长网点营业时间。')
           WHEN 'suspicious-transaction' THEN jsonb_build_object('alertId', 'AML-' || i, 'accountNumber', '6222' || lpad((i % 99999999)::text, 12, '0'), 'accountHolder', '赵六',
                                  'amount', (i % 5000) * 1000, 'rule', (ARRAY['large-amount', 'frequent', 'fan-in-out', 'sanctions'])[1 + i % 4], 'riskLevel', (ARRAY['low', 'medium', 'high'])[1 + i % 3])
           ELSE jsonb_build_object('applicantName', '钱七', 'product', (ARRAY['personal', 'mortgage', 'small-business'])[1 + i % 3], 'amount', 10000 + (i % 500) * 10000, 'termMonths', 12 * (1 + i % 30), 'purpose', '经营周转')
         END,
         CASE WHEN i % 20 = 0 THEN '{vip}'::text[] WHEN i % 33 = 0 THEN '{regulator,escalated}'::text[] ELSE '{}'::text[] END,
         CASE WHEN r_misc < 0.4 THEN 'core-crm' END,
         CASE WHEN r_misc < 0.4 THEN 'L' || i END,
         CASE WHEN r_assignee < 0.25 THEN NULL ELSE ('00000000-0000-4000-9000-' || lpad(to_hex(floor(r_assignee * 300)::int), 12, '0'))::uuid END,
         CASE WHEN r_queue < 0.03 THEN NULL
              ELSE (CASE type_key WHEN 'complaint' THEN 'complaints' WHEN 'consultation' THEN 'consult' WHEN 'suggestion' THEN 'suggestions'
                                  WHEN 'suspicious-transaction' THEN 'aml' ELSE 'credit' END) || '-' || (${regions})[1 + floor(8 * (r_queue ^ 1.7))::int] END,
         -- 3% at the head office, 40% over the 10 branches, 57% over the 49 sub-branches, each skewed (first ones larger)
         ('00000000-0000-4000-8000-' || lpad(to_hex(CASE WHEN r_dept < 0.03 THEN 0
              WHEN r_dept < 0.43 THEN 1 + least(${BRANCHES - 1}, floor(${BRANCHES} * ((r_dept - 0.03) / 0.40) ^ 1.5))::int
              ELSE ${BRANCHES + 1} + least(${DEPARTMENT_COUNT - BRANCHES - 2}, floor(${DEPARTMENT_COUNT - BRANCHES - 1} * ((r_dept - 0.43) / 0.57) ^ 1.5))::int END), 12, '0'))::uuid,
         CASE WHEN r_due < 0.08 THEN NULL ELSE created_at + sla * (0.5 + r_due) END,
         $2::uuid,
         created_at,
         created_at + (r_misc * interval '3 days'),
         CASE WHEN status IN ('resolved', 'closed') THEN created_at + sla * r_due END,
         CASE WHEN status = 'closed' THEN created_at + sla * (r_due + 0.5) END,
         1 + i % 4
       FROM s
       ORDER BY created_at`,
      [n, adminId],
    );
    const t1 = performance.now();
    log(`    inserted ${n.toLocaleString('en')} rows in ${round((t1 - t0) / 1000, 1)} s; rebuilding ${indexes.length} indexes`);
    for (const index of indexes) await client.query(index.def);
    const t2 = performance.now();
    await client.query('VACUUM (ANALYZE) cases.case');
    await client.query('ANALYZE access.department');
    const t3 = performance.now();
    const size = (
      await client.query<{ table_size: string; indexes_size: string }>(
        `SELECT pg_size_pretty(pg_table_size('cases.case')) AS table_size, pg_size_pretty(pg_indexes_size('cases.case')) AS indexes_size`,
      )
    ).rows[0]!;
    const queues = (
      await client.query<{ queue: string; open: string }>(
        `SELECT queue, count(*) AS open FROM cases.case WHERE status_category IN ('open', 'waiting') AND queue IS NOT NULL GROUP BY queue ORDER BY 2 DESC`,
      )
    ).rows.map((r) => ({ queue: r.queue, open: Number(r.open) }));
    const departments = (
      await client.query<{ id: string; cases: string; open: string }>(
        `SELECT department_id AS id, count(*) AS cases, count(*) FILTER (WHERE status_category IN ('open', 'waiting')) AS open
         FROM cases.case WHERE department_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
      )
    ).rows.map((r) => ({ id: r.id, cases: Number(r.cases), open: Number(r.open) }));
    return {
      rows: n,
      insertSeconds: round((t1 - t0) / 1000, 1),
      indexSeconds: round((t2 - t1) / 1000, 1),
      vacuumAnalyzeSeconds: round((t3 - t2) / 1000, 1),
      totalSeconds: round((t3 - t0) / 1000, 1),
      tableSize: size.table_size,
      indexesSize: size.indexes_size,
      openCases: queues.reduce((sum, q) => sum + q.open, 0),
      queues,
      departments,
    };
  } finally {
    await client.end();
  }
}
