import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalWorld, type ApprovalWorld } from './harness.ts';

// 票签: 2 approvals of 3 decide; the third signer's task is withdrawn and the gateway reads the decision.

let w: ApprovalWorld;

beforeAll(async () => {
  w = await approvalWorld({ m1: ['agent'], m2: ['agent'], m3: ['agent'], sec: ['agent'] }, ['countersign.bpmn']);
});
afterAll(() => w.t.close());

async function signerTasks(instanceId: string): Promise<Record<string, string>> {
  const ids = (await w.openTasks(instanceId)).vote!;
  const byName: Record<string, string> = {};
  for (const id of ids) {
    const row = await w.taskRow(id);
    byName[Object.entries(w.ids).find(([, userId]) => userId === row.assignee)![0]] = id;
  }
  return byName;
}

describe('票签 (vote) through the approval API', () => {
  it('completes early once 2 of 3 approve: the third task is cancelled and outcome is approved', async () => {
    const instanceId = await w.start(w.admin, 'appr-vote', { signers: [w.ids.m1, w.ids.m2, w.ids.m3], secretary: w.ids.sec });
    const tasks = await signerTasks(instanceId);
    expect(Object.keys(tasks).sort()).toEqual(['m1', 'm2', 'm3']);
    const first = await w.api(w.tokens.m1!, 'POST', `/tasks/${tasks.m1}/approve`, {});
    expect(first.json()).toMatchObject({ state: 'completed', outcome: 'approved', countersign: { mode: 'vote', threshold: 2, approved: 1, rejected: 0, total: 3 } });
    expect((await w.variables(instanceId)).outcome).toBeUndefined();
    await w.api(w.tokens.m2!, 'POST', `/tasks/${tasks.m2}/approve`, {});
    expect(await w.taskRow(tasks.m3!)).toMatchObject({ state: 'canceled' });
    expect(Object.keys(await w.openTasks(instanceId))).toEqual(['notify']);
    expect(await w.variables(instanceId)).toMatchObject({ outcome: 'approved', votes: { approved: 2, rejected: 0 } });
  });

  it('decides rejected once the threshold can no longer be reached', async () => {
    const instanceId = await w.start(w.admin, 'appr-vote', { signers: [w.ids.m1, w.ids.m2, w.ids.m3], secretary: w.ids.sec });
    const tasks = await signerTasks(instanceId);
    await w.api(w.tokens.m1!, 'POST', `/tasks/${tasks.m1}/reject`, { reason: 'too risky' });
    await w.api(w.tokens.m2!, 'POST', `/tasks/${tasks.m2}/reject`, { reason: 'agree, too risky' });
    expect(await w.taskRow(tasks.m3!)).toMatchObject({ state: 'canceled' });
    expect(await w.instanceState(instanceId)).toBe('completed');
    expect(await w.variables(instanceId)).toMatchObject({ outcome: 'rejected' });
  });
});
