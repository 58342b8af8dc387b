import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoutingWorker } from '../../../../src/modules/routing/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { createWorkerRegistry, type WorkerRegistry } from '../../../../src/platform/workers/index.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { systemActor } from '../../../helpers/job-runner.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { asRouter, ensureQueueIdTrigger, insertDepartment, insertQueue, newCaseInQueue, saveProfile } from './dispatch-fixtures.ts';
import { routeWithoutRules } from './rule-free-route.ts';

// Helper B's routeCase (rules, branch push …) stands in as the rule-free path: these tests are about offers.

const START = new Date('2026-03-02T01:00:00Z');

describe('push offers: accept, decline, expire', () => {
  let t: TestApp;
  let clock: TestClock;
  let workers: WorkerRegistry;
  let admin: string;
  let branch: string;
  let agents: string[];
  let tokens: string[];

  beforeAll(async () => {
    clock = new TestClock(START);
    workers = createWorkerRegistry();
    t = await createTestApp({ clock, workers, config: { testClock: true, sessionTtlMinutes: 7 * 24 * 60 } });
    workers.register(createRoutingWorker({ database: t.database, clock, commands: t.commands, systemActor, pollIntervalMs: 60_000, awayAfterSeconds: 7 * 86_400 }));
    await workers.startAll();
    admin = await t.login('admin');
    await createSeedCaseTypes(t, admin);
    await ensureQueueIdTrigger(t);
    branch = await insertDepartment(t, 'BR-OFFER');
    agents = [];
    for (let i = 0; i < 3; i++) agents.push(await t.createUser(`offer.agent${i}`, ['agent'], branch));
    agents.sort();
    tokens = [];
    for (const id of agents) tokens.push(await t.login((await t.sql<{ username: string }>('SELECT username FROM access.user WHERE id = $1', [id]))[0]!.username));
    for (const id of agents) await saveProfile(t, id, { lastSeenAt: START, presenceChangedAt: START });
    await insertQueue(t, { key: 'offers', strategy: 'round-robin', offerTimeoutSeconds: 60, memberIds: agents });
  });
  afterAll(async () => {
    await workers.stopAll();
    await t.close();
  });

  const move = async (to: Date) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/test-clock', headers: bearer(admin), payload: { set: to.toISOString().replace('Z', '+00:00') } });
    if (res.statusCode !== 200) throw new Error(`test clock: ${res.statusCode} ${res.body}`);
  };
  const offersOf = async (token: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/routing/offers', headers: bearer(token) })).json().items as { id: string; caseId: string; state: string }[];
  const answer = (token: string, offerId: string, verb: 'accept' | 'decline', body: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/v1/routing/offers/${offerId}/${verb}`, headers: bearer(token), payload: body });
  const assigneeOf = async (caseId: string) => (await t.sql<{ assignee_id: string | null }>('SELECT assignee_id FROM cases.case WHERE id = $1', [caseId]))[0]!.assignee_id;
  const offeredCase = async () => {
    const caseId = await newCaseInQueue(t, admin, 'offers', { departmentId: branch });
    const routed = await asRouter(t, (ctx) => routeWithoutRules(ctx, caseId, 'created'));
    expect(routed.outcome).toBe('offered');
    return { caseId, userId: routed.assigneeId! };
  };

  it('lists my pending offers; only the offered agent may answer; a decline gives the case to the next one; an accept keeps it', async () => {
    // given a case offered to the first agent
    const { caseId, userId } = await offeredCase();
    const first = agents.indexOf(userId);
    const mine = await offersOf(tokens[first]!);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ caseId, state: 'pending' });
    expect(await offersOf(tokens[(first + 1) % 3]!)).toEqual([]);
    // when someone else answers it: refused, nothing changes
    expectProblem(await answer(tokens[(first + 1) % 3]!, mine[0]!.id, 'accept'), 403, 'forbidden');
    expect((await offersOf(tokens[first]!))[0]!.state).toBe('pending');
    // when the agent declines
    const declined = await answer(tokens[first]!, mine[0]!.id, 'decline', { reason: 'not my product' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().state).toBe('declined');
    // then the case is offered to the next agent
    const next = await assigneeOf(caseId);
    expect(next).not.toBeNull();
    expect(next).not.toBe(userId);
    const theirs = await offersOf(tokens[agents.indexOf(next!)]!);
    expect(theirs.map((o) => o.caseId)).toEqual([caseId]);
    // and they accept: the case stays theirs; a second answer is refused
    const accepted = await answer(tokens[agents.indexOf(next!)]!, theirs[0]!.id, 'accept');
    expect(accepted.json().state).toBe('accepted');
    expect(await assigneeOf(caseId)).toBe(next);
    expectProblem(await answer(tokens[agents.indexOf(next!)]!, theirs[0]!.id, 'decline'), 409, 'routing-offer-answered');
    expectProblem(await answer(tokens[0]!, '00000000-0000-4000-8000-000000000000', 'accept'), 404, 'routing-offer-not-found');
    const audits = await t.sql<{ action: string }>("SELECT action FROM audit.event WHERE case_id = $1 AND action LIKE 'routing.offer-%' ORDER BY id", [caseId]);
    expect(audits.map((a) => a.action)).toEqual(['routing.offer-declined', 'routing.offer-accepted']);
  });

  it('expires an offer nobody answers in time (test clock) and offers the case to someone who has not let it pass; nobody left: it waits', async () => {
    const { caseId, userId } = await offeredCase();
    // when 59 s pass: still pending
    await move(new Date(START.getTime() + 59_000));
    expect(await assigneeOf(caseId)).toBe(userId);
    // when the minute is up
    await move(new Date(START.getTime() + 60_000));
    // then expired, audited, and offered to another agent
    const [expired] = await t.sql<{ state: string }>('SELECT state FROM routing.offer WHERE case_id = $1 AND user_id = $2', [caseId, userId]);
    expect(expired!.state).toBe('expired');
    const second = await assigneeOf(caseId);
    expect(second).not.toBeNull();
    expect(second).not.toBe(userId);
    const [audit] = await t.sql<{ data: { userId: string } }>("SELECT data FROM audit.event WHERE case_id = $1 AND action = 'routing.offer-expired'", [caseId]);
    expect(audit!.data.userId).toBe(userId);
    // when the second and third let it expire too
    await move(new Date(START.getTime() + 120_000));
    const third = await assigneeOf(caseId);
    expect([userId, second]).not.toContain(third);
    await move(new Date(START.getTime() + 180_000));
    // then nobody is left: the case waits unassigned, and the last decision says queued with every agent passed over
    expect(await assigneeOf(caseId)).toBeNull();
    const [decision] = await t.sql<{ outcome: string; trigger: string; detail: { candidates: { passedOver: { code: string }[] }[] } }>(
      'SELECT outcome, trigger, detail FROM routing.decision WHERE case_id = $1 ORDER BY decided_at DESC, id DESC LIMIT 1',
      [caseId],
    );
    expect(decision).toMatchObject({ outcome: 'queued', trigger: 'offer-expired' });
    expect(decision!.detail.candidates.map((c) => c.passedOver[0]!.code)).toEqual(['declined', 'declined', 'declined']);
  });
});
