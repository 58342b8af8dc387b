import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// The notification centre over the real engine and PostgreSQL: who is told when a task is
// created (assignee; candidates by user, group and role), when a process ends, when an internal
// note @mentions someone; the list, the unread count, marking read, the preferences.

let t: TestApp;
let admin: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
let branchId: string;

const api = (token: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

const definitions = (content: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:docket="https://docket.dev/schema/bpmn/1.0" id="defs" targetNamespace="https://docket.dev/test">
${content}
</bpmn:definitions>`;

/** start → one user task (attributes given) → end. */
const oneTask = (key: string, name: string, attributes: string) =>
  definitions(`<bpmn:process id="${key}" name="${name}" isExecutable="true">
  <bpmn:startEvent id="start" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
  <bpmn:userTask id="work" name="复核贷款" ${attributes} />
  <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process>`);

async function deploy(xml: string) {
  const res = await api(admin, 'POST', '/processes', { xml });
  if (res.statusCode !== 201) throw new Error(`deploy: ${res.statusCode} ${res.body}`);
}

async function start(token: string, processKey: string, variables: Record<string, unknown> = {}) {
  const res = await api(token, 'POST', '/process-instances', { processKey, variables });
  if (res.statusCode !== 201) throw new Error(`start: ${res.statusCode} ${res.body}`);
  const instanceId = res.json().id as string;
  const [task] = await t.sql<{ id: string }>('SELECT id FROM process.task WHERE instance_id = $1', [instanceId]);
  return { instanceId, taskId: task?.id };
}

const rowsFor = (userId: string, kind?: string) =>
  t.sql<{ id: string; kind: string; params: Record<string, unknown>; task_id: string | null; case_id: string | null; read_at: Date | null }>(
    `SELECT id, kind, params, task_id, case_id, read_at FROM notifications.notification WHERE user_id = $1 ${kind ? 'AND kind = $2' : ''} ORDER BY id`,
    kind ? [userId, kind] : [userId],
  );
const clearAll = () => t.sql('DELETE FROM notifications.notification');

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  const department = async (code: string, name: string, parentId?: string) => {
    const res = await api(admin, 'POST', '/departments', { code, name, kind: parentId ? 'branch' : 'head-office', ...(parentId ? { parentId } : {}) });
    if (res.statusCode !== 201) throw new Error(`department: ${res.body}`);
    return res.json().id as string;
  };
  const head = await department('HO-N', 'Head office');
  const branch = await department('BR-N1', 'Branch one', head);
  branchId = branch;
  const other = await department('BR-N2', 'Branch two', head);
  for (const [name, roles, department] of [
    ['alice', ['agent'], branch],
    ['bob', ['agent'], branch],
    ['dave', ['agent'], branch],
    ['sam', ['supervisor'], branch],
    ['olga', ['agent'], other],
    ['gone', ['agent'], branch],
    ['head', ['agent', 'branch-head'], branch],
    ['farhead', ['agent', 'branch-head'], other],
  ] as const) {
    ids[name] = await t.createUser(name, [...roles], department);
    tokens[name] = await t.login(name);
  }
  const group = await api(admin, 'POST', '/groups', { key: 'reviewers', name: 'Reviewers', kind: 'group', memberIds: [ids.alice, ids.dave, ids.gone] });
  if (group.statusCode !== 201) throw new Error(group.body);
  const disabled = await api(admin, 'PATCH', `/users/${ids.gone}`, { status: 'disabled' });
  if (disabled.statusCode !== 200) throw new Error(disabled.body);
  await deploy(oneTask('assign-alice', '贷款审批', `camunda:assignee="${ids.alice}"`));
  await deploy(
    oneTask('head-of-my-branch', '分行审批', '').replace(
      '<bpmn:userTask id="work" name="复核贷款"  />',
      '<bpmn:userTask id="work" name="复核贷款"><bpmn:extensionElements><docket:assignment><docket:departmentRole role="branch-head" relativeTo="initiator-department" /></docket:assignment></bpmn:extensionElements></bpmn:userTask>',
    ),
  );
  await deploy(oneTask('claim-group', '贷款审批', `camunda:candidateGroups="reviewers,supervisor,topic:credit-check" camunda:candidateUsers="${ids.bob}"`));
});
afterAll(() => t.close());

describe('task notifications', () => {
  it('tells the assignee of a new task, with names and numbers only, and not the actor who started it', async () => {
    await clearAll();
    const { instanceId, taskId } = await start(admin, 'assign-alice');
    const rows = await rowsFor(ids.alice!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'task-assigned', task_id: taskId, params: { taskName: '复核贷款', processName: '贷款审批', actorName: 'Administrator' } });
    expect(await rowsFor((await t.sql<{ id: string }>("SELECT id FROM access.user WHERE username = 'admin'"))[0]!.id)).toEqual([]);
    const list = await api(tokens.alice!, 'GET', '/notifications');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ unreadCount: 1, nextCursor: null });
    expect(list.json().items[0]).toMatchObject({ kind: 'task-assigned', taskId, processInstanceId: instanceId, link: `/tasks/${taskId}`, actorName: 'Administrator', readAt: null });
  });

  it('tells the candidates of a claimable task: users, group members and role holders, never an inactive user or a topic', async () => {
    await clearAll();
    await start(admin, 'claim-group');
    const told = await t.sql<{ user_id: string; kind: string }>('SELECT user_id, kind FROM notifications.notification');
    expect(told.map((r) => r.user_id).sort()).toEqual([ids.alice, ids.bob, ids.dave, ids.sam].sort());
    expect(new Set(told.map((r) => r.kind))).toEqual(new Set(['task-claimable']));
  });

  it("tells the holders of a department role resolved for the new task, in the initiator's department only", async () => {
    await clearAll();
    await start(tokens.alice!, 'head-of-my-branch');
    const told = await t.sql<{ user_id: string; kind: string }>('SELECT user_id, kind FROM notifications.notification');
    expect(told).toEqual([{ user_id: ids.head, kind: 'task-claimable' }]);
  });

  it('tells the starter when the process ends, and nobody when the command rolls back', async () => {
    const { taskId } = await start(tokens.sam!, 'assign-alice');
    await clearAll();
    const done = await api(tokens.alice!, 'POST', `/tasks/${taskId}/complete`, { outcome: 'approved' });
    expect(done.statusCode, done.body).toBe(200);
    const rows = await rowsFor(ids.sam!, 'process-outcome');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.params).toMatchObject({ processName: '贷款审批', actorName: 'alice' });
    // A completion that fails (the task is done) tells nobody anything.
    await clearAll();
    expect((await api(tokens.alice!, 'POST', `/tasks/${taskId}/complete`, {})).statusCode).toBe(409);
    expect(await t.sql('SELECT 1 FROM notifications.notification')).toEqual([]);
  });
});

describe('mentions in internal notes', () => {
  it('tells the mentioned people who may read the case, never one who may not, and never quotes the note', async () => {
    const created = await api(tokens.alice!, 'POST', '/cases', complaint({ departmentId: branchId }));
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    await clearAll();
    const note = await api(tokens.alice!, 'POST', `/cases/${c.id}/comments`, { body: '请 @bob 与 @olga 核对 张三 的扣费，@alice 自己不用，@nobody 不存在。', visibility: 'internal' });
    expect(note.statusCode, note.body).toBe(201);
    const told = await t.sql<{ user_id: string; kind: string; params: Record<string, unknown>; case_id: string }>('SELECT user_id, kind, params, case_id FROM notifications.notification');
    expect(told).toEqual([{ user_id: ids.bob, kind: 'mention', case_id: c.id, params: { caseNumber: c.number, actorName: 'alice' } }]);
    expect(JSON.stringify(told)).not.toContain('张三');

    await clearAll();
    const reply = await api(tokens.alice!, 'POST', `/cases/${c.id}/comments`, { body: '@bob 已回复客户', visibility: 'public' });
    expect(reply.statusCode).toBe(201);
    expect(await t.sql('SELECT 1 FROM notifications.notification')).toEqual([]);
  });
});

describe('the notification centre', () => {
  it('pages newest first with a cursor, filters unread, counts unread, marks read one and all', async () => {
    await clearAll();
    for (let i = 0; i < 3; i++) await start(admin, 'assign-alice');
    const first = await api(tokens.alice!, 'GET', '/notifications?limit=2');
    expect(first.json().items).toHaveLength(2);
    expect(first.json().unreadCount).toBe(3);
    const second = await api(tokens.alice!, 'GET', `/notifications?limit=2&cursor=${first.json().nextCursor}`);
    expect(second.json().items).toHaveLength(1);
    expect(second.json().nextCursor).toBeNull();
    const all = [...first.json().items, ...second.json().items].map((n: { id: string }) => n.id);
    expect(all).toEqual([...all].sort().reverse());

    expect((await api(tokens.alice!, 'POST', `/notifications/${all[0]}/read`)).statusCode).toBe(204);
    expect((await api(tokens.alice!, 'GET', '/notifications/unread-count')).json()).toEqual({ count: 2 });
    const unread = await api(tokens.alice!, 'GET', '/notifications?unread=true');
    expect(unread.json().items.map((n: { id: string }) => n.id)).toEqual(all.slice(1));
    expect((await api(tokens.alice!, 'POST', '/notifications/read-all')).statusCode).toBe(204);
    expect((await api(tokens.alice!, 'GET', '/notifications/unread-count')).json()).toEqual({ count: 0 });
  });

  it("answers 404 for another user's notification and changes nothing", async () => {
    await clearAll();
    await start(admin, 'assign-alice');
    const [row] = await rowsFor(ids.alice!);
    expectProblem(await api(tokens.bob!, 'POST', `/notifications/${row!.id}/read`), 404, 'notification-not-found');
    expect((await rowsFor(ids.alice!))[0]!.read_at).toBeNull();
    expect((await api(tokens.bob!, 'GET', '/notifications')).json().items).toEqual([]);
    await api(tokens.bob!, 'POST', '/notifications/read-all');
    expect((await rowsFor(ids.alice!))[0]!.read_at).toBeNull();
  });

  it('refuses a forged cursor and an id that is not a uuid', async () => {
    expectProblem(await api(tokens.alice!, 'GET', '/notifications?cursor=bm90LWEtdXVpZA'), 400, 'invalid-cursor');
    expect((await api(tokens.alice!, 'POST', '/notifications/not-an-id/read')).statusCode).toBe(400);
  });

  it('answers 401 without a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
  });
});

describe('preferences', () => {
  it('starts from the defaults: everything in the console, e-mail for all but claimable and withdrawn tasks', async () => {
    const res = await api(tokens.dave!, 'GET', '/me/notification-preferences');
    expect(res.statusCode).toBe(200);
    const byKind = Object.fromEntries(res.json().items.map((p: { kind: string; inApp: boolean; email: boolean }) => [p.kind, p]));
    expect(byKind['task-assigned']).toEqual({ kind: 'task-assigned', inApp: true, email: true });
    expect(byKind['task-claimable']).toEqual({ kind: 'task-claimable', inApp: true, email: false });
    expect(byKind.mention.email).toBe(true);
    expect(res.json()).toMatchObject({ email: null, locale: 'zh-CN' });
  });

  it('keeps a notification out of the console when the user turned it off', async () => {
    const put = await api(tokens.alice!, 'PUT', '/me/notification-preferences', { items: [{ kind: 'task-assigned', inApp: false, email: false }], email: 'alice@bank.example', locale: 'en-US' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ email: 'alice@bank.example', locale: 'en-US' });
    const audit = await t.sql<{ data: unknown }>("SELECT data FROM audit.event WHERE action = 'notifications.preferences-changed' AND target_id = $1", [ids.alice]);
    expect(audit).toEqual([{ data: { kinds: ['task-assigned'], emailChanged: true, locale: 'en-US' } }]);
    expect(JSON.stringify(audit)).not.toContain('alice@bank.example');
    await clearAll();
    await start(admin, 'assign-alice');
    expect(await rowsFor(ids.alice!)).toEqual([]);
    expect(await t.sql("SELECT 1 FROM platform.job WHERE kind = 'notifications.email'")).toEqual([]);
    await api(tokens.alice!, 'PUT', '/me/notification-preferences', { items: [{ kind: 'task-assigned', inApp: true, email: true }], email: null });
  });

  it('refuses a kind listed twice, an unknown kind and a malformed address, changing nothing', async () => {
    const before = await t.sql('SELECT * FROM notifications.preference WHERE user_id = $1', [ids.dave]);
    const twice = expectProblem(
      await api(tokens.dave!, 'PUT', '/me/notification-preferences', {
        items: [
          { kind: 'mention', inApp: false, email: false },
          { kind: 'mention', inApp: true, email: true },
        ],
      }),
      400,
      'validation-failed',
    );
    expect(twice.errors).toEqual([expect.objectContaining({ field: 'items/1/kind' })]);
    expect((await api(tokens.dave!, 'PUT', '/me/notification-preferences', { items: [{ kind: 'birthday', inApp: true, email: true }] })).statusCode).toBe(400);
    expect((await api(tokens.dave!, 'PUT', '/me/notification-preferences', { email: 'not an address' })).statusCode).toBe(400);
    expect(await t.sql('SELECT * FROM notifications.preference WHERE user_id = $1', [ids.dave])).toEqual(before);
    expect(await t.sql('SELECT * FROM notifications.contact WHERE user_id = $1', [ids.dave])).toEqual([]);
  });
});
