// Reads on the loaded case book: one case by id, and list pages through GET /api/v1/cases.
// EXPLAIN (ANALYZE, BUFFERS) runs on the exact SQL and parameters the server sent for a request
// (recorded in the server process, see server-child.ts).
import pg from 'pg';
import { runLoad, type LoadResult, withServerCpu } from './http-load.ts';
import type { Target } from './target.ts';

export async function sampleCaseIds(databaseUrl: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = (await client.query<{ id: string }>(`SELECT id FROM cases.case TABLESAMPLE BERNOULLI (1) ORDER BY random() LIMIT $1`, [count])).rows;
    return rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

export interface ReadScenario {
  name: string;
  /** Path template shown in the report. */
  shape: string;
  nextPath: () => string;
}

export function readScenarios(ids: string[], queues: string[], departments: string[]): ReadScenario[] {
  return [
    { name: 'case by id', shape: 'GET /api/v1/cases/{id}', nextPath: () => `/api/v1/cases/${pick(ids)}` },
    {
      name: 'queue page',
      shape: 'GET /api/v1/cases?queue=<q>&statusCategory=open,waiting&sort=dueAt&limit=50',
      nextPath: () => `/api/v1/cases?queue=${encodeURIComponent(pick(queues))}&statusCategory=open,waiting&sort=dueAt&limit=50`,
    },
    {
      name: 'department page (open)',
      shape: 'GET /api/v1/cases?departmentId=<d>&statusCategory=open,waiting&sort=-createdAt&limit=50',
      nextPath: () => `/api/v1/cases?departmentId=${pick(departments)}&statusCategory=open,waiting&sort=-createdAt&limit=50`,
    },
    {
      name: 'department page (all)',
      shape: 'GET /api/v1/cases?departmentId=<d>&sort=-createdAt&limit=50',
      nextPath: () => `/api/v1/cases?departmentId=${pick(departments)}&sort=-createdAt&limit=50`,
    },
  ];
}

/** `amount` requests, or as many as `maxSeconds` allow (a slow figure must not blow the run time). */
export async function runRead(target: Target, scenario: ReadScenario, connections: number, amount: number, maxSeconds: number): Promise<LoadResult> {
  // Warm the plan caches and the connection pool; not measured.
  await runLoad({ url: target.url, token: target.token, connections, amount: Math.min(200, amount), maxSeconds: 5, nextPath: scenario.nextPath });
  return withServerCpu(target, () => runLoad({ url: target.url, token: target.token, connections, amount, maxSeconds, nextPath: scenario.nextPath }));
}

export interface Explained {
  name: string;
  request: string;
  sql: string;
  parameters: unknown[];
  plan: string;
  indexes: string[];
  executionMs: number;
  /** Shared buffers hit + read by the statement (its top node). */
  buffers: number;
}

/**
 * Sends one GET through the API while the server records its SQL, takes the statement that
 * reads the page from cases.case, and runs EXPLAIN (ANALYZE, BUFFERS) on it with the same parameters.
 */
export async function explainRequest(target: Target, name: string, requestPath: string): Promise<Explained> {
  let status = 0;
  const recorded = await target.recordQueries(async () => {
    const res = await fetch(`${target.url}${requestPath}`, { headers: { authorization: `Bearer ${target.token}` } });
    status = res.status;
    await res.arrayBuffer();
  });
  if (status !== 200) throw new Error(`${requestPath} answered ${status}`);
  const statement = recorded.find((q) => /from "cases"\."case"/i.test(q.text) && /order by/i.test(q.text));
  if (!statement) throw new Error(`no list statement recorded for ${requestPath}: ${recorded.map((q) => q.text.slice(0, 80)).join(' | ')}`);
  const pool = new pg.Pool({ connectionString: target.databaseUrl, max: 1 });
  try {
    const result = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
    const plan = result.rows.map((r) => r['QUERY PLAN']).join('\n');
    const indexes = [...new Set([...plan.matchAll(/(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\S+)/g)].map((m) => m[1]!))];
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
    const top = /Buffers: shared hit=(\d+)(?: read=(\d+))?/.exec(plan);
    const buffers = top ? Number(top[1]) + Number(top[2] ?? 0) : NaN;
    return { name, request: `GET ${requestPath}`, sql: statement.text, parameters: statement.values, plan, indexes, executionMs, buffers };
  } finally {
    await pool.end();
  }
}
