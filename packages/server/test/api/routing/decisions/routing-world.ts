// A small bank for the routing tests (issue 17): a head office and two branches, agents and
// supervisors, the five demo case types. Queues are inserted with plain SQL (insertQueueWithSql)
// until the queues part's POST /api/v1/queues is merged; agents' presence likewise (makeAvailable).
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, USER_PASSWORD, type TestApp } from '../../../helpers/test-app.ts';

export interface RoutingWorld {
  t: TestApp;
  clock: TestClock;
  admin: string;
  dept: Record<'HQ' | 'BJ' | 'SH', string>;
  /** user ids by username */
  users: Record<string, string>;
  tokens: Record<string, string>;
  api(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', url: string, payload?: object, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export const MONDAY_0900 = new Date('2026-03-02T09:00:00+08:00');

export async function createRoutingWorld(): Promise<RoutingWorld> {
  const clock = new TestClock(MONDAY_0900);
  const t = await createTestApp({ clock });
  const admin = await t.login('admin');
  const api: RoutingWorld['api'] = (token, method, url, payload, headers = {}) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload === undefined ? {} : { payload }) });
  const dept = {} as RoutingWorld['dept'];
  for (const [code, name, kind] of [
    ['HQ', '总行', 'head-office'],
    ['BJ01', '北京海淀支行', 'branch'],
    ['SH01', '上海浦东支行', 'branch'],
  ] as const) {
    const res = await api(admin, 'POST', '/departments', { code, name, kind, ...(code === 'HQ' ? {} : { parentId: dept.HQ }) });
    expect(res.statusCode, res.body).toBe(201);
    dept[code.slice(0, 2) as 'HQ' | 'BJ' | 'SH'] = res.json().id;
  }
  const users: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  for (const [username, displayName, role, department] of [
    ['li.agent', '李客服', 'agent', dept.HQ],
    ['wang.agent', '王客服', 'agent', dept.HQ],
    ['zhao.aml', '赵反洗钱', 'agent', dept.HQ],
    ['qian.credit', '钱信贷', 'agent', dept.HQ],
    ['sun.12378', '孙消保', 'agent', dept.HQ],
    ['zhou.bj', '周海淀', 'agent', dept.BJ],
    ['wu.sh', '吴浦东', 'agent', dept.SH],
    ['chen.super', '陈主管', 'supervisor', dept.HQ],
    ['lin.bj.super', '林海淀主管', 'supervisor', dept.BJ],
  ] as const) {
    const res = await api(admin, 'POST', '/users', { username, password: USER_PASSWORD, displayName, roleIds: [role], departmentIds: [department] });
    expect(res.statusCode, res.body).toBe(201);
    users[username] = res.json().id;
    tokens[username] = await t.login(username);
  }
  return { t, clock, admin, dept, users, tokens, api };
}

export interface QueueSpec {
  key: string;
  name?: string;
  departmentId?: string | null;
  memberIds?: string[];
  caseTypes?: string[];
  channels?: string[];
  mode?: 'push' | 'pull';
  strategy?: 'round-robin' | 'least-loaded' | 'best-skill';
  offerTimeoutSeconds?: number | null;
  overflowQueueId?: string | null;
  overflowAfterSeconds?: number | null;
}

/** A queue written straight into routing.queue: the queues part's API is not merged yet. Returns its id. */
export async function insertQueueWithSql(t: TestApp, q: QueueSpec): Promise<string> {
  const id = randomUUID();
  await t.sql(
    `INSERT INTO routing.queue (id, key, name, department_id, case_types, channels, strategy, mode, offer_timeout_seconds, overflow_queue_id, overflow_after_seconds, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), now())`,
    [
      id,
      q.key,
      q.name ?? q.key,
      q.departmentId ?? null,
      q.caseTypes ?? [],
      q.channels ?? [],
      q.strategy ?? 'least-loaded',
      q.mode ?? 'push',
      q.offerTimeoutSeconds ?? null,
      q.overflowQueueId ?? null,
      q.overflowAfterSeconds ?? null,
    ],
  );
  for (const userId of q.memberIds ?? []) await t.sql('INSERT INTO routing.queue_member (queue_id, user_id) VALUES ($1, $2)', [id, userId]);
  return id;
}

/** An agent's routing profile, present and available (the dispatch part passes over offline agents). */
export async function makeAvailable(t: TestApp, userId: string, options: { languages?: string[]; branchIds?: string[] } = {}): Promise<void> {
  await t.sql(
    `INSERT INTO routing.agent_profile (user_id, languages, branch_ids, presence, presence_changed_at, last_seen_at, updated_at)
     VALUES ($1, $2, $3, 'available', now(), now(), now())
     ON CONFLICT (user_id) DO UPDATE SET languages = EXCLUDED.languages, branch_ids = EXCLUDED.branch_ids, presence = 'available'`,
    [userId, options.languages ?? ['zh'], options.branchIds ?? []],
  );
}

/** The demo case types, with their default queues as queue objects (service, aml-review, credit). */
export async function createCaseTypesWithQueues(w: RoutingWorld, queues: Record<string, string>): Promise<void> {
  await createSeedCaseTypes(w.t, w.admin);
  for (const [key, id] of Object.entries(queues)) {
    await w.t.sql('UPDATE cases.case_type_version SET default_queue_id = $1 WHERE default_queue = $2', [id, key]);
  }
}

/** A valid new case of each demo type. */
export const demoCase = {
  complaint: (over: Record<string, unknown> = {}) => ({
    type: 'complaint',
    title: '客户投诉不明扣费',
    channel: 'phone',
    customer: { id: 'C-1001', tier: 'gold' },
    fields: { customerName: '张三', phone: '13812345678', category: 'fees', description: '账户被收取不明费用' },
    ...over,
  }),
  consultation: (over: Record<string, unknown> = {}) => ({ type: 'consultation', title: '咨询理财产品', channel: 'app', fields: { question: '这个产品的风险等级？' }, ...over }),
  suggestion: (over: Record<string, unknown> = {}) => ({ type: 'suggestion', title: '建议延长营业时间', channel: 'wechat', fields: { suggestion: '周末营业' }, ...over }),
  'suspicious-transaction': (over: Record<string, unknown> = {}) => ({
    type: 'suspicious-transaction',
    title: '大额可疑交易',
    channel: 'system',
    fields: { alertId: 'AML-1', accountNumber: '6222020200112233', amount: 500000, rule: 'large-amount', riskLevel: 'high' },
    ...over,
  }),
  'credit-approval': (over: Record<string, unknown> = {}) => ({
    type: 'credit-approval',
    title: '个人消费贷申请',
    channel: 'branch',
    fields: { applicantName: '李四', product: 'personal', amount: 50000, termMonths: 12 },
    ...over,
  }),
};

export async function createCase(w: RoutingWorld, body: object, token = w.admin): Promise<{ id: string; version: number; [k: string]: unknown }> {
  const res = await w.api(token, 'POST', '/cases', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** The case row as stored: queue key and id, assignee, priority, department. */
export async function caseRow(w: RoutingWorld, id: string) {
  const [row] = await w.t.sql<{ queue: string | null; queue_id: string | null; assignee_id: string | null; priority: string; department_id: string | null; version: number }>(
    'SELECT queue, queue_id, assignee_id, priority, department_id, version FROM cases.case WHERE id = $1',
    [id],
  );
  return row!;
}

export async function createRule(w: RoutingWorld, body: object) {
  const res = await w.api(w.admin, 'POST', '/routing/rules', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
