import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { FixedClock } from '../../../../src/platform/clock/clock.ts';
import { refreshCaseSlaSummaries } from '../../../../src/modules/sla/index.ts';
import { complaint, createQueueForTest, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, USER_PASSWORD, type TestApp } from '../../../helpers/test-app.ts';

// A small bank for the board and report tests: head office with two branches (BJ, SH), a
// supervisor and an agent in each, cases created through the API. The clocks' part keeps
// cases.case.due_at/sla_state and sla.target; these tests write them directly (SQL) so they stand
// on their own.

export interface SlaReportWorld {
  t: TestApp;
  clock: FixedClock;
  admin: string;
  dept: Record<'HQ' | 'BJ' | 'SH', string>;
  tokens: Record<string, string>;
  userIds: Record<string, string>;
  api(token: string, url: string, query?: Record<string, string>): Promise<LightMyRequestResponse>;
  createCase(payload: Record<string, unknown>, token?: string): Promise<{ id: string; number: string; title: string; version: number }>;
  setSla(caseId: string, dueAt: string | null, slaState: string | null, status?: { status: string; category: string }): Promise<void>;
  insertClock(clock: ClockRow): Promise<string>;
}

export interface ClockRow {
  caseId: string;
  kind: 'first-response' | 'next-response' | 'resolution' | 'step';
  state: 'running' | 'paused' | 'met' | 'canceled';
  startedAt: string;
  stoppedAt?: string;
  elapsedSeconds?: number;
  breachedAt?: string;
  dueAt?: string;
}

export async function createSlaReportWorld(now: string): Promise<SlaReportWorld> {
  const clock = new FixedClock(new Date(now));
  const t = await createTestApp({ clock });
  const admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  // The queues the report tests' cases name (issue 17: a case's queue exists).
  for (const key of ['complaints', 'general', 'bulk']) await createQueueForTest(t, admin, key);
  const post = async (token: string, url: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(token), payload });
  const department = async (code: string, kind: string, parentId?: string) => {
    const res = await post(admin, '/departments', { code, name: `${code} branch`, kind, ...(parentId ? { parentId } : {}) });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const HQ = await department('HQ', 'head-office');
  const dept = { HQ, BJ: await department('BJ', 'branch', HQ), SH: await department('SH', 'branch', HQ) };
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  for (const [username, role, departmentId] of [
    ['supervisor.bj', 'supervisor', dept.BJ],
    ['supervisor.sh', 'supervisor', dept.SH],
    ['agent.bj', 'agent', dept.BJ],
    ['auditor', 'auditor', dept.HQ],
  ] as const) {
    const res = await post(admin, '/users', { username, password: USER_PASSWORD, displayName: `${username} name`, roleIds: [role], departmentIds: [departmentId] });
    expect(res.statusCode).toBe(201);
    userIds[username] = res.json().id;
    tokens[username] = await t.login(username);
  }
  const calendar = (await t.sql<{ id: string }>("SELECT id FROM sla.calendar WHERE key = 'always-open'"))[0]!.id;
  return {
    t,
    clock,
    admin,
    dept,
    tokens,
    userIds,
    api: (token, url, query = {}) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token), query }),
    async createCase(payload, token = admin) {
      const res = await post(token, '/cases', complaint(payload));
      if (res.statusCode !== 201) throw new Error(`create case: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async setSla(caseId, dueAt, slaState, status) {
      // A resolution clock that stands as asked, and the case's summary refreshed from it by the
      // clocks' own code: whatever later refreshes the summary (a reassign) keeps the same state.
      if (slaState !== null) {
        const now = clock.now().toISOString();
        const running = slaState !== 'paused';
        await t.sql(
          `INSERT INTO sla.target (id, case_id, key, kind, calendar_id, calendar_version, priority, budget_seconds, state, started_at, running_since,
                                   due_at, at_risk_at, breached_at, created_at, updated_at)
           VALUES ($1, $2, 'resolution', 'resolution', $3, 1, 'normal', 86400, $4, $5, $6, $7, $8, $9, $5, $5)`,
          [randomUUID(), caseId, calendar, running ? 'running' : 'paused', now, running ? now : null, dueAt, slaState === 'at-risk' ? now : null, slaState === 'breached' ? dueAt : null],
        );
      }
      await t.database.db.transaction().execute((tx) => refreshCaseSlaSummaries(tx, [caseId], clock.now()));
      const [summary] = await t.sql<{ sla_state: string | null; due_at: Date | null }>('SELECT sla_state, due_at FROM cases.case WHERE id = $1', [caseId]);
      expect({ slaState: summary!.sla_state, dueAt: summary!.due_at?.toISOString() ?? null }).toEqual({ slaState, dueAt });
      if (status) await t.sql('UPDATE cases.case SET status = $2, status_category = $3 WHERE id = $1', [caseId, status.status, status.category]);
    },
    async insertClock(c) {
      const id = randomUUID();
      await t.sql(
        `INSERT INTO sla.target (id, case_id, key, kind, calendar_id, calendar_version, priority, budget_seconds, state, started_at, running_since,
                                 due_at, breached_at, stopped_at, elapsed_seconds, created_at, updated_at)
         VALUES ($1, $2, $3, $3, $4, 1, 'normal', 86400, $5, $6, $7, $8, $9, $10, $11, $6, $6)`,
        [id, c.caseId, c.kind, calendar, c.state, c.startedAt, c.state === 'running' ? c.startedAt : null, c.dueAt ?? null, c.breachedAt ?? null, c.stoppedAt ?? null, c.elapsedSeconds ?? null],
      );
      return id;
    },
  };
}
