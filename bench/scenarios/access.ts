// Issue 3's read figure: the same list pages read by an unrestricted user (admin, record scope
// `all`), a branch agent (scope `department`, plus `own`) and a branch supervisor (scope
// `subtree`: the branch and its sub-branches), on the 1,000,000-case book with the department
// tree of load-million.ts. Users are created through the admin API (POST /api/v1/users) and sign
// in like anyone else, so the server compiles their policy into its list query as in production.
import pg from 'pg';
import { runLoad, type LoadResult } from './http-load.ts';
import { DEPARTMENT_COUNT, departmentId, parentBranch } from './load-million.ts';
import { explainRequest, type Explained } from './reads.ts';
import { api, type Target } from './target.ts';

const PASSWORD = 'Bench-reader-passphrase-7';

export interface AccessUser {
  key: 'admin' | 'agent' | 'supervisor';
  label: string;
  username: string;
  id: string;
  token: string;
  departments: string[];
  /** Departments whose cases the user may read (department scope: own; subtree: own and below). */
  visibleDepartments: number;
  visibleCases: number;
  visibleOpenCases: number;
}

export interface AccessRead {
  page: 'queue' | 'department';
  user: AccessUser['key'];
  shape: string;
  result: LoadResult;
  /** p50 and p95 of this user ÷ the admin's for the same page (same request sequence). */
  ratioP50?: number;
  ratioP95?: number;
}

export interface AccessResult {
  branch: string;
  branchIndex: number;
  users: Omit<AccessUser, 'token'>[];
  agentOwnCases: number;
  reads: AccessRead[];
  explains: (Explained & { user: AccessUser['key']; page: AccessRead['page'] })[];
}

async function login(url: string, username: string): Promise<{ token: string; id: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const body = (await res.json()) as { token?: string; user?: { id: string } };
  if (res.status !== 200 || !body.token) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  return { token: body.token, id: body.user!.id };
}

/** A deterministic sequence of pseudo-random picks, so every user reads the same pages in the same order. */
function sequence<T>(items: T[], seed: number): () => T {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return items[s % items.length]!;
  };
}

/**
 * Creates the three readers for branch `branchIndex` (a branch of the tree, 1…10), gives the agent
 * some assigned cases (so the `own` clause of its policy matches real rows), signs them in.
 */
async function createUsers(target: Target, databaseUrl: string, branchIndex: number): Promise<{ users: AccessUser[]; agentOwnCases: number }> {
  const branch = departmentId(branchIndex);
  const subtree = [branchIndex, ...Array.from({ length: DEPARTMENT_COUNT }, (_, d) => d).filter((d) => parentBranch(d) === branchIndex && d !== 0)];
  const stamp = Date.now().toString(36);
  const make = async (key: 'agent' | 'supervisor') => {
    const username = `bench-${key}-${stamp}`;
    const res = await api<{ id: string }>(target, 'POST', '/api/v1/users', { username, password: PASSWORD, displayName: `Bench ${key}`, departmentIds: [branch], roleIds: [key] });
    if (res.status !== 201) throw new Error(`create ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    return { username, ...(await login(target.url, username)) };
  };
  const agent = await make('agent');
  const supervisor = await make('supervisor');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The agent is assignee of one synthetic assignee's cases (~3,300, in every department).
    const own = await client.query(`UPDATE cases.case SET assignee_id = $1 WHERE assignee_id = '00000000-0000-4000-9000-000000000064'`, [agent.id]);
    await client.query('ANALYZE cases.case');
    const count = async (departments: number[]) =>
      (
        await client.query<{ cases: string; open: string }>(
          `SELECT count(*) AS cases, count(*) FILTER (WHERE status_category IN ('open', 'waiting')) AS open FROM cases.case WHERE department_id = ANY($1::uuid[])`,
          [departments.map(departmentId)],
        )
      ).rows[0]!;
    const all = (await client.query<{ cases: string; open: string }>(`SELECT count(*) AS cases, count(*) FILTER (WHERE status_category IN ('open', 'waiting')) AS open FROM cases.case`)).rows[0]!;
    const agentCount = await count([branchIndex]);
    const supervisorCount = await count(subtree);
    const users: AccessUser[] = [
      {
        key: 'admin',
        label: 'admin (record scope all)',
        username: 'admin',
        id: target.adminId,
        token: target.token,
        departments: [],
        visibleDepartments: DEPARTMENT_COUNT,
        visibleCases: Number(all.cases),
        visibleOpenCases: Number(all.open),
      },
      {
        key: 'agent',
        label: `branch agent (scope department + own, branch ${branchIndex})`,
        username: agent.username,
        id: agent.id,
        token: agent.token,
        departments: [branch],
        visibleDepartments: 1,
        visibleCases: Number(agentCount.cases),
        visibleOpenCases: Number(agentCount.open),
      },
      {
        key: 'supervisor',
        label: `branch supervisor (scope subtree, branch ${branchIndex} + ${subtree.length - 1} sub-branches)`,
        username: supervisor.username,
        id: supervisor.id,
        token: supervisor.token,
        departments: [branch],
        visibleDepartments: subtree.length,
        visibleCases: Number(supervisorCount.cases),
        visibleOpenCases: Number(supervisorCount.open),
      },
    ];
    return { users, agentOwnCases: own.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

/**
 * The queue page (random queue, the same sequence for every user) and the branch's department page
 * sorted newest first, for admin, agent and supervisor, at 1 connection; EXPLAIN (ANALYZE, BUFFERS)
 * of each user's statement for the largest queue and for the branch.
 */
export async function runAccessReads(target: Target, queues: string[], branchIndex: number, amount: number, maxSeconds: number, log: (m: string) => void): Promise<AccessResult> {
  const { users, agentOwnCases } = await createUsers(target, target.databaseUrl, branchIndex);
  const branch = departmentId(branchIndex);
  const pages: { page: AccessRead['page']; shape: string; next: () => () => string; explainPath: string }[] = [
    {
      page: 'queue',
      shape: 'GET /api/v1/cases?queue=<q>&statusCategory=open,waiting&sort=dueAt&limit=50',
      next: () => {
        const pick = sequence(queues, 42);
        return () => `/api/v1/cases?queue=${encodeURIComponent(pick())}&statusCategory=open,waiting&sort=dueAt&limit=50`;
      },
      explainPath: `/api/v1/cases?queue=${encodeURIComponent(queues[0]!)}&statusCategory=open,waiting&sort=dueAt&limit=50`,
    },
    {
      page: 'department',
      shape: `GET /api/v1/cases?departmentId=<branch ${branchIndex}>&sort=-createdAt&limit=50`,
      next: () => () => `/api/v1/cases?departmentId=${branch}&sort=-createdAt&limit=50`,
      explainPath: `/api/v1/cases?departmentId=${branch}&sort=-createdAt&limit=50`,
    },
  ];
  const reads: AccessRead[] = [];
  const explains: AccessResult['explains'] = [];
  for (const page of pages) {
    for (const user of users) {
      const options = { url: target.url, token: user.token, connections: 1 };
      await runLoad({ ...options, amount: Math.min(200, amount), maxSeconds: 5, nextPath: page.next() });
      const result = await runLoad({ ...options, amount, maxSeconds, nextPath: page.next() });
      const read: AccessRead = { page: page.page, user: user.key, shape: page.shape, result };
      const admin = reads.find((r) => r.page === page.page && r.user === 'admin');
      if (admin) {
        read.ratioP50 = Math.round((100 * result.p50) / admin.result.p50) / 100;
        read.ratioP95 = Math.round((100 * result.p95) / admin.result.p95) / 100;
      }
      reads.push(read);
      log(
        `  [${target.name}] ${page.page} page as ${user.key} @1: ${result.perSecond}/s p50 ${result.p50} p95 ${result.p95} ms (${result.requests} requests, non-2xx ${result.non2xx})${read.ratioP95 ? `, ×${read.ratioP95} of admin p95` : ''}`,
      );
      const explained = await explainRequest({ ...target, token: user.token }, `${page.page} page as ${user.label}`, page.explainPath);
      explains.push({ ...explained, user: user.key, page: page.page });
      log(`    EXPLAIN: ${explained.executionMs} ms, indexes ${explained.indexes.join(', ') || 'none'}`);
    }
  }
  return { branch, branchIndex, users: users.map(({ token: _token, ...u }) => u), agentOwnCases, reads, explains };
}
