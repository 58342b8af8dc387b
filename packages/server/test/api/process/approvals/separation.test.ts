import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../helpers/test-app.ts';
import { approvalWorld, type ApprovalWorld } from './harness.ts';

// Separation of duties `both`: the instance's starter (maker) and whoever completed the first
// step may neither claim nor approve the next; someone else can.

let w: ApprovalWorld;

beforeAll(async () => {
  w = await approvalWorld({ maker: ['agent'], first: ['agent'], second: ['agent'] }, ['separation.bpmn'], { 'appr-checkers': ['maker', 'first', 'second'] });
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
});
