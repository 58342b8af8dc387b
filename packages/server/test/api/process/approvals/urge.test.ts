import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../src/platform/clock/clock.ts';
import { createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { apiOf, createBranches, createCaseWithProcess, createProcessCaseType, deployProcess, notificationsOf, openTaskOf, twoStepProcess, type Api } from './extra-setup.ts';

// 催办: whoever waits for a task (the instance's starter, the case's creator or assignee, an
// earlier step's completer, process:admin) reminds its holder, or its candidates when nobody
// holds it; once per task and person per DOCKET_URGE_INTERVAL_MINUTES (30 by default).

let t: TestApp;
let api: Api;
let admin: string;
let branch: string;
const clock = new FixedClock(new Date());
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ clock });
  api = apiOf(t);
  admin = await t.login('admin');
  let otherBranch: string;
  ({ branch, otherBranch } = await createBranches(api, admin, 'URGE'));
  for (const [name, roles, department] of [
    ['maker', ['agent'], branch],
    ['colleague', ['agent'], branch],
    ['handler', ['agent'], branch],
    ['reviewer', ['agent'], otherBranch],
    ['approver', ['agent'], otherBranch],
    ['memberA', ['agent'], otherBranch],
    ['memberB', ['agent'], otherBranch],
    ['stranger', ['agent'], otherBranch],
  ] as const) {
    ids[name] = await t.createUser(name, [...roles], department);
    tokens[name] = await t.login(name);
  }
  const group = await api(admin, 'POST', '/groups', { key: 'reviewers', name: 'Reviewers', kind: 'group', memberIds: [ids.memberA, ids.memberB] });
  if (group.statusCode !== 201) throw new Error(group.body);
  await deployProcess(api, admin, twoStepProcess('urge-review', { reviewer: ids.reviewer!, approver: ids.approver! }));
  await deployProcess(api, admin, twoStepProcess('urge-pool', { approver: ids.approver! }));
  await createProcessCaseType(api, admin, 'urge-complaint', 'URG', 'urge-review');
  await createProcessCaseType(api, admin, 'pool-complaint', 'UPL', 'urge-pool');
});
afterAll(() => t.close());

const urgesOf = (taskId: string) =>
  t.sql<{ actor_id: string; target_user_id: string | null; comment: string | null }>(
    "SELECT actor_id, target_user_id, comment FROM process.task_action WHERE task_id = $1 AND action = 'urge' ORDER BY at",
    [taskId],
  );
const auditOf = (taskId: string) =>
  t.sql<{ actor_name: string; data: { recipients: string[] } }>("SELECT actor_name, data FROM audit.event WHERE action = 'process.task-urged' AND target_id = $1 ORDER BY id", [taskId]);

describe('POST /tasks/{id}/urge', () => {
  it('lets the case’s creator urge the holder, once per interval: 429 urge-too-soon with the seconds left, then again', async () => {
    const { instanceId } = await createCaseWithProcess(t, api, tokens.maker!, 'urge-complaint', branch);
    const taskId = await openTaskOf(t, instanceId, 'review');
    expect((await api(tokens.maker!, 'POST', `/tasks/${taskId}/urge`, { comment: 'please look today' })).statusCode).toBe(204);
    expect(await urgesOf(taskId)).toEqual([{ actor_id: ids.maker, target_user_id: ids.reviewer, comment: 'please look today' }]);
    expect(await auditOf(taskId)).toEqual([{ actor_name: 'maker', data: expect.objectContaining({ processInstanceId: instanceId, elementId: 'review', recipients: [ids.reviewer] }) }]);

    expect(await notificationsOf(api, tokens.reviewer!, 'task-urged', taskId)).toEqual([expect.objectContaining({ params: expect.objectContaining({ taskName: 'Review', actorName: 'maker' }) })]);
    const tooSoon = expectProblem(await api(tokens.maker!, 'POST', `/tasks/${taskId}/urge`, {}), 429, 'urge-too-soon');
    expect(tooSoon.retryAfter).toBe(30 * 60);
    clock.advanceMs(10 * 60_000);
    expect(expectProblem(await api(tokens.maker!, 'POST', `/tasks/${taskId}/urge`, {}), 429, 'urge-too-soon').retryAfter).toBe(20 * 60);
    expect(await urgesOf(taskId)).toHaveLength(1);
    // The interval is per urger: process:admin may urge meanwhile.
    expect((await api(admin, 'POST', `/tasks/${taskId}/urge`, {})).statusCode).toBe(204);
    clock.advanceMs(20 * 60_000);
    expect((await api(tokens.maker!, 'POST', `/tasks/${taskId}/urge`, {})).statusCode).toBe(204);
    expect((await urgesOf(taskId)).map((u) => u.actor_id)).toEqual([ids.maker, expect.any(String), ids.maker]);
    // Told each time it was urged, never when refused.
    expect(await notificationsOf(api, tokens.reviewer!, 'task-urged', taskId)).toHaveLength(3);
  });

  it('lets whoever completed an earlier step urge the next', async () => {
    const { instanceId } = await createCaseWithProcess(t, api, tokens.maker!, 'urge-complaint', branch);
    const review = await openTaskOf(t, instanceId, 'review');
    // Before completing it, the reviewer (the task's own holder) is not waiting for anything.
    expectProblem(await api(tokens.reviewer!, 'POST', `/tasks/${review}/urge`, {}), 403, 'forbidden');
    expect((await api(tokens.reviewer!, 'POST', `/tasks/${review}/complete`, {})).statusCode).toBe(200);
    const approve = await openTaskOf(t, instanceId, 'approve');
    expect((await api(tokens.reviewer!, 'POST', `/tasks/${approve}/urge`, {})).statusCode).toBe(204);
    expect(await auditOf(approve)).toEqual([{ actor_name: 'reviewer', data: expect.objectContaining({ recipients: [ids.approver] }) }]);
    // A task no longer open is not urged.
    expectProblem(await api(tokens.maker!, 'POST', `/tasks/${review}/urge`, {}), 409, 'task-not-open');
  });

  it('lets the case’s assignee and the instance’s starter urge', async () => {
    const { instanceId } = await createCaseWithProcess(t, api, admin, 'urge-complaint', branch, { assigneeId: ids.handler });
    const taskId = await openTaskOf(t, instanceId, 'review');
    expect((await api(tokens.handler!, 'POST', `/tasks/${taskId}/urge`, {})).statusCode).toBe(204);

    const started = await api(tokens.stranger!, 'POST', '/process-instances', { processKey: 'urge-review', variables: {} });
    expect(started.statusCode).toBe(201);
    const caseless = await openTaskOf(t, started.json().id, 'review');
    expect((await api(tokens.stranger!, 'POST', `/tasks/${caseless}/urge`, {})).statusCode).toBe(204);
    expect((await urgesOf(caseless)).map((u) => u.actor_id)).toEqual([ids.stranger]);
  });

  it('urges the candidates of a task nobody holds: its candidate users and the members of its groups', async () => {
    const { instanceId } = await createCaseWithProcess(t, api, tokens.maker!, 'pool-complaint', branch);
    const taskId = await openTaskOf(t, instanceId, 'review');
    expect((await api(tokens.maker!, 'POST', `/tasks/${taskId}/urge`, {})).statusCode).toBe(204);
    expect((await auditOf(taskId))[0]!.data.recipients).toEqual([ids.memberA, ids.memberB].sort());
    expect(await urgesOf(taskId)).toEqual([{ actor_id: ids.maker, target_user_id: null, comment: null }]);
    expect(await notificationsOf(api, tokens.memberA!, 'task-urged', taskId)).toHaveLength(1);
    expect(await notificationsOf(api, tokens.memberB!, 'task-urged', taskId)).toHaveLength(1);
  });

  it('refuses anyone else: 404 when they cannot see the task, 403 when they only read it; nothing recorded', async () => {
    const { instanceId } = await createCaseWithProcess(t, api, tokens.maker!, 'urge-complaint', branch);
    const taskId = await openTaskOf(t, instanceId, 'review');
    expectProblem(await api(tokens.stranger!, 'POST', `/tasks/${taskId}/urge`, {}), 404, 'task-not-found');
    // A branch colleague reads the case, and so the task, but waits for nothing of it.
    expectProblem(await api(tokens.colleague!, 'POST', `/tasks/${taskId}/urge`, {}), 403, 'forbidden');
    expectProblem(await api(tokens.stranger!, 'POST', '/tasks/0190a0a0-0000-7000-8000-000000000000/urge', {}), 404, 'task-not-found');
    expect(await urgesOf(taskId)).toEqual([]);
    expect(await auditOf(taskId)).toEqual([]);
    expect(await notificationsOf(api, tokens.reviewer!, 'task-urged', taskId)).toEqual([]);
  });
});
