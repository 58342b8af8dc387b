import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// External tasks (issue 15): another system pushes its work into a person's to-do list, idempotent
// by (system, externalId), and completes or cancels it there; Docket's task actions refuse it.

let t: TestApp;
let admin: string;
let pusher: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

const api = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
const taskRows = () => t.sql<{ id: string; name: string; state: string; assignee: string }>('SELECT id, name, state, assignee FROM process.task WHERE system IS NOT NULL ORDER BY created_at, id');
const auditOf = (action: string) => t.sql<{ target_id: string; data: Record<string, unknown> }>('SELECT target_id, data FROM audit.event WHERE action = $1 ORDER BY occurred_at', [action]);

const body = (overrides: Record<string, unknown> = {}) => ({
  system: 'core-banking',
  externalId: 'CB-100',
  title: 'Approve the limit change',
  assignee: ids.alice,
  link: 'https://core.example/tasks/CB-100',
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const branch = (await api(admin, 'POST', '/departments', { code: 'BR-EXT', name: 'Branch', kind: 'branch' })).json().id as string;
  for (const name of ['alice', 'bob', 'gone']) {
    ids[name] = await t.createUser(name, ['agent'], branch);
    tokens[name] = await t.login(name);
  }
  await t.sql("UPDATE access.user SET status = 'disabled' WHERE id = $1", [ids.gone]);
  const minted = await api(admin, 'POST', '/auth/api-tokens', { name: 'core banking', scopes: ['task:external'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  if (minted.statusCode !== 201) throw new Error(minted.body);
  pusher = minted.json().token;
  const other = await api(admin, 'POST', '/auth/api-tokens', { name: 'reader', scopes: ['case:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  tokens.readerToken = other.json().token;
});
afterAll(() => t.close());

describe('POST /external-tasks', () => {
  it('creates the task the first time (201), audited, and it shows in the assignee’s to-do list', async () => {
    const res = await api(pusher, 'POST', '/external-tasks', body({ dueAt: '2030-01-01T08:00:00.000Z', priority: 80, description: 'Limit 50k → 80k' }));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Approve the limit change',
      state: 'open',
      assignee: ids.alice,
      system: 'core-banking',
      externalId: 'CB-100',
      link: 'https://core.example/tasks/CB-100',
      description: 'Limit 50k → 80k',
      processInstanceId: null,
      processKey: null,
      priority: 80,
      dueAt: '2030-01-01T08:00:00.000Z',
    });
    const audit = await auditOf('process.external-task-created');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toEqual({ system: 'core-banking', externalId: 'CB-100', assignee: ids.alice });
    const mine = (await api(tokens.alice!, 'GET', '/tasks?assignee=me')).json().items;
    expect(mine.map((i: { externalId: string }) => i.externalId)).toEqual(['CB-100']);
    expect((await api(tokens.bob!, 'GET', '/tasks?assignee=me')).json().items).toEqual([]);
  });

  it('answers 200 with the same task when pushed again, updating what changed, audited once per change', async () => {
    const [before] = await taskRows();
    const same = await api(pusher, 'POST', '/external-tasks', body({ dueAt: '2030-01-01T08:00:00.000Z', priority: 80, description: 'Limit 50k → 80k' }));
    expect(same.statusCode).toBe(200);
    expect(same.json().id).toBe(before!.id);
    expect(await auditOf('process.external-task-updated')).toHaveLength(0);

    const moved = await api(pusher, 'POST', '/external-tasks', body({ title: 'Approve the new limit', assignee: ids.bob }));
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ id: before!.id, name: 'Approve the new limit', assignee: ids.bob, dueAt: null, priority: 50, description: null });
    const updates = await auditOf('process.external-task-updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.data).toMatchObject({ changed: ['title', 'assignee', 'dueAt', 'priority', 'description'], previousAssignee: ids.alice, assignee: ids.bob });
    expect(await taskRows()).toHaveLength(1);
    expect((await api(tokens.alice!, 'GET', '/tasks?assignee=me')).json().items).toEqual([]);
    expect((await api(tokens.bob!, 'GET', '/tasks?assignee=me')).json().items.map((i: { name: string }) => i.name)).toEqual(['Approve the new limit']);
  });

  it('refuses a link that is not http(s) and an assignee who is not an active user, naming the field, and changes nothing', async () => {
    const before = await taskRows();
    for (const link of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://core.example/x', 'not a url', 'https://']) {
      const problem = expectProblem(await api(pusher, 'POST', '/external-tasks', body({ externalId: 'CB-BAD', link })), 400, 'validation-failed');
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'link', code: 'http-url' })]);
    }
    for (const assignee of [ids.gone, '00000000-0000-7000-8000-000000000000', 'nobody']) {
      const problem = expectProblem(await api(pusher, 'POST', '/external-tasks', body({ externalId: 'CB-BAD', assignee })), 400, 'validation-failed');
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'assignee', code: 'active-user' })]);
    }
    // An update is checked as a creation is: the task keeps its link.
    expectProblem(await api(pusher, 'POST', '/external-tasks', body({ link: 'javascript:void(0)' })), 400, 'validation-failed');
    expect(await taskRows()).toEqual(before);
    expect((await api(admin, 'GET', `/tasks/${before[0]!.id}`)).json().link).toBe('https://core.example/tasks/CB-100');
  });

  it('refuses a caller without task:external (403), a person as a token, and changes nothing', async () => {
    const before = await taskRows();
    expectProblem(await api(tokens.alice!, 'POST', '/external-tasks', body({ externalId: 'CB-ALICE' })), 403, 'forbidden');
    expectProblem(await api(tokens.readerToken!, 'POST', '/external-tasks', body({ externalId: 'CB-READER' })), 403, 'forbidden');
    expectProblem(await api(tokens.alice!, 'POST', '/external-tasks/core-banking/CB-100/complete', {}), 403, 'forbidden');
    expectProblem(await api(tokens.readerToken!, 'POST', '/external-tasks/core-banking/CB-100/cancel'), 403, 'forbidden');
    expect(await taskRows()).toEqual(before);
  });

  it('is not Docket’s to complete: claim and complete answer 409 task-external', async () => {
    const [task] = await taskRows();
    expectProblem(await api(tokens.bob!, 'POST', `/tasks/${task!.id}/complete`, {}), 409, 'task-external');
    expectProblem(await api(tokens.bob!, 'POST', `/tasks/${task!.id}/claim`), 409, 'task-external');
    expectProblem(await api(admin, 'POST', `/tasks/${task!.id}/unclaim`), 409, 'task-external');
    expect((await api(tokens.bob!, 'GET', `/tasks/${task!.id}`)).json()).toMatchObject({ state: 'open', system: 'core-banking' });
  });
});

describe('complete and cancel', () => {
  it('completes the task for its assignee, once; a retry answers the same, a cancel after it 409', async () => {
    const res = await api(pusher, 'POST', '/external-tasks/core-banking/CB-100/complete', { outcome: 'approved' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'completed', completedBy: ids.bob, outcome: 'approved' });
    expect((await api(pusher, 'POST', '/external-tasks/core-banking/CB-100/complete', {})).statusCode).toBe(200);
    expect(await auditOf('process.external-task-completed')).toHaveLength(1);
    expectProblem(await api(pusher, 'POST', '/external-tasks/core-banking/CB-100/cancel'), 409, 'task-not-open');
    expectProblem(await api(pusher, 'POST', '/external-tasks', body({ assignee: ids.bob })), 409, 'task-not-open');
    expect((await api(tokens.bob!, 'GET', '/tasks?assignee=me')).json().items).toEqual([]);
    expect((await api(tokens.bob!, 'GET', '/tasks?view=done')).json().items.map((i: { externalId: string }) => i.externalId)).toEqual(['CB-100']);
  });

  it('cancels a task: it leaves the list, audited', async () => {
    expect((await api(pusher, 'POST', '/external-tasks', body({ externalId: 'CB-200' }))).statusCode).toBe(201);
    const res = await api(pusher, 'POST', '/external-tasks/core-banking/CB-200/cancel');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'canceled', completedBy: null });
    expect(await auditOf('process.external-task-canceled')).toHaveLength(1);
    expect((await api(tokens.alice!, 'GET', '/tasks?assignee=me')).json().items).toEqual([]);
  });

  it('answers 404 for a task the system never pushed', async () => {
    expectProblem(await api(pusher, 'POST', '/external-tasks/core-banking/NOPE/complete', {}), 404, 'task-not-found');
    expectProblem(await api(pusher, 'POST', '/external-tasks/other-system/CB-100/cancel'), 404, 'task-not-found');
  });
});
