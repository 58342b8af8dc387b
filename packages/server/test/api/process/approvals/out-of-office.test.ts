import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../src/platform/clock/clock.ts';
import { createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { apiOf, createBranches, createCaseWithProcess, createProcessCaseType, deployProcess, notificationsOf, openTaskOf, twoStepProcess, type Api } from './extra-setup.ts';

// Out-of-office rules: a person away names a delegate for a time (and optionally some processes);
// a task given to them meanwhile goes to the delegate, who acts for them (owner = the away person).

let t: TestApp;
let api: Api;
let admin: string;
let branch: string;
const clock = new FixedClock(new Date());
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(clock.now().getTime() + hoursFromNow * HOUR).toISOString();

beforeAll(async () => {
  t = await createTestApp({ clock });
  api = apiOf(t);
  admin = await t.login('admin');
  ({ branch } = await createBranches(api, admin, 'OOO'));
  for (const name of ['maker', 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'hank', 'ivan', 'judy', 'kim', 'leo', 'mia', 'ned']) {
    ids[name] = await t.createUser(name, ['agent'], branch);
    tokens[name] = await t.login(name);
  }
  ids.gone = await t.createUser('gone', ['agent'], branch);
  await t.sql("UPDATE access.user SET status = 'disabled' WHERE id = $1", [ids.gone]);
});
afterAll(() => t.close());

const rule = (token: string, body: Record<string, unknown>) => api(token, 'POST', '/out-of-office', body);

describe('POST /out-of-office', () => {
  it('sets my rule, audited without its reason, and lists it', async () => {
    const res = await rule(tokens.alice!, { delegateId: ids.bob, startsAt: at(1), endsAt: at(48), reason: '年假 annual leave' });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      userId: ids.alice,
      delegateId: ids.bob,
      delegateName: 'bob',
      processKeys: null,
      reason: '年假 annual leave',
      state: 'scheduled',
      revokedAt: null,
      createdBy: ids.alice,
    });
    const listed = await api(tokens.alice!, 'GET', '/out-of-office');
    expect(listed.json().items.map((r: { id: string }) => r.id)).toEqual([created.id]);
    const audit = await t.sql<{ target_id: string; data: Record<string, unknown> }>("SELECT target_id, data FROM audit.event WHERE action = 'process.out-of-office-set'");
    expect(audit).toEqual([{ target_id: ids.alice, data: expect.objectContaining({ ruleId: created.id, delegateId: ids.bob, processKeys: null, byAdmin: false }) }]);
    expect(JSON.stringify(audit)).not.toContain('annual leave');
  });

  it('refuses an end not after the start, an end already past, myself, an unknown or disabled delegate, naming the field; nothing saved', async () => {
    const before = await t.sql('SELECT id FROM process.out_of_office');
    const fieldsOf = async (body: Record<string, unknown>) => (expectProblem(await rule(tokens.carol!, body), 400, 'validation-failed').errors ?? []).map((e) => e.field);
    expect(await fieldsOf({ delegateId: ids.bob, startsAt: at(5), endsAt: at(2) })).toEqual(['endsAt']);
    expect(await fieldsOf({ delegateId: ids.bob, startsAt: at(-5), endsAt: at(-2) })).toEqual(['endsAt']);
    expect(await fieldsOf({ delegateId: ids.carol, startsAt: at(1), endsAt: at(2) })).toEqual(['delegateId']);
    expect(await fieldsOf({ delegateId: ids.gone, startsAt: at(1), endsAt: at(2) })).toEqual(['delegateId']);
    expect(await fieldsOf({ delegateId: '0190a0a0-0000-7000-8000-000000000000', startsAt: at(1), endsAt: at(2) })).toEqual(['delegateId']);
    expect(await fieldsOf({ delegateId: ids.bob, startsAt: 'tomorrow', endsAt: at(2) })).toEqual(['startsAt']);
    expect(await t.sql('SELECT id FROM process.out_of_office')).toEqual(before);
  });

  it('refuses a rule overlapping another of mine for the same processes (409), allows disjoint times or processes', async () => {
    const first = (await rule(tokens.dave!, { delegateId: ids.bob, startsAt: at(10), endsAt: at(20), processKeys: ['loan'] })).json();
    const overlap = expectProblem(await rule(tokens.dave!, { delegateId: ids.erin, startsAt: at(15), endsAt: at(30), processKeys: ['loan', 'card'] }), 409, 'out-of-office-overlap');
    expect(overlap.conflictingId).toBe(first.id);
    expectProblem(await rule(tokens.dave!, { delegateId: ids.erin, startsAt: at(15), endsAt: at(30) }), 409, 'out-of-office-overlap');
    expect((await rule(tokens.dave!, { delegateId: ids.erin, startsAt: at(15), endsAt: at(30), processKeys: ['card'] })).statusCode).toBe(201);
    expect((await rule(tokens.dave!, { delegateId: ids.erin, startsAt: at(20), endsAt: at(25), processKeys: ['loan'] })).statusCode).toBe(201);
    // A revoked rule no longer stands in the way.
    expect((await api(tokens.dave!, 'DELETE', `/out-of-office/${first.id}`)).statusCode).toBe(204);
    expect((await rule(tokens.dave!, { delegateId: ids.erin, startsAt: at(10), endsAt: at(12), processKeys: ['loan'] })).statusCode).toBe(201);
  });

  it('lets only process:admin set, list or revoke another person’s rules', async () => {
    expectProblem(await rule(tokens.erin!, { delegateId: ids.bob, startsAt: at(1), endsAt: at(2), userId: ids.frank }), 403, 'forbidden');
    expectProblem(await api(tokens.erin!, 'GET', `/out-of-office?userId=${ids.frank}`), 403, 'forbidden');
    const byAdmin = await rule(admin, { delegateId: ids.bob, startsAt: at(1), endsAt: at(2), userId: ids.frank });
    expect(byAdmin.statusCode).toBe(201);
    expect(byAdmin.json()).toMatchObject({ userId: ids.frank, createdBy: expect.any(String) });
    expect((await api(admin, 'GET', `/out-of-office?userId=${ids.frank}`)).json().items).toHaveLength(1);
    expect((await api(tokens.frank!, 'GET', '/out-of-office')).json().items).toHaveLength(1);
    // Another person's rule does not exist for me.
    expectProblem(await api(tokens.erin!, 'DELETE', `/out-of-office/${byAdmin.json().id}`), 404, 'out-of-office-not-found');
    expect((await t.sql<{ revoked_at: Date | null }>('SELECT revoked_at FROM process.out_of_office WHERE id = $1', [byAdmin.json().id]))[0]!.revoked_at).toBeNull();
    expect((await api(admin, 'DELETE', `/out-of-office/${byAdmin.json().id}`)).statusCode).toBe(204);
    expect((await api(tokens.frank!, 'GET', '/out-of-office')).json().items[0].state).toBe('revoked');
    const audit = await t.sql<{ data: Record<string, unknown> }>("SELECT data FROM audit.event WHERE action = 'process.out-of-office-revoked' AND target_id = $1", [ids.frank]);
    expect(audit).toEqual([{ data: { ruleId: byAdmin.json().id, byAdmin: true } }]);
  });
});

describe('GET /out-of-office/delegates', () => {
  it('finds active people by name for any signed-in person, never oneself or a disabled account', async () => {
    const found = (await api(tokens.alice!, 'GET', '/out-of-office/delegates?q=a&limit=50')).json().items.map((p: { username: string }) => p.username);
    expect(found).toEqual(expect.arrayContaining(['admin', 'carol', 'dave', 'frank', 'gina', 'hank', 'mia']));
    expect(found).not.toContain('alice');
    expect(found).not.toContain('gone');
    const bob = (await api(tokens.alice!, 'GET', '/out-of-office/delegates?q=bob')).json().items;
    expect(bob).toEqual([{ id: ids.bob, username: 'bob', displayName: 'bob', departmentName: 'Branch OOO' }]);
  });
});

describe('a task given to someone away', () => {
  beforeAll(async () => {
    await deployProcess(api, admin, twoStepProcess('ooo-review', { reviewer: ids.gina!, approver: ids.kim! }));
    await createProcessCaseType(api, admin, 'ooo-complaint', 'OOO', 'ooo-review');
  });

  const taskRow = async (taskId: string) =>
    (await t.sql<{ assignee: string; owner: string | null; delegation_state: string | null }>('SELECT assignee, owner, delegation_state FROM process.task WHERE id = $1', [taskId]))[0]!;

  it('goes to the delegate of the active rule, who completes it for the away person; recorded, audited', async () => {
    const set = await rule(tokens.gina!, { delegateId: ids.hank, startsAt: at(-1), endsAt: at(24), processKeys: ['ooo-review'] });
    expect(set.json().state).toBe('active');
    const { instanceId, caseId } = await createCaseWithProcess(t, api, tokens.maker!, 'ooo-complaint', branch);
    const taskId = await openTaskOf(t, instanceId, 'review');
    expect(await taskRow(taskId)).toEqual({ assignee: ids.hank, owner: ids.gina, delegation_state: null });
    const actions = await t.sql('SELECT action, on_behalf_of, target_user_id, reason FROM process.task_action WHERE task_id = $1', [taskId]);
    expect(actions).toEqual([{ action: 'delegate', on_behalf_of: ids.gina, target_user_id: ids.hank, reason: 'out-of-office' }]);
    const audit = await t.sql<{ case_id: string; data: Record<string, unknown> }>("SELECT case_id, data FROM audit.event WHERE action = 'process.task-delegated-out-of-office' AND target_id = $1", [
      taskId,
    ]);
    expect(audit).toEqual([{ case_id: caseId, data: expect.objectContaining({ forWhom: ids.gina, delegateId: ids.hank, chain: [{ from: ids.gina, to: ids.hank, ruleId: set.json().id }] }) }]);
    // Both are told: the away person that it was theirs, the delegate that it is now theirs, for whom.
    expect(await notificationsOf(api, tokens.hank!, 'task-assigned', taskId)).toEqual([expect.objectContaining({ params: expect.objectContaining({ taskName: 'Review', forName: 'gina' }) })]);
    expect(await notificationsOf(api, tokens.gina!, 'task-assigned', taskId)).toHaveLength(1);
    // The delegate holds it and completes it; the away person no longer does.
    expect((await api(tokens.hank!, 'GET', '/tasks?assignee=me')).json().items.map((i: { id: string }) => i.id)).toContain(taskId);
    expect((await api(tokens.hank!, 'POST', `/tasks/${taskId}/complete`, {})).statusCode).toBe(200);
    expect((await api(tokens.gina!, 'DELETE', `/out-of-office/${set.json().id}`)).statusCode).toBe(204);
  });

  it('leaves tasks alone outside the rule’s time or processes, and after it is revoked', async () => {
    const later = (await rule(tokens.gina!, { delegateId: ids.hank, startsAt: at(2), endsAt: at(4) })).json();
    const other = (await rule(tokens.gina!, { delegateId: ids.hank, startsAt: at(-1), endsAt: at(1), processKeys: ['another-process'] })).json();
    let { instanceId } = await createCaseWithProcess(t, api, tokens.maker!, 'ooo-complaint', branch);
    expect(await taskRow(await openTaskOf(t, instanceId, 'review'))).toEqual({ assignee: ids.gina, owner: null, delegation_state: null });
    // Two hours on, the later rule is active.
    clock.advanceMs(2 * HOUR + 60_000);
    ({ instanceId } = await createCaseWithProcess(t, api, tokens.maker!, 'ooo-complaint', branch));
    expect(await taskRow(await openTaskOf(t, instanceId, 'review'))).toMatchObject({ assignee: ids.hank, owner: ids.gina });
    expect((await api(tokens.gina!, 'DELETE', `/out-of-office/${later.id}`)).statusCode).toBe(204);
    ({ instanceId } = await createCaseWithProcess(t, api, tokens.maker!, 'ooo-complaint', branch));
    expect(await taskRow(await openTaskOf(t, instanceId, 'review'))).toMatchObject({ assignee: ids.gina, owner: null });
    expect(other.state).toBe('active');
  });

  it('follows delegates who are away too, at most three hops, never round a cycle', async () => {
    // gina → ivan → judy → leo → mia: the task stops at leo (three hops).
    for (const [from, to] of [
      ['gina', 'ivan'],
      ['ivan', 'judy'],
      ['judy', 'leo'],
      ['leo', 'mia'],
    ] as const) {
      expect((await rule(tokens[from]!, { delegateId: ids[to], startsAt: at(-1), endsAt: at(1) })).statusCode).toBe(201);
    }
    const { instanceId } = await createCaseWithProcess(t, api, tokens.maker!, 'ooo-complaint', branch);
    const review = await openTaskOf(t, instanceId, 'review');
    expect(await taskRow(review)).toMatchObject({ assignee: ids.leo, owner: ids.gina });
    const audit = await t.sql<{ data: { chain: { from: string; to: string }[] } }>("SELECT data FROM audit.event WHERE action = 'process.task-delegated-out-of-office' AND target_id = $1", [review]);
    expect(audit[0]!.data.chain.map((hop) => [hop.from, hop.to])).toEqual([
      [ids.gina, ids.ivan],
      [ids.ivan, ids.judy],
      [ids.judy, ids.leo],
    ]);

    // kim (the approver) → ned → kim: the cycle stops at ned.
    expect((await rule(tokens.kim!, { delegateId: ids.ned, startsAt: at(-1), endsAt: at(1) })).statusCode).toBe(201);
    expect((await rule(tokens.ned!, { delegateId: ids.kim, startsAt: at(-1), endsAt: at(1) })).statusCode).toBe(201);
    expect((await api(tokens.leo!, 'POST', `/tasks/${review}/complete`, {})).statusCode).toBe(200);
    expect(await taskRow(await openTaskOf(t, instanceId, 'approve'))).toMatchObject({ assignee: ids.ned, owner: ids.kim });
  });
});
