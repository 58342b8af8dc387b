import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { complaint } from '../../../helpers/factories.ts';
import { expectProblem } from '../../../helpers/test-app.ts';
import { approvalWorld, type ApprovalWorld } from './harness.ts';

// Separation of duties `both`: the instance's starter (maker) and whoever completed the first
// step may neither claim nor approve the next; someone else can.

let w: ApprovalWorld;

beforeAll(async () => {
  w = await approvalWorld({ maker: ['agent'], first: ['agent'], second: ['agent'], sodstranger: ['agent'] }, ['separation.bpmn', 'case-check.bpmn'], { 'appr-checkers': ['maker', 'first', 'second'] });
});
afterAll(() => w.t.close());

describe('separation of duties', () => {
  it('refuses the maker (403 naming the rule) on claim, approve and complete, and offers them nothing', async () => {
    const instanceId = await w.start(w.tokens.maker!, 'appr-sod', {});
    const [first] = (await w.openTasks(instanceId)).first!;
    const shown = (await w.api(w.tokens.maker!, 'GET', `/tasks/${first}`)).json();
    expect(shown.allowedActions).not.toContain('approve');
    expect(shown.allowedActions).not.toContain('claim');
    expect(expectProblem(await w.api(w.tokens.maker!, 'POST', `/tasks/${first}/claim`), 403, 'separation-of-duties')).toMatchObject({ rule: 'maker' });
    expect(expectProblem(await w.api(w.tokens.maker!, 'POST', `/tasks/${first}/approve`, {}), 403, 'separation-of-duties')).toMatchObject({ rule: 'maker' });
    expectProblem(await w.api(w.tokens.maker!, 'POST', `/tasks/${first}/complete`, {}), 403, 'separation-of-duties');
    expect(await w.taskRow(first!)).toMatchObject({ state: 'open', assignee: null });
    expect((await w.api(w.tokens.first!, 'GET', `/tasks/${first}`)).json().allowedActions).toEqual(expect.arrayContaining(['claim', 'approve']));
  });

  it('refuses whoever approved the previous step, and lets a third person approve', async () => {
    const instanceId = await w.start(w.tokens.maker!, 'appr-sod', {});
    const [first] = (await w.openTasks(instanceId)).first!;
    expect((await w.api(w.tokens.first!, 'POST', `/tasks/${first}/approve`, {})).statusCode).toBe(200);
    const [second] = (await w.openTasks(instanceId)).second!;
    expect(expectProblem(await w.api(w.tokens.first!, 'POST', `/tasks/${second}/approve`, {}), 403, 'separation-of-duties')).toMatchObject({ rule: 'previous-steps' });
    expectProblem(await w.api(w.tokens.first!, 'POST', `/tasks/${second}/claim`), 403, 'separation-of-duties');
    expect((await w.api(w.tokens.second!, 'POST', `/tasks/${second}/approve`, {})).json()).toMatchObject({ state: 'completed', completedBy: w.ids.second });
    expect(await w.instanceState(instanceId)).toBe('completed');
  });

  it('refuses the case’s creator when the case type asks for separation of duties, though the process does not', async () => {
    const branch = (await w.api(w.admin, 'POST', '/departments', { code: 'BR-SOD', name: 'SoD branch', kind: 'branch' })).json().id as string;
    const clerk = await w.t.createUser('sodclerk', ['agent'], branch);
    const checker = await w.t.createUser('sodchecker', ['agent'], branch);
    const members = await w.api(w.admin, 'PUT', '/groups/appr-checkers/members', { userIds: [w.ids.maker, w.ids.first, w.ids.second, clerk, checker] });
    expect(members.statusCode).toBe(200);
    const seed = SEED_CASE_TYPES.find((type) => type.key === 'complaint')!;
    const type = await w.api(w.admin, 'POST', '/case-types', {
      key: 'sod-complaint',
      name: 'Checked complaint',
      prefix: 'SOD',
      schema: seed.schema,
      processKey: 'appr-case-check',
      separationOfDuties: true,
    });
    expect(type.statusCode).toBe(201);
    const clerkToken = await w.t.login('sodclerk');
    const created = await w.api(clerkToken, 'POST', '/cases', complaint({ type: 'sod-complaint', departmentId: branch }));
    expect(created.statusCode).toBe(201);
    const [task] = await w.t.sql<{ id: string }>("SELECT id FROM process.task WHERE case_id = $1 AND state = 'open'", [created.json().id]);
    expect(expectProblem(await w.api(clerkToken, 'POST', `/tasks/${task!.id}/approve`, {}), 403, 'separation-of-duties')).toMatchObject({ rule: 'maker' });
    expect((await w.api(await w.t.login('sodchecker'), 'POST', `/tasks/${task!.id}/approve`, {})).json()).toMatchObject({ state: 'completed', completedBy: checker });
  });

  it('refuses a candidate of a task another checker claimed with 403, and a stranger with 404', async () => {
    const instanceId = await w.start(w.admin, 'appr-sod', {});
    const [first] = (await w.openTasks(instanceId)).first!;
    expect((await w.api(w.tokens.first!, 'POST', `/tasks/${first}/claim`)).statusCode).toBe(200);
    expect((await w.api(w.tokens.second!, 'GET', `/tasks/${first}`)).json().allowedActions).not.toContain('approve');
    expectProblem(await w.api(w.tokens.second!, 'POST', `/tasks/${first}/approve`, {}), 403, 'forbidden');
    expectProblem(await w.api(w.tokens.second!, 'POST', `/tasks/${first}/reject`, { reason: 'x' }), 403, 'forbidden');
    expectProblem(await w.api(await w.t.login('sodstranger'), 'POST', `/tasks/${first}/approve`, {}), 404, 'task-not-found');
    expect(await w.taskRow(first!)).toMatchObject({ state: 'open', assignee: w.ids.first });
  });
});
