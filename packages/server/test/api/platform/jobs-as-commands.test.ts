import { sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSystemActorOrThrow } from '../../../src/modules/access/index.ts';
import { addComment, createCase, updateCase } from '../../../src/modules/cases/index.ts';
import { TestClock } from '../../../src/platform/clock/index.ts';
import type { CommandContext } from '../../../src/platform/commands/index.ts';
import type { Principal } from '../../../src/platform/http/principal.ts';
import { createJobHandlers, PROBE_JOB_KIND, registerProbeJob, scheduleJob } from '../../../src/platform/jobs/index.ts';
import { createOutboxDispatcher } from '../../../src/platform/outbox/index.ts';
import { createWorkerRegistry, type WorkerRegistry } from '../../../src/platform/workers/index.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { systemActor, testJobRunner } from '../../helpers/job-runner.ts';
import { bearer, createTestApp, type TestApp } from '../../helpers/test-app.ts';

// Workers enter through the command runner: a due job runs as a command of its system actor,
// inside the job's claiming transaction, run here by moving the test clock.
const START = new Date('2026-05-01T00:00:00Z');
const HOUR = 3_600_000;

let t: TestApp;
let clock: TestClock;
let workers: WorkerRegistry;
let admin: string;
let seed: Principal;
let sla: Principal;
const escalations: { caseId: string; actor: string; channel: string; requestId: string; now: string }[] = [];

const newComplaint = () => {
  const { type, title, priority, channel, customer, fields } = complaint();
  return { type, title, priority: priority as 'high', channel, customer, fields };
};

async function escalate(ctx: CommandContext, payload: { caseId: string; fail?: boolean }) {
  const { version } = (await sql<{ version: number }>`SELECT version FROM cases.case WHERE id = ${payload.caseId}`.execute(ctx.tx)).rows[0]!;
  await updateCase(ctx, payload.caseId, version, { priority: 'urgent' });
  escalations.push({ caseId: payload.caseId, actor: ctx.actor.username, channel: ctx.channel, requestId: ctx.requestId, now: ctx.now.toISOString() });
  if (payload.fail) throw new Error('the escalation cannot finish');
}

beforeAll(async () => {
  clock = new TestClock(START);
  const handlers = createJobHandlers();
  registerProbeJob(handlers);
  handlers.register({ kind: 'test.sla.escalate', actor: 'system:sla', handle: (ctx, job) => escalate(ctx, job.payload as { caseId: string; fail?: boolean }) });
  // system:sla escalates cases; it may not create them.
  handlers.register({
    kind: 'test.sla.create',
    actor: 'system:sla',
    async handle(ctx) {
      await createCase(ctx, newComplaint());
    },
  });
  workers = createWorkerRegistry();
  t = await createTestApp({ clock, workers, config: { testClock: true } });
  workers.register(testJobRunner(t, { clock, handlers, pollIntervalMs: 50 }));
  await workers.startAll();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  seed = await findSystemActorOrThrow(t.database.db, 'system:seed');
  sla = await findSystemActorOrThrow(t.database.db, 'system:sla');
});
afterAll(async () => {
  await workers.stopAll();
  await t.close();
});

const advance = async (duration: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/test-clock', headers: bearer(admin), payload: { advance: duration } });
  expect(res.statusCode, res.body).toBe(200);
};

/** A command (as system:seed) that creates a case and schedules a job on it, due in an hour. */
const caseWithJob = (kind: string, payload: Record<string, unknown> = {}, maxAttempts?: number) =>
  t.commands.runCommand({ actor: seed, channel: 'seed' }, async (ctx) => {
    const { case: created } = await createCase(ctx, newComplaint());
    await scheduleJob(ctx.tx, { kind, key: created.id, dueAt: new Date(ctx.now.getTime() + HOUR), payload: { caseId: created.id, ...payload }, maxAttempts });
    return created.id;
  });

const jobOf = async (kind: string, key: string) =>
  (
    await t.sql<{ id: string; state: string; attempts: number; due_at: Date; last_error: string | null }>(
      'SELECT id, state, attempts, due_at, last_error FROM platform.job WHERE kind = $1 AND key = $2',
      [kind, key],
    )
  )[0]!;
const caseRow = async (id: string) => (await t.sql<{ priority: string; version: number }>('SELECT priority, version FROM cases.case WHERE id = $1', [id]))[0];
const auditOf = (caseId: string) =>
  t.sql<{ action: string; actor_name: string; channel: string; request_id: string; occurred_at: Date }>(
    "SELECT action, actor_name, channel, request_id, occurred_at FROM audit.event WHERE case_id = $1 AND action NOT LIKE 'routing.%' ORDER BY id",
    [caseId],
  );
const outboxOf = (caseId: string) =>
  t.sql<{ type: string; payload: { changed?: string[] } }>("SELECT type, payload FROM platform.outbox_event WHERE payload->>'caseId' = $1 AND type NOT LIKE 'routing.%' ORDER BY id", [caseId]);

describe('a scheduled job runs as a command of its system actor', () => {
  it('commits the write, its audit event (system:sla, channel job) and its published event with the job’s completion', async () => {
    // given a case whose escalation a command scheduled for an hour from now
    const caseId = await caseWithJob('test.sla.escalate');
    // when the test clock reaches it
    await advance('PT1H');
    // then the job ran once as system:sla, at the clock's time, and is done
    const job = await jobOf('test.sla.escalate', caseId);
    expect(job).toMatchObject({ state: 'done', attempts: 1, last_error: null });
    const dueAt = new Date(START.getTime() + HOUR).toISOString();
    expect(escalations.filter((e) => e.caseId === caseId)).toEqual([{ caseId, actor: 'system:sla', channel: 'job', requestId: `job:${job.id}`, now: dueAt }]);
    // and its write, its audit event and its outbox event are there with it
    expect(await caseRow(caseId)).toEqual({ priority: 'urgent', version: 2 });
    expect((await auditOf(caseId)).at(-1)).toEqual({ action: 'case.updated', actor_name: 'system:sla', channel: 'job', request_id: `job:${job.id}`, occurred_at: new Date(dueAt) });
    const events = await outboxOf(caseId);
    expect(events.map((e) => e.type)).toEqual(['case.created', 'case.fields-changed']);
    expect(events[1]!.payload.changed).toContain('priority');
  });

  it('leaves nothing of a handler that throws (no write, audit event or outbox event), and retries the job', async () => {
    // given an escalation that fails after its write
    const caseId = await caseWithJob('test.sla.escalate', { fail: true });
    const auditBefore = await auditOf(caseId);
    // when it falls due
    await advance('PT1H');
    // then it ran, and everything it did rolled back; the job waits for its retry in 1 s
    expect(escalations.filter((e) => e.caseId === caseId)).toHaveLength(1);
    expect(await caseRow(caseId)).toEqual({ priority: 'high', version: 1 });
    expect(await auditOf(caseId)).toEqual(auditBefore);
    expect((await outboxOf(caseId)).map((e) => e.type)).toEqual(['case.created']);
    const job = await jobOf('test.sla.escalate', caseId);
    expect(job).toMatchObject({ state: 'pending', attempts: 1, last_error: 'the escalation cannot finish', due_at: new Date(clock.now().getTime() + 1_000) });
    // when the clock reaches the retry
    await advance('PT1S');
    // then it ran again (and failed again: the next wait doubles)
    expect(escalations.filter((e) => e.caseId === caseId)).toHaveLength(2);
    expect(await jobOf('test.sla.escalate', caseId)).toMatchObject({ state: 'pending', attempts: 2, due_at: new Date(clock.now().getTime() + 2_000) });
    expect(await caseRow(caseId)).toEqual({ priority: 'high', version: 1 });
  });

  it('refuses a system actor outside its grants: audits access.denied, writes nothing, and fails the job after its attempts', async () => {
    // given a job that makes system:sla create a case, two attempts at most
    const key = await caseWithJob('test.sla.create', {}, 2);
    const casesBySla = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM cases.case WHERE created_by = $1', [sla.userId]))[0]!.n;
    // when it falls due
    await advance('PT1H');
    // then the refusal is audited, naming the actor, the job's channel and request
    const job = await jobOf('test.sla.create', key);
    const denials = () => t.sql("SELECT actor_id, actor_name, channel, request_id, data FROM audit.event WHERE action = 'access.denied' AND request_id = $1", [`job:${job.id}`]);
    expect(await denials()).toEqual([{ actor_id: sla.userId, actor_name: 'system:sla', channel: 'job', request_id: `job:${job.id}`, data: { problem: 'forbidden', action: 'case:create' } }]);
    expect(await casesBySla()).toBe(0);
    // and the job backs off, then fails for good at its second refusal
    expect(job).toMatchObject({ state: 'pending', attempts: 1, due_at: new Date(clock.now().getTime() + 1_000) });
    expect(job.last_error).toMatch(/./);
    await advance('PT1S');
    expect(await jobOf('test.sla.create', key)).toMatchObject({ state: 'failed', attempts: 2 });
    expect(await denials()).toHaveLength(2);
    expect(await casesBySla()).toBe(0);
  });

  it('still runs the probe job, announcing its committed run', async () => {
    // given a listener on the probe's channel and a probe due in an hour
    const listener: pg.PoolClient = await t.database.pool.connect();
    const heard: { kind: string; key: string }[] = [];
    listener.on('notification', (n) => heard.push(JSON.parse(n.payload!)));
    try {
      await listener.query('LISTEN docket_job_probe');
      await t.database.db.transaction().execute((tx) => scheduleJob(tx, { kind: PROBE_JOB_KIND, key: 'probe-1', dueAt: new Date(clock.now().getTime() + HOUR) }));
      // when
      await advance('PT1H');
      // then
      expect(await jobOf(PROBE_JOB_KIND, 'probe-1')).toMatchObject({ state: 'done', attempts: 1 });
      for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual([expect.objectContaining({ kind: PROBE_JOB_KIND, key: 'probe-1' })]);
    } finally {
      await listener.query('UNLISTEN docket_job_probe');
      listener.release();
    }
  });
});

describe('an outbox subscriber that changes data', () => {
  it('runs its command as a named system actor (channel outbox, request id of the delivery), idempotently', async () => {
    // given a subscriber that notes each escalation on the case, once, as system:sla
    const dispatcher = createOutboxDispatcher({ database: t.database, clock, commands: t.commands, systemActor });
    const NOTE = '已升级 escalated';
    let deliveries = 0;
    dispatcher.subscribe({
      name: 'test-escalation-note',
      types: ['case.fields-changed'],
      async handle(event, delivery) {
        deliveries++;
        await delivery.runCommandAs('system:sla', async (ctx) => {
          // At least once: a repeated delivery finds the note and does nothing.
          const noted = await sql`SELECT 1 FROM cases.comment WHERE case_id = ${event.aggregateId} AND author_id = ${ctx.actor.userId}`.execute(ctx.tx);
          if (noted.rows.length === 0) await addComment(ctx, event.aggregateId, { body: NOTE, visibility: 'internal' });
        });
      },
    });
    const caseId = await caseWithJob('test.sla.escalate');
    await advance('PT1H');
    const [changed] = await t.sql<{ id: string }>("SELECT id FROM platform.outbox_event WHERE payload->>'caseId' = $1 AND type = 'case.fields-changed'", [caseId]);
    // when the dispatcher delivers
    await dispatcher.runDue(clock.now());
    // then the note is there, written and audited as system:sla through the outbox
    expect(deliveries).toBeGreaterThan(0);
    expect(await t.sql('SELECT author_id FROM cases.comment WHERE case_id = $1', [caseId])).toEqual([{ author_id: sla.userId }]);
    expect((await auditOf(caseId)).at(-1)).toMatchObject({ action: 'case.noted', actor_name: 'system:sla', channel: 'outbox', request_id: `outbox:test-escalation-note:${changed!.id}` });
    // when every event is delivered again (a crash before the acknowledgement does that)
    const delivered = deliveries;
    await t.sql("UPDATE platform.outbox_cursor SET position = 0 WHERE subscriber = 'test-escalation-note'");
    await dispatcher.runDue(clock.now());
    // then the repeated delivery changed nothing
    expect(deliveries).toBeGreaterThan(delivered);
    expect(await t.sql('SELECT author_id FROM cases.comment WHERE case_id = $1', [caseId])).toEqual([{ author_id: sla.userId }]);
    await dispatcher.stop();
  });
});
