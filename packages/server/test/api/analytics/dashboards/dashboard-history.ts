import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import type { SlaPolicyDefinition } from '../../../../src/modules/sla/index.ts';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { complaint, createQueueForTest } from '../../../helpers/factories.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { insertPolicy } from '../../sla/clocks/clock-fixtures.ts';

// A small bank's week of cases, made through the API with a moving test clock: head office with
// two branches (BJ with a sub-branch BJ1, SH); complaints and consultations on three channels;
// cases assigned, transferred between departments, resolved on time or late (a 24-hour
// resolution clock on the always-open calendar), reopened and resolved again, and some left open.
// Two cases are weeks old: one still open (the >30 days backlog), one resolved long before the period.

export const NOW = new Date('2026-06-20T04:00:00Z'); // 12:00 in Beijing
export const PERIOD = { from: '2026-06-14', to: '2026-06-20' };
const HISTORY_START = Date.parse('2026-06-14T01:00:00Z');
const HOUR = 3_600_000;

const RESOLUTION_24H: SlaPolicyDefinition = {
  conditions: { caseTypes: ['complaint', 'consultation'] },
  targets: [{ key: 'resolution', kind: 'resolution', duration: 'PT24H', calendar: 'always-open', levels: [] }],
};

export type Department = 'HQ' | 'BJ' | 'BJ1' | 'SH';
export type Reader = 'admin' | 'supervisor.bj' | 'agent.bj' | 'marketing';

export interface DashboardHistory {
  t: TestApp;
  dept: Record<Department, string>;
  userIds: Record<string, string>;
  tokens: Record<Reader, string>;
  get(reader: Reader, url: string, query?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The reader's record policy as SQL over cases.case (alias c): the ground truth's scope. */
  policySql(reader: Reader): string;
}

interface CaseRef {
  id: string;
  version: number;
}

export async function createDashboardHistory(): Promise<DashboardHistory> {
  const clock = new TestClock(new Date('2026-05-01T02:00:00Z'));
  const t = await createTestApp({ clock, config: { sessionTtlMinutes: 7 * 24 * 60 } });
  let admin = await t.login('admin');
  // Only the two case types the history uses (and their queues): the others would only cost time.
  for (const type of SEED_CASE_TYPES.filter((ct) => ct.key === 'complaint' || ct.key === 'consultation')) {
    await createQueueForTest(t, admin, type.defaultQueue);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/case-types', headers: bearer(admin), payload: type });
    expect(res.statusCode, res.body).toBe(201);
  }
  await insertPolicy(t, 'resolution-24h', RESOLUTION_24H);
  const send = async (method: 'POST' | 'PATCH', url: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(admin), ...headers }, payload });
  const department = async (code: string, kind: string, parentId?: string) => {
    const res = await send('POST', '/departments', { code, name: `${code} 分行`, kind, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const HQ = await department('HQ', 'head-office');
  const BJ = await department('BJ', 'branch', HQ);
  const dept: Record<Department, string> = { HQ, BJ, BJ1: await department('BJ1', 'sub-branch', BJ), SH: await department('SH', 'branch', HQ) };
  const userIds: Record<string, string> = {};
  for (const [username, role, departmentId] of [
    ['supervisor.bj', 'supervisor', dept.BJ],
    ['agent.bj', 'agent', dept.BJ],
    ['agent.sh', 'agent', dept.SH],
    ['marketing', 'marketing', dept.HQ],
  ] as const) {
    userIds[username] = await t.createUser(username, [role], departmentId);
  }

  const create = async (departmentId: string, type: 'complaint' | 'consultation', channel: string, category: string): Promise<CaseRef> => {
    const body =
      type === 'complaint'
        ? complaint({ departmentId, channel, priority: 'normal' }, { category })
        : { type, title: '咨询理财产品', priority: 'normal', channel, departmentId, fields: { topic: 'wealth', question: '收益如何计算' } };
    const res = await send('POST', '/cases', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const patch = async (c: CaseRef, changes: Record<string, unknown>): Promise<CaseRef> => {
    const res = await send('PATCH', `/cases/${c.id}`, changes, { 'if-match': `"${c.version}"` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  // Weeks before the period: one case still open, one resolved the same day.
  await create(dept.SH, 'complaint', 'phone', 'fees');
  await patch(await create(dept.BJ, 'complaint', 'web', 'service'), { status: 'resolved' });

  // The period's history: actions in time order, so the clock only moves forward.
  clock.moveTo(new Date(HISTORY_START));
  admin = await t.login('admin');
  const plan: { at: number; run: () => Promise<void> }[] = [];
  const cases: CaseRef[] = [];
  const departments: Department[] = ['BJ', 'SH', 'BJ1', 'HQ'];
  const channels = ['phone', 'web', 'wechat'];
  for (let i = 0; i < 15; i++) {
    const createdAt = HISTORY_START + (i % 6) * 24 * HOUR + (i % 4) * 2 * HOUR + i * 60_000;
    const home = departments[i % 4]!;
    const at = (hours: number, run: (c: CaseRef) => Promise<CaseRef>) =>
      plan.push({
        at: createdAt + hours * HOUR,
        run: async () => {
          cases[i] = await run(cases[i]!);
        },
      });
    at(0, () => create(dept[home], i % 3 === 2 ? 'consultation' : 'complaint', channels[Math.floor(i / 4) % 3]!, i % 2 === 0 ? 'fees' : 'service'));
    const agent = home === 'SH' ? 'agent.sh' : 'agent.bj';
    if (i % 2 === 0) at(0.5, (c) => patch(c, { assigneeId: userIds[agent] }));
    switch (i % 5) {
      case 0: // left open
        break;
      case 1: // resolved on time
        at(5, (c) => patch(c, { status: 'resolved' }));
        break;
      case 2: // resolved late: the resolution clock breached
        at(30, (c) => patch(c, { status: 'resolved' }));
        break;
      case 3: // resolved, reopened by the customer, resolved again
        at(2, (c) => patch(c, { status: 'resolved' }));
        at(6, (c) => patch(c, { status: 'open', reason: '客户不满意' }));
        at(10, (c) => patch(c, { status: 'resolved' }));
        break;
      case 4: // handed over to another department, then resolved
        at(1, (c) => patch(c, { departmentId: home === 'SH' ? dept.BJ : dept.SH, assigneeId: null }));
        at(3, (c) => patch(c, { status: 'resolved' }));
        break;
    }
  }
  plan.sort((a, b) => a.at - b.at);
  for (const step of plan) {
    if (step.at > NOW.getTime()) continue; // still ahead of "now": the case stays as it is
    clock.moveTo(new Date(step.at));
    await step.run();
  }
  clock.moveTo(NOW);

  const tokens = {} as Record<Reader, string>;
  for (const reader of ['admin', 'supervisor.bj', 'agent.bj', 'marketing'] as const) tokens[reader] = await t.login(reader);
  return {
    t,
    dept,
    userIds,
    tokens,
    get: (reader, url, query = {}) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(tokens[reader]), query }),
    policySql(reader) {
      if (reader === 'admin') return 'TRUE';
      if (reader === 'supervisor.bj') return `c.department_id IN ('${dept.BJ}', '${dept.BJ1}')`;
      if (reader === 'agent.bj') {
        const me = userIds['agent.bj'];
        return `(c.department_id = '${dept.BJ}' OR c.created_by = '${me}' OR c.assignee_id = '${me}')`;
      }
      return 'FALSE';
    },
  };
}
