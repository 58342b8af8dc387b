import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { findSystemActorOrThrow } from '../../../src/modules/access/index.ts';
import { addComment, createCase, updateCase } from '../../../src/modules/cases/index.ts';
import type { CommandMeta } from '../../../src/platform/commands/index.ts';
import type { Principal } from '../../../src/platform/http/principal.ts';
import { Problem } from '../../../src/platform/http/problem.ts';

let t: TestApp;
let admin: string;
let agentId: string;
let seedActor: Principal;
let slaActor: Principal;
let processActor: Principal;
const unsubscribe: (() => void)[] = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  agentId = await t.createUser('agent.one', ['agent']);
  seedActor = await findSystemActorOrThrow(t.database.db, 'system:seed');
  slaActor = await findSystemActorOrThrow(t.database.db, 'system:sla');
  processActor = await findSystemActorOrThrow(t.database.db, 'system:process');
});
afterEach(() => {
  for (const end of unsubscribe.splice(0)) end();
});
afterAll(() => t.close());

const countCases = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM cases.case'))[0]!.n);
const auditOf = (caseId: string) =>
  t.sql<{ action: string; actor_id: string; actor_name: string; on_behalf_of: string | null; channel: string; reason: string | null }>(
    "SELECT action, actor_id, actor_name, on_behalf_of, channel, reason FROM audit.event WHERE case_id = $1 AND action NOT LIKE 'routing.%' ORDER BY id",
    [caseId],
  );
// The outbox row is being made generic (subject → type); the payload names the case either way.
const outboxOf = (caseId: string) =>
  t.sql<{ type: string; payload: Record<string, unknown> }>(
    "SELECT COALESCE(to_jsonb(o)->>'type', to_jsonb(o)->>'subject') AS type, payload FROM platform.outbox_event o WHERE payload->>'caseId' = $1 AND COALESCE(to_jsonb(o)->>'type', '') NOT LIKE 'routing.%' ORDER BY id",
    [caseId],
  );
const newComplaint = () => {
  const { type, title, priority, channel, customer, fields } = complaint();
  return { type, title, priority: priority as 'high', channel, customer, fields };
};
const asSeed = (extra: Partial<CommandMeta> = {}): CommandMeta => ({ actor: seedActor, channel: 'seed', ...extra });

describe('runCommand under a system actor', () => {
  it('creates a case as system:seed on behalf of a user: the audit event names the system actor and the user', async () => {
    const created = await t.commands.runCommand(asSeed({ onBehalfOf: agentId, reason: 'imported from the old system' }), (ctx) => createCase(ctx, newComplaint()));
    expect(await auditOf(created.case.id)).toEqual([
      { action: 'case.created', actor_id: seedActor.userId, actor_name: 'system:seed', on_behalf_of: agentId, channel: 'seed', reason: 'imported from the old system' },
    ]);
    expect((await t.sql('SELECT created_by FROM cases.case WHERE id = $1', [created.case.id]))[0]).toEqual({ created_by: seedActor.userId });
  });

  it('leaves on_behalf_of empty when the system acts for nobody', async () => {
    const created = await t.commands.runCommand(asSeed(), (ctx) => createCase(ctx, newComplaint()));
    expect((await auditOf(created.case.id)).map((e) => [e.actor_name, e.on_behalf_of])).toEqual([['system:seed', null]]);
  });

  it('moves a case as system:process, with the same optimistic concurrency problem as a request', async () => {
    const { case: created } = await t.commands.runCommand(asSeed(), (ctx) => createCase(ctx, newComplaint()));
    const meta: CommandMeta = { actor: processActor, channel: 'process', onBehalfOf: agentId };
    const opened = await t.commands.runCommand(meta, (ctx) => updateCase(ctx, created.id, created.version, { status: 'open' }));
    expect(opened.status).toBe('open');
    const stale = await t.commands.runCommand(meta, (ctx) => updateCase(ctx, created.id, created.version, { priority: 'low' })).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(Problem);
    expect(stale).toMatchObject({ type: 'case-version-stale', status: 412 });
    expect((await t.sql('SELECT priority, version FROM cases.case WHERE id = $1', [created.id]))[0]).toEqual({ priority: 'high', version: 2 });
    expect((await auditOf(created.id)).at(-1)).toMatchObject({ action: 'case.status-changed', actor_name: 'system:process', on_behalf_of: agentId, channel: 'process' });
  });

  it('refuses a system actor outside its grants (system:sla may not create cases), writes nothing and audits the refusal', async () => {
    const before = await countCases();
    const refused = await t.commands.runCommand({ actor: slaActor, channel: 'sla' }, (ctx) => createCase(ctx, newComplaint())).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Problem);
    expect(refused).toMatchObject({ type: 'forbidden', status: 403 });
    expect(await countCases()).toBe(before);
    const denials = await t.sql("SELECT actor_id, actor_name, channel, data FROM audit.event WHERE action = 'access.denied' AND actor_name = 'system:sla'");
    expect(denials).toEqual([{ actor_id: slaActor.userId, actor_name: 'system:sla', channel: 'sla', data: { problem: 'forbidden', action: 'case:create' } }]);
  });

  it("refuses a message source's actor a case it did not create: its grant is read-own and create only", async () => {
    const ingest = await findSystemActorOrThrow(t.database.db, 'system:ingest:complaints-mq');
    expect(ingest).toMatchObject({ username: 'system:ingest:complaints-mq', kind: 'system', roles: ['system-ingest'] });
    const { case: other } = await t.commands.runCommand(asSeed(), (ctx) => createCase(ctx, newComplaint()));
    const refused = await t.commands.runCommand({ actor: ingest, channel: 'ingest' }, (ctx) => addComment(ctx, other.id, { body: 'x', visibility: 'internal' })).catch((e: unknown) => e);
    // It may not even read the case, so the case does not exist for it (as for a person).
    expect(refused).toBeInstanceOf(Problem);
    expect(refused).toMatchObject({ type: 'case-not-found', status: 404 });
    expect(await t.sql('SELECT 1 FROM cases.comment WHERE case_id = $1', [other.id])).toEqual([]);
  });

  it('never lets a system actor sign in, and keeps system actors out of the people lists', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'system:seed', password: 'anything-at-all' } });
    expect(res.statusCode).toBe(401);
    const users = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(admin) });
    expect(users.statusCode).toBe(200);
    expect(users.json().items.map((u: { username: string }) => u.username)).not.toContain('system:seed');
    expect(await t.sql("SELECT password_hash FROM access.user WHERE kind = 'system'")).toEqual(expect.arrayContaining([{ password_hash: null }]));
  });
});

describe('domain events', () => {
  it('publishes case.created to the outbox with ids only, never field values', async () => {
    const { case: created } = await t.commands.runCommand(asSeed(), (ctx) => createCase(ctx, newComplaint()));
    const events = await outboxOf(created.id);
    expect(events).toEqual([{ type: 'case.created', payload: { caseId: created.id, number: created.number, caseType: 'complaint', version: 1, typeVersion: 1 } }]);
    expect(JSON.stringify(events)).not.toContain('13812345678');
  });

  it('splits one update into status-changed, assigned and fields-changed, naming fields but not their values', async () => {
    const token = await t.login('admin');
    const { case: created } = await t.commands.runCommand(asSeed(), (ctx) => createCase(ctx, newComplaint()));
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${created.id}`,
      headers: { ...bearer(token), 'if-match': '"1"' },
      payload: { status: 'open', assigneeId: agentId, priority: 'low', fields: { phone: '13900000000' } },
    });
    expect(res.statusCode).toBe(200);
    const events = (await outboxOf(created.id)).slice(1);
    expect(events).toEqual([
      { type: 'case.status-changed', payload: { caseId: created.id, version: 2, from: 'new', to: 'open' } },
      { type: 'case.assigned', payload: { caseId: created.id, version: 2, assigneeId: agentId, previousAssigneeId: null } },
      { type: 'case.fields-changed', payload: { caseId: created.id, version: 2, changed: expect.arrayContaining(['priority', 'fields.phone']) } },
    ]);
    expect(JSON.stringify(events)).not.toContain('13900000000');
  });

  it('runs an in-transaction subscriber in the same transaction: its write commits with the case', async () => {
    unsubscribe.push(
      t.commands.subscribers.subscribeInTransaction('case.created', async (ctx, event) => {
        expect(event.payload.caseType).toBe('complaint');
        await addComment(ctx, event.aggregateId, { body: '已受理，自动确认。', visibility: 'internal' });
      }),
    );
    const { case: created } = await t.commands.runCommand(asSeed(), (ctx) => createCase(ctx, newComplaint()));
    expect(await t.sql('SELECT author_id FROM cases.comment WHERE case_id = $1', [created.id])).toEqual([{ author_id: seedActor.userId }]);
    expect((await auditOf(created.id)).map((e) => e.action)).toEqual(['case.created', 'case.noted']);
    // The cause comes first in the outbox, then what a subscriber did about it.
    expect((await outboxOf(created.id)).map((e) => e.type)).toEqual(['case.created', 'case.commented']);
  });

  it('rolls the whole command back when an in-transaction subscriber fails: no case, audit event or outbox row', async () => {
    unsubscribe.push(
      t.commands.subscribers.subscribeInTransaction('case.created', async (ctx, event) => {
        await addComment(ctx, event.aggregateId, { body: 'written, then rolled back', visibility: 'internal' });
        throw new Error('the process could not start');
      }),
    );
    const before = { cases: await countCases(), audit: await t.sql('SELECT count(*) AS n FROM audit.event'), outbox: await t.sql('SELECT count(*) AS n FROM platform.outbox_event') };
    await expect(t.commands.runCommand(asSeed(), (ctx) => createCase(ctx, newComplaint()))).rejects.toThrow('the process could not start');
    expect(await countCases()).toBe(before.cases);
    expect(await t.sql('SELECT count(*) AS n FROM audit.event')).toEqual(before.audit);
    expect(await t.sql('SELECT count(*) AS n FROM platform.outbox_event')).toEqual(before.outbox);
    expect(await t.sql("SELECT 1 FROM cases.comment WHERE body = 'written, then rolled back'")).toEqual([]);
  });

  it('stops a subscriber that answers its own event forever, and rolls the command back', async () => {
    unsubscribe.push(
      t.commands.subscribers.subscribeInTransaction('case.commented', async (ctx, event) => {
        await addComment(ctx, event.aggregateId, { body: 'and again', visibility: 'internal' });
      }),
    );
    const { case: created } = await t.commands.runCommand(asSeed(), (ctx) => createCase(ctx, newComplaint()));
    await expect(t.commands.runCommand(asSeed(), (ctx) => addComment(ctx, created.id, { body: 'first', visibility: 'internal' }))).rejects.toThrow(/cascade deeper than 8/);
    expect(await t.sql('SELECT 1 FROM cases.comment WHERE case_id = $1', [created.id])).toEqual([]);
  });

  it('runs the subscribers of a request too: a subscriber refusing a case over HTTP answers with its problem and keeps nothing', async () => {
    unsubscribe.push(
      t.commands.subscribers.subscribeInTransaction('case.created', async () => {
        throw new Problem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }, { errors: [{ field: 'priority', reason: 'is refused by a rule' }] });
      }),
    );
    const before = await countCases();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: complaint() });
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'priority', reason: 'is refused by a rule' }]);
    expect(await countCases()).toBe(before);
  });
});
