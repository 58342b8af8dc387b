import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlaScheduler, type SlaLevelDefinition, type SlaScheduler } from '../../../../src/modules/sla/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { createWorkerRegistry, type WorkerRegistry } from '../../../../src/platform/workers/index.ts';
import { complaint, createQueueForTest, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { systemActor } from '../../../helpers/job-runner.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { at, HOUR, insertSlaTarget } from './scheduler-fixtures.ts';

// Monday 2026-03-02 09:00 in Shanghai; the clocks here run on the 24×7 calendar, so an 8-hour
// target's levels fall at 6 h (75 %), 7 h (1 h before due), 8 h (breach) and 10 h (2 h after).
const START = new Date('2026-03-02T01:00:00Z');
const ESCALATION_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="sla-escalation-definitions" targetNamespace="http://docket.test/sla">
  <process id="sla-escalation" name="SLA escalation" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <userTask id="review" name="Review the overdue case" />
    <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

const LEVELS: SlaLevelDefinition[] = [
  { at: { kind: 'share', share: 0.75 }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }, { kind: 'supervisors' }] }] },
  { at: { kind: 'before-due', duration: 'PT1H' }, actions: [{ type: 'notify', recipients: [{ kind: 'assignee' }] }] },
  {
    at: { kind: 'breach' },
    actions: [
      { type: 'notify', recipients: [{ kind: 'supervisors' }, { kind: 'department-head' }] },
      { type: 'transfer', queue: 'consumer-protection' },
      { type: 'add-tag', tag: 'sla-breached' },
      { type: 'start-process', processKey: 'sla-escalation' },
    ],
  },
  { at: { kind: 'after-due', duration: 'PT2H' }, actions: [{ type: 'raise-priority' }, { type: 'route-to-reviewer', reviewer: { kind: 'department-head' } }] },
];

describe('the SLA scheduler fires each level once and runs its escalations', () => {
  let t: TestApp;
  let clock: TestClock;
  let workers: WorkerRegistry;
  let admin: string;
  let agent: string;
  let agentId: string;
  let supervisorId: string;
  let headId: string;
  let branch: string;

  beforeAll(async () => {
    clock = new TestClock(START);
    workers = createWorkerRegistry();
    t = await createTestApp({ clock, workers, config: { testClock: true, sessionTtlMinutes: 7 * 24 * 60 } });
    workers.register(createSlaScheduler({ database: t.database, clock, commands: t.commands, systemActor, pollIntervalMs: 50 }));
    await workers.startAll();
    admin = await t.login('admin');
    await createSeedCaseTypes(t, admin);
    await createQueueForTest(t, admin, 'consumer-protection');
    branch = randomUUID();
    await t.sql("INSERT INTO access.department (id, code, name, kind, path) VALUES ($1, 'BR-SLA', 'SLA branch', 'branch', $2)", [branch, `/${branch}`]);
    agentId = await t.createUser('agent.sla', ['agent'], branch);
    supervisorId = await t.createUser('supervisor.sla', ['supervisor'], branch);
    headId = await t.createUser('head.sla', ['supervisor', 'head'], branch);
    agent = await t.login('agent.sla');
    const deployed = await t.app.inject({ method: 'POST', url: '/api/v1/processes', headers: { ...bearer(admin), 'content-type': 'application/xml' }, payload: ESCALATION_PROCESS });
    if (deployed.statusCode !== 201 && deployed.statusCode !== 200) throw new Error(`deploy: ${deployed.statusCode} ${deployed.body}`);
  });
  afterAll(async () => {
    await workers.stopAll();
    await t.close();
  });

  const move = async (to: Date) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/test-clock', headers: bearer(admin), payload: { set: to.toISOString().replace('Z', '+00:00') } });
    if (res.statusCode !== 200) throw new Error(`test clock: ${res.statusCode} ${res.body}`);
  };
  const newCase = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: complaint({ assigneeId: agentId, departmentId: branch, ...overrides }) });
    if (res.statusCode !== 201) throw new Error(`case: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; number: string; queue: string | null };
  };
  const firings = (targetId: string) =>
    t.sql<{ level: number; kind: string; late: boolean; due_at: Date; fired_at: Date }>('SELECT level, kind, late, due_at, fired_at FROM sla.firing WHERE target_id = $1 ORDER BY level', [targetId]);
  const auditOf = (caseId: string, action: string) =>
    t.sql<{ data: Record<string, unknown>; actor_name: string; channel: string }>('SELECT data, actor_name, channel FROM audit.event WHERE case_id = $1 AND action = $2 ORDER BY occurred_at, id', [
      caseId,
      action,
    ]);
  const notificationsOf = (caseId: string) =>
    t.sql<{ user_id: string; kind: string }>('SELECT user_id, kind FROM notifications.notification WHERE case_id = $1 ORDER BY created_at, kind, user_id', [caseId]);
  const targetRow = (id: string) =>
    t
      .sql<{ fired_levels: number[]; next_fire_at: Date | null; at_risk_at: Date | null; breached_at: Date | null }>(
        'SELECT fired_levels, next_fire_at, at_risk_at, breached_at FROM sla.target WHERE id = $1',
        [id],
      )
      .then((r) => r[0]!);
  const caseRow = (id: string) =>
    t
      .sql<{ priority: string; queue: string | null; tags: string[]; assignee_id: string | null; sla_state: string | null; due_at: Date | null }>(
        'SELECT priority, queue, tags, assignee_id, sla_state, due_at FROM cases.case WHERE id = $1',
        [id],
      )
      .then((r) => r[0]!);

  it('fires the 75 % warning, the 1 h warning, the breach and the 2 h after-breach level once each, with every action, audited', async () => {
    // given an 8-hour resolution clock started now on a case of the branch's agent
    const created = await newCase();
    const start = clock.now();
    const target = await insertSlaTarget(t.database, { caseId: created.id, budgetSeconds: 8 * 3600, startedAt: start, levels: LEVELS });
    expect(target.dueAt).toEqual(at(start, 8 * HOUR));
    expect(target.nextFireAt).toEqual(at(start, 6 * HOUR));

    // when the clock stops one second short of 75 %
    await move(at(start, 6 * HOUR - 1000));
    // then nothing fired
    expect(await firings(target.id)).toEqual([]);

    // when it reaches 75 %
    await move(at(start, 6 * HOUR));
    // then the first warning fired, on time, told the assignee and the branch's supervisors, and the case is at risk
    expect(await firings(target.id)).toEqual([{ level: 0, kind: 'warning', late: false, due_at: at(start, 6 * HOUR), fired_at: at(start, 6 * HOUR) }]);
    const [warning] = await auditOf(created.id, 'sla.warning-fired');
    expect(warning).toMatchObject({
      actor_name: 'system:sla',
      channel: 'job',
      data: { targetId: target.id, key: 'resolution', level: 0, levelKind: 'warning', late: false, at: at(start, 6 * HOUR).toISOString() },
    });
    expect(
      (await notificationsOf(created.id))
        .filter((n) => n.kind === 'sla-warning')
        .map((n) => n.user_id)
        .sort(),
    ).toEqual([agentId, supervisorId, headId].sort());
    expect(await targetRow(target.id)).toMatchObject({ fired_levels: [0], next_fire_at: at(start, 7 * HOUR), at_risk_at: at(start, 6 * HOUR), breached_at: null });
    expect(await caseRow(created.id)).toMatchObject({ sla_state: 'at-risk', due_at: at(start, 8 * HOUR) });

    // when it reaches 1 h before due, then the breach
    await move(at(start, 7 * HOUR));
    expect((await firings(target.id)).map((f) => f.level)).toEqual([0, 1]);
    await move(at(start, 8 * HOUR));

    // then the breach fired once: audited, told as a domain event, and every action ran
    expect((await firings(target.id)).map((f) => [f.level, f.kind, f.late])).toEqual([
      [0, 'warning', false],
      [1, 'warning', false],
      [2, 'breach', false],
    ]);
    const breached = await auditOf(created.id, 'sla.target-breached');
    expect(breached).toHaveLength(1);
    expect(breached[0]!.data).toMatchObject({ targetId: target.id, level: 2, levelKind: 'breach', dueAt: at(start, 8 * HOUR).toISOString() });
    const outbox = await t.sql<{ type: string }>("SELECT type FROM platform.outbox_event WHERE aggregate_id = $1 AND type LIKE 'sla.%' ORDER BY id", [created.id]);
    expect(outbox.map((o) => o.type)).toEqual(['sla.warning-fired', 'sla.warning-fired', 'sla.target-breached']);
    const escalated = (await auditOf(created.id, 'sla.escalated')).map((e) => e.data);
    expect(escalated.filter((e) => e.level === 2).map((e) => [e.action, e.ok])).toEqual([
      ['notify', true],
      ['transfer', true],
      ['add-tag', true],
      ['start-process', true],
    ]);
    expect(await caseRow(created.id)).toMatchObject({ queue: 'consumer-protection', tags: ['sla-breached'], sla_state: 'breached', priority: 'high' });
    const instances = await t.sql<{ n: string }>("SELECT count(*) AS n FROM process.instance WHERE case_id = $1 AND process_key = 'sla-escalation'", [created.id]);
    expect(Number(instances[0]!.n)).toBe(1);
    expect(
      (await notificationsOf(created.id))
        .filter((n) => n.kind === 'sla-breached')
        .map((n) => n.user_id)
        .sort(),
    ).toEqual([supervisorId, headId].sort());

    // when it reaches 2 h after due
    await move(at(start, 10 * HOUR));
    // then the priority went one step up and the case went to the department head
    expect((await firings(target.id)).map((f) => f.level)).toEqual([0, 1, 2, 3]);
    expect(await caseRow(created.id)).toMatchObject({ priority: 'urgent', assignee_id: headId });
    expect(await targetRow(target.id)).toMatchObject({ fired_levels: [0, 1, 2, 3], next_fire_at: null });

    // when a day passes, then nothing fires again
    await move(at(start, 34 * HOUR));
    expect(await firings(target.id)).toHaveLength(4);
    expect(await auditOf(created.id, 'sla.warning-fired')).toHaveLength(2);
    expect(await auditOf(created.id, 'sla.target-breached')).toHaveLength(2); // the breach and the after-breach level
    const all = (await auditOf(created.id, 'sla.escalated')).map((e) => [e.data.level, e.data.action, e.data.ok, e.data.error ?? null]);
    expect(all).toEqual([
      [0, 'notify', true, null],
      [1, 'notify', true, null],
      [2, 'notify', true, null],
      [2, 'transfer', true, null],
      [2, 'add-tag', true, null],
      [2, 'start-process', true, null],
      [3, 'raise-priority', true, null],
      [3, 'route-to-reviewer', true, null],
    ]);
    // and the case's timeline shows the firings and escalations
    const timeline = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${created.id}/timeline`, headers: bearer(admin) });
    expect(timeline.statusCode).toBe(200);
    const shown = JSON.stringify(timeline.json());
    expect(shown).toContain('sla.warning-fired');
    expect(shown).toContain('sla.target-breached');
    expect(shown).toContain('sla.escalated');
  });

  it('records a failing action with its error and goes on with the others; the firing stands', async () => {
    // given a breach level whose escalation process was never deployed and whose transfer names no queue
    const created = await newCase();
    const start = clock.now();
    const target = await insertSlaTarget(t.database, {
      caseId: created.id,
      budgetSeconds: 3600,
      startedAt: start,
      levels: [
        {
          at: { kind: 'breach' },
          actions: [
            { type: 'start-process', processKey: 'never-deployed' },
            { type: 'transfer', queue: 'no-such-queue' },
            { type: 'add-tag', tag: 'overdue' },
          ],
        },
      ],
    });
    // when it falls due
    await move(at(start, HOUR));
    // then the breach fired, the start is audited as failed, and the tag was added
    expect((await firings(target.id)).map((f) => f.kind)).toEqual(['breach']);
    const escalated = (await auditOf(created.id, 'sla.escalated')).map((e) => e.data);
    expect(escalated.map((e) => [e.action, e.ok])).toEqual([
      ['start-process', false],
      ['transfer', false],
      ['add-tag', true],
    ]);
    expect(escalated[0]!.error).toEqual(expect.any(String));
    // An unknown queue fails as the API refuses it (issue 17), not as a database error.
    expect(escalated[1]).toMatchObject({ ok: false, problem: 'validation-failed' });
    expect(await caseRow(created.id)).toMatchObject({ tags: ['overdue'], queue: created.queue });
    expect(await t.sql('SELECT id FROM process.instance WHERE case_id = $1', [created.id])).toEqual([]);
  });

  it('fires nothing for a paused clock, however long it waits', async () => {
    // given a clock paused with 7 of its 8 hours used (the case waits on the customer)
    const created = await newCase();
    const start = clock.now();
    const target = await insertSlaTarget(t.database, { caseId: created.id, budgetSeconds: 8 * 3600, consumedSeconds: 7 * 3600, startedAt: start, levels: LEVELS, state: 'paused' });
    const before = await caseRow(created.id);
    expect(target.nextFireAt).toBeNull();
    // when three days pass
    await move(at(start, 72 * HOUR));
    // then nothing fired and nothing changed
    expect(await firings(target.id)).toEqual([]);
    expect(await auditOf(created.id, 'sla.escalated')).toEqual([]);
    expect(await targetRow(target.id)).toMatchObject({ fired_levels: [], at_risk_at: null, breached_at: null });
    expect(await caseRow(created.id)).toEqual(before);
  });

  it('exposes nothing new to a non-administrator: moving the clock to make levels fire is refused, and nothing fires', async () => {
    // given a clock due in an hour
    const created = await newCase();
    const start = clock.now();
    const target = await insertSlaTarget(t.database, { caseId: created.id, budgetSeconds: 3600, startedAt: start, levels: [{ at: { kind: 'breach' }, actions: [{ type: 'add-tag', tag: 'x' }] }] });
    // when an agent asks to move the clock past it
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/test-clock', headers: bearer(agent), payload: { advance: 'PT2H' } });
    // then it is refused, time stands, nothing fired
    expect(res.statusCode).toBe(403);
    expect(clock.now()).toEqual(start);
    await new Promise((r) => setTimeout(r, 200));
    expect(await firings(target.id)).toEqual([]);
    expect(await auditOf(created.id, 'sla.escalated')).toEqual([]);
    // and an administrator's move fires it
    await move(at(start, HOUR));
    expect((await firings(target.id)).map((f) => f.kind)).toEqual(['breach']);
  });

  it('never fires a level twice, even when a clock loses its fired_levels', async () => {
    // given a breach that fired
    const created = await newCase();
    const start = clock.now();
    const target = await insertSlaTarget(t.database, { caseId: created.id, budgetSeconds: 3600, startedAt: start, levels: [{ at: { kind: 'breach' }, actions: [{ type: 'add-tag', tag: 'once' }] }] });
    await move(at(start, HOUR));
    expect(await firings(target.id)).toHaveLength(1);
    // when its fired_levels are rewritten by hand and it is due again
    await t.sql("UPDATE sla.target SET fired_levels = '{}', next_fire_at = due_at WHERE id = $1", [target.id]);
    await move(at(start, 2 * HOUR));
    // then the history refuses the second firing: no second audit event, no second escalation, and the clock is marked again
    expect(await firings(target.id)).toHaveLength(1);
    expect(await auditOf(created.id, 'sla.target-breached')).toHaveLength(1);
    expect(await auditOf(created.id, 'sla.escalated')).toHaveLength(1);
    expect(await targetRow(target.id)).toMatchObject({ fired_levels: [0], next_fire_at: null });
  });

  it('across a restart fires nothing twice and misses nothing: levels passed while down fire once, marked late', async () => {
    // given a clock whose first warning fired
    const created = await newCase();
    const start = clock.now();
    const levels: SlaLevelDefinition[] = [
      { at: { kind: 'share', share: 0.75 }, actions: [] },
      { at: { kind: 'before-due', duration: 'PT1H' }, actions: [] },
      { at: { kind: 'breach' }, actions: [{ type: 'add-tag', tag: 'late-breach' }] },
      { at: { kind: 'after-due', duration: 'PT2H' }, actions: [] },
    ];
    const target = await insertSlaTarget(t.database, { caseId: created.id, budgetSeconds: 8 * 3600, startedAt: start, levels });
    await move(at(start, 6 * HOUR));
    expect((await firings(target.id)).map((f) => f.level)).toEqual([0]);

    // when the scheduler stops, time passes the 1 h warning and the breach, and a new scheduler starts
    await workers.stopAll();
    clock.moveTo(at(start, 9 * HOUR));
    const restarted: SlaScheduler = createSlaScheduler({ database: t.database, clock, commands: t.commands, systemActor, pollIntervalMs: 50, workerName: 'restarted' });
    await restarted.start();
    try {
      // then its own loop fires the two missed levels, once each, late
      const deadline = Date.now() + 20_000;
      while ((await firings(target.id)).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await restarted.runDue(clock.now());
      expect((await firings(target.id)).map((f) => [f.level, f.late])).toEqual([
        [0, false],
        [1, true],
        [2, true],
      ]);
      expect((await auditOf(created.id, 'sla.target-breached')).map((e) => e.data.late)).toEqual([true]);
      expect(await caseRow(created.id)).toMatchObject({ tags: ['late-breach'] });
      // and the level after them fires on time
      clock.moveTo(at(start, 10 * HOUR));
      await restarted.runDue(clock.now());
      expect((await firings(target.id)).map((f) => [f.level, f.late])).toEqual([
        [0, false],
        [1, true],
        [2, true],
        [3, false],
      ]);
      expect(await auditOf(created.id, 'sla.escalated')).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
  });
});
