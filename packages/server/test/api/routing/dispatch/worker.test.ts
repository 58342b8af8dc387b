import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoutingWorker } from '../../../../src/modules/routing/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { createWorkerRegistry, type WorkerRegistry } from '../../../../src/platform/workers/index.ts';
import { createSeedCaseTypes } from '../../../helpers/factories.ts';
import { systemActor } from '../../../helpers/job-runner.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { asRouter, ensureQueueIdTrigger, insertDepartment, insertQueue, newCaseInQueue, saveProfile } from './dispatch-fixtures.ts';
import { routeWithoutRules } from './rule-free-route.ts';

// Helper B's routeCase (rules, branch push …) stands in as the rule-free path: these tests are about the worker.

// Saturday 2026-03-07 10:00 in Shanghai.
const START = new Date('2026-03-07T02:00:00Z');
const MINUTE = 60_000;

describe('the routing worker: overflow after the queue time, away after inactivity', () => {
  let t: TestApp;
  let clock: TestClock;
  let workers: WorkerRegistry;
  let admin: string;
  let branch: string;

  beforeAll(async () => {
    clock = new TestClock(START);
    workers = createWorkerRegistry();
    t = await createTestApp({ clock, workers, config: { testClock: true, sessionTtlMinutes: 30 * 24 * 60 } });
    workers.register(createRoutingWorker({ database: t.database, clock, commands: t.commands, systemActor, pollIntervalMs: 60_000, awayAfterSeconds: 15 * 60 }));
    await workers.startAll();
    admin = await t.login('admin');
    await createSeedCaseTypes(t, admin);
    await ensureQueueIdTrigger(t);
    branch = await insertDepartment(t, 'BR-WORK');
  });
  afterAll(async () => {
    await workers.stopAll();
    await t.close();
  });

  const move = async (to: Date) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/test-clock', headers: bearer(admin), payload: { set: to.toISOString().replace('Z', '+00:00') } });
    if (res.statusCode !== 200) throw new Error(`test clock: ${res.statusCode} ${res.body}`);
  };
  const caseRow = async (id: string) => (await t.sql<{ queue: string; assignee_id: string | null }>('SELECT queue, assignee_id FROM cases.case WHERE id = $1', [id]))[0]!;

  it('moves a case that waited unassigned past the overflow time to the overflow queue, tells the supervisor and routes it there; natural time and the queue calendar', async () => {
    // given a queue whose only agent is offline, overflowing after 10 minutes to a queue with an available agent,
    // and a second queue whose overflow counts on the working-days calendar
    const offline = await t.createUser('work.offline', ['agent'], branch);
    const helper = await t.createUser('work.helper', ['agent'], branch);
    const supervisor = await t.createUser('work.supervisor', ['supervisor'], branch);
    await saveProfile(t, offline, { presence: 'offline', presenceChangedAt: START, lastSeenAt: START });
    await saveProfile(t, helper, { presenceChangedAt: START, lastSeenAt: new Date(START.getTime() + 30 * 24 * 60 * MINUTE) });
    const spill = await insertQueue(t, { key: 'work-spill', memberIds: [helper] });
    await insertQueue(t, { key: 'work-front', departmentId: branch, memberIds: [offline], overflowQueueId: spill, overflowAfterSeconds: 600 });
    await insertQueue(t, { key: 'work-weekday', departmentId: branch, memberIds: [offline], overflowQueueId: spill, overflowAfterSeconds: 600, calendarKey: 'cn-mainland-days' });
    const natural = await newCaseInQueue(t, admin, 'work-front', { departmentId: branch });
    const weekday = await newCaseInQueue(t, admin, 'work-weekday', { departmentId: branch });
    for (const id of [natural, weekday]) expect((await asRouter(t, (ctx) => routeWithoutRules(ctx, id, 'created'))).outcome).toBe('queued');
    const states = await t.sql<{ case_id: string; overflow_at: Date }>('SELECT case_id, overflow_at FROM routing.case_state WHERE case_id = ANY($1)', [[natural, weekday]]);
    expect(states.find((s) => s.case_id === natural)!.overflow_at).toEqual(new Date(START.getTime() + 10 * MINUTE));
    // Monday 00:10 in Shanghai: the weekend does not count on the working-days calendar
    expect(states.find((s) => s.case_id === weekday)!.overflow_at).toEqual(new Date('2026-03-08T16:10:00Z'));

    // when 9 minutes pass: nothing moves
    await move(new Date(START.getTime() + 9 * MINUTE));
    expect((await caseRow(natural)).queue).toBe('work-front');
    // when the 10 minutes are up
    await move(new Date(START.getTime() + 10 * MINUTE));
    // then the case is in the overflow queue, given to its available agent
    expect(await caseRow(natural)).toEqual({ queue: 'work-spill', assignee_id: helper });
    expect((await caseRow(weekday)).queue).toBe('work-weekday');
    const [audit] = await t.sql<{ data: { from: string; to: string } }>("SELECT data FROM audit.event WHERE case_id = $1 AND action = 'routing.overflowed'", [natural]);
    expect(audit!.data).toMatchObject({ from: 'work-front', to: 'work-spill' });
    const [event] = await t.sql<{ payload: { toQueueId: string } }>("SELECT payload FROM platform.outbox_event WHERE type = 'routing.overflowed' AND aggregate_id = $1", [natural]);
    expect(event!.payload.toQueueId).toBe(spill);
    const notices = await t.sql<{ user_id: string; params: { overflowedTo: string; queueName: string } }>(
      "SELECT user_id, params FROM notifications.notification WHERE kind = 'routing-unassigned' AND case_id = $1 AND params ? 'overflowedTo'",
      [natural],
    );
    expect(notices).toEqual([{ user_id: supervisor, params: expect.objectContaining({ overflowedTo: 'Queue work-spill', queueName: 'Queue work-front' }) }]);
    const [decision] = await t.sql<{ trigger: string; outcome: string }>('SELECT trigger, outcome FROM routing.decision WHERE case_id = $1 ORDER BY decided_at DESC LIMIT 1', [natural]);
    expect(decision).toEqual({ trigger: 'overflow', outcome: 'assigned' });

    // when Monday 00:10 comes, the weekday queue's case overflows too
    await move(new Date('2026-03-08T16:10:00Z'));
    expect(await caseRow(weekday)).toEqual({ queue: 'work-spill', assignee_id: helper });
  });

  it('sets an available agent away after 15 minutes without a heartbeat, audited as automatic', async () => {
    const now = clock.now();
    const quiet = await t.createUser('work.quiet', ['agent'], branch);
    const busy = await t.createUser('work.busy', ['agent'], branch);
    await saveProfile(t, quiet, { lastSeenAt: now, presenceChangedAt: now });
    await saveProfile(t, busy, { presence: 'busy', lastSeenAt: now, presenceChangedAt: now });
    const presence = async (id: string) => (await t.sql<{ presence: string }>('SELECT presence FROM routing.agent_profile WHERE user_id = $1', [id]))[0]!.presence;
    // when 14 minutes pass: still available
    await move(new Date(now.getTime() + 14 * MINUTE));
    expect(await presence(quiet)).toBe('available');
    // when 15 minutes have passed
    await move(new Date(now.getTime() + 15 * MINUTE));
    // then away, with the audit event and the domain event; a busy agent stays busy
    expect(await presence(quiet)).toBe('away');
    expect(await presence(busy)).toBe('busy');
    const [audit] = await t.sql<{ data: { from: string; to: string; auto: boolean } }>("SELECT data FROM audit.event WHERE target_id = $1 AND action = 'routing.presence-changed'", [quiet]);
    expect(audit!.data).toMatchObject({ from: 'available', to: 'away', auto: true });
    const [event] = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM platform.outbox_event WHERE type = 'routing.presence-changed' AND aggregate_id = $1", [quiet]);
    expect(event!.n).toBe(1);
  });
});
