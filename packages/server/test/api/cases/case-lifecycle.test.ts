import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE, registerTransitionHook } from '../../../src/modules/cases/index.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// Statuses and transitions are data of the case type: served with it, walked by PATCH status,
// listed per case in `allowed.transitions`, and open to other modules' hooks in the same transaction.

let t: TestApp;
let admin: string;

async function api(token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });
}

const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/** An AML alert: triage → investigating → awaiting higher-level review → reported, or dismissed with a reason. */
const AML_LIFECYCLE = {
  initial: 'triage',
  statuses: [
    { key: 'triage', labels: label('分诊', 'Triage'), category: 'open' },
    { key: 'investigating', labels: label('调查中', 'Investigating'), category: 'open' },
    { key: 'awaiting-review', labels: label('待上级复核', 'Awaiting review'), category: 'waiting' },
    { key: 'reported', labels: label('已上报', 'Reported'), category: 'resolved' },
    { key: 'dismissed', labels: label('已排除', 'Dismissed'), category: 'closed' },
  ],
  transitions: [
    { from: 'triage', to: 'investigating' },
    { from: 'investigating', to: 'awaiting-review' },
    { from: 'investigating', to: 'dismissed', requiresReason: true, action: 'case:close' },
    { from: 'awaiting-review', to: 'investigating', requiresReason: true },
    { from: 'awaiting-review', to: 'reported', action: 'case:close' },
    { from: 'dismissed', to: 'investigating', requiresReason: true },
  ],
};

const amlType = (key: string, prefix: string, lifecycle: object = AML_LIFECYCLE) => ({
  key,
  name: `反洗钱预警 ${key}`,
  prefix,
  schema: {
    components: [
      { type: 'textfield', key: 'alertId', label: 'Alert id' },
      { type: 'textfield', key: 'reviewedBy', label: 'Reviewed by' },
    ],
  },
  lifecycle,
});

async function newAlert(type = 'aml-alert'): Promise<{ id: string; version: number; status: string }> {
  const res = await api(admin, 'POST', '/cases', { type, title: '大额现金交易预警', fields: { alertId: 'A-1' } });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const row = async (id: string) =>
  (await t.sql<{ status: string; status_category: string; version: number; closed_at: Date | null }>('SELECT status, status_category, version, closed_at FROM cases.case WHERE id = $1', [id]))[0]!;
const events = async (id: string) => await t.sql<{ action: string; xid: string }>('SELECT action, xid::text AS xid FROM audit.event WHERE case_id = $1 ORDER BY id', [id]);
const patchStatus = (token: string, c: { id: string; version: number }, status: string, reason?: string) =>
  api(token, 'PATCH', `/cases/${c.id}`, { status, ...(reason ? { reason } : {}) }, { 'if-match': `"${c.version}"` });

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  expect((await api(admin, 'POST', '/case-types', amlType('aml-alert', 'AML'))).statusCode).toBe(201);
});
afterAll(() => t.close());

describe('the lifecycle served with the case type', () => {
  it('gives a case type that names none the five default statuses, labelled in both languages', async () => {
    const type = (await api(admin, 'GET', '/case-types/complaint')).json();
    expect(type.lifecycle).toEqual(DEFAULT_LIFECYCLE);
    const c = (await api(admin, 'POST', '/cases', complaint())).json();
    expect(c).toMatchObject({ status: 'new', statusCategory: 'open' });
    expect(c.allowed.transitions).toEqual(['open', 'pending', 'resolved']);
  });

  it('serves a custom lifecycle with its defaults filled in, and keeps it when a new version leaves it out', async () => {
    const type = (await api(admin, 'GET', '/case-types/aml-alert')).json();
    expect(type.lifecycle.initial).toBe('triage');
    expect(type.lifecycle.statuses[2]).toEqual({ key: 'awaiting-review', labels: { 'zh-CN': '待上级复核', 'en-US': 'Awaiting review' }, category: 'waiting' });
    expect(type.lifecycle.transitions[0]).toEqual({ from: 'triage', to: 'investigating', requiresReason: false, action: 'case:update' });
    const saved = await api(admin, 'PUT', '/case-types/aml-alert', { name: type.name, schema: type.schema });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, lifecycle: type.lifecycle });
  });

  it('refuses a lifecycle that cannot work with 422 naming each field, and stores nothing', async () => {
    const broken = {
      statuses: AML_LIFECYCLE.statuses,
      transitions: [...AML_LIFECYCLE.transitions.filter((tr) => tr.to !== 'reported'), { from: 'investigating', to: 'escalated' }],
    };
    const res = expectProblem(await api(admin, 'POST', '/case-types', amlType('aml-broken', 'AMLB', broken)), 422, 'case-lifecycle-invalid');
    expect(res.errors).toEqual([
      { field: 'lifecycle.initial', reason: 'is required: the status a new case starts in', code: 'initial-required' },
      { field: 'lifecycle.transitions[5].to', reason: 'escalated is not one of the statuses', code: 'unknown-status', params: { status: 'escalated' } },
    ]);
    const unreachable = expectProblem(
      await api(admin, 'POST', '/case-types', amlType('aml-broken', 'AMLB', { ...AML_LIFECYCLE, transitions: AML_LIFECYCLE.transitions.filter((tr) => tr.to !== 'reported') })),
      422,
      'case-lifecycle-invalid',
    );
    expect(unreachable.errors).toEqual([{ field: 'lifecycle.statuses[3]', reason: 'reported cannot be reached from triage', code: 'unreachable-status', params: { status: 'reported' } }]);
    expect(await t.sql("SELECT key FROM cases.case_type WHERE key = 'aml-broken'")).toEqual([]);
    // A new version with a broken lifecycle is refused too; the current version stays.
    const before = (await api(admin, 'GET', '/case-types/aml-alert')).json();
    const stuck = { ...AML_LIFECYCLE, transitions: AML_LIFECYCLE.transitions.filter((tr) => tr.from !== 'investigating') };
    const refused = expectProblem(await api(admin, 'PUT', '/case-types/aml-alert', { name: before.name, schema: before.schema, lifecycle: stuck }), 422, 'case-lifecycle-invalid');
    expect(refused.errors!.map((e: { field: string }) => e.field)).toContain('lifecycle.statuses[2]');
    expect((await api(admin, 'GET', '/case-types/aml-alert')).json().version).toBe(before.version);
  });
});

describe('a custom lifecycle, end to end', () => {
  it('starts a case in the initial status and walks only the transitions the lifecycle has', async () => {
    let c = await newAlert();
    expect(c).toMatchObject({ status: 'triage', statusCategory: 'open' });
    expect((await api(admin, 'GET', `/cases/${c.id}`)).json().allowed.transitions).toEqual(['investigating']);

    const skipped = expectProblem(await patchStatus(admin, c, 'reported'), 409, 'case-transition-refused');
    expect(skipped.detail).toBe('A triage case cannot become reported: a triage case can only become investigating');
    const unknown = expectProblem(await patchStatus(admin, c, 'closed'), 400, 'validation-failed');
    expect(unknown.errors).toEqual([
      { field: 'status', reason: 'is not a status of this case type (triage, investigating, awaiting-review, reported, dismissed)', code: 'unknown-status', params: { status: 'closed' } },
    ]);
    expect((await row(c.id)).version).toBe(c.version);

    c = (await patchStatus(admin, c, 'investigating')).json();
    expect(c).toMatchObject({ status: 'investigating', statusCategory: 'open' });
    expect((c as unknown as { allowed: { transitions: string[] } }).allowed.transitions).toEqual(['awaiting-review', 'dismissed']);
    const unfinished = async () => (await api(admin, 'GET', '/cases?type=aml-alert&statusCategory=open,waiting&limit=200')).json().items.map((i: { id: string }) => i.id);
    expect(await unfinished()).toContain(c.id);

    expectProblem(await patchStatus(admin, c, 'dismissed'), 400, 'validation-failed');
    const dismissed = await patchStatus(admin, c, 'dismissed', 'False positive: salary payment');
    expect(dismissed.statusCode).toBe(200);
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', statusCategory: 'closed' });
    expect(dismissed.json().closedAt).not.toBeNull();
    expect(await row(c.id)).toMatchObject({ status: 'dismissed', status_category: 'closed' });
    expect(await unfinished()).not.toContain(c.id);
    expect((await api(admin, 'GET', '/cases?type=aml-alert&statusCategory=closed&limit=200')).json().items.map((i: { id: string }) => i.id)).toContain(c.id);
    // List rows leave the transitions to the case view.
    const listed = (await api(admin, 'GET', '/cases?type=aml-alert&limit=200')).json().items.find((i: { id: string }) => i.id === c.id);
    expect(listed.allowed.transitions).toBeUndefined();
    expect(listed.statusCategory).toBe('closed');
  });

  it('refuses a transition whose permission the caller lacks (403), offers it to nobody without it, and changes nothing', async () => {
    expect((await api(admin, 'POST', '/roles', { key: 'aml-analyst', name: 'AML analyst', permissions: [{ action: 'case:read' }, { action: 'case:update' }] })).statusCode).toBe(201);
    await t.createUser('analyst', ['aml-analyst']);
    const analyst = await t.login('analyst');
    let c = await newAlert();
    c = (await patchStatus(analyst, c, 'investigating')).json();
    expect((await api(analyst, 'GET', `/cases/${c.id}`)).json().allowed.transitions).toEqual(['awaiting-review']);
    expectProblem(await patchStatus(analyst, c, 'dismissed', 'not suspicious'), 403, 'forbidden');
    expect(await row(c.id)).toMatchObject({ status: 'investigating', version: c.version });
  });

  it('rejects a list filter on an unknown status category with 400', async () => {
    expectProblem(await api(admin, 'GET', '/cases?statusCategory=open,finished'), 400, 'validation-failed');
  });
});

describe('transition hooks', () => {
  it('lets a hook veto (higher-level review before finishing): 409 with its code, and nothing changes', async () => {
    const seen: string[] = [];
    const unregister = registerTransitionHook({
      name: 'higher-level-review',
      before: (_ctx, transition) => {
        seen.push(`${transition.from.key}→${transition.to.key}`);
        if (transition.caseType === 'aml-alert' && transition.to.category === 'resolved' && !transition.case.fields.reviewedBy) {
          return { code: 'higher-level-review-required', reason: 'A higher-level reviewer signs off before an alert is reported' };
        }
      },
    });
    try {
      let c = await newAlert();
      c = (await patchStatus(admin, c, 'investigating')).json();
      c = (await patchStatus(admin, c, 'awaiting-review')).json();
      const before = { row: await row(c.id), events: await events(c.id) };
      const vetoed = expectProblem(await patchStatus(admin, c, 'reported'), 409, 'case-transition-vetoed');
      expect(vetoed).toMatchObject({
        code: 'higher-level-review-required',
        hook: 'higher-level-review',
        from: 'awaiting-review',
        to: 'reported',
        detail: 'A higher-level reviewer signs off before an alert is reported',
      });
      expect({ row: await row(c.id), events: await events(c.id) }).toEqual(before);
      // Signed off: the same transition passes.
      c = (await api(admin, 'PATCH', `/cases/${c.id}`, { fields: { reviewedBy: '合规部 王经理' } }, { 'if-match': `"${c.version}"` })).json();
      expect((await patchStatus(admin, c, 'reported')).json()).toMatchObject({ status: 'reported', statusCategory: 'resolved' });
      expect(seen).toEqual(['triage→investigating', 'investigating→awaiting-review', 'awaiting-review→reported', 'awaiting-review→reported']);
    } finally {
      unregister();
    }
  });

  it('lets a hook follow a transition in the same transaction, and a failing follower undoes the change', async () => {
    await t.sql('CREATE TABLE public.transition_log (case_id uuid, from_status text, to_status text, xid xid8 NOT NULL DEFAULT pg_current_xact_id())');
    const unregister = registerTransitionHook({
      name: 'transition-log',
      after: async (ctx, transition) => {
        // The hook sees the case as changed, in the command's own transaction.
        const [current] = (await sql<{ status: string }>`SELECT status FROM cases.case WHERE id = ${transition.caseId}`.execute(ctx.tx)).rows;
        await sql`INSERT INTO public.transition_log (case_id, from_status, to_status) VALUES (${transition.caseId}, ${transition.from.key}, ${current!.status})`.execute(ctx.tx);
        if (transition.reason === 'fail after writing') throw new Error('the follower failed');
      },
    });
    try {
      let c = await newAlert();
      c = (await patchStatus(admin, c, 'investigating')).json();
      const [logged] = await t.sql<{ from_status: string; to_status: string; xid: string }>('SELECT from_status, to_status, xid::text AS xid FROM public.transition_log WHERE case_id = $1', [c.id]);
      expect(logged).toMatchObject({ from_status: 'triage', to_status: 'investigating' });
      const statusEvent = (await events(c.id)).find((e) => e.action === 'case.status-changed')!;
      expect(logged!.xid).toBe(statusEvent.xid);

      const before = { row: await row(c.id), events: await events(c.id) };
      const failed = await patchStatus(admin, c, 'dismissed', 'fail after writing');
      expect(failed.statusCode).toBe(500);
      expect({ row: await row(c.id), events: await events(c.id) }).toEqual(before);
      expect(await t.sql('SELECT to_status FROM public.transition_log WHERE case_id = $1', [c.id])).toEqual([{ to_status: 'investigating' }]);
    } finally {
      unregister();
    }
  });

  it('refuses two hooks of the same name', () => {
    const unregister = registerTransitionHook({ name: 'once' });
    try {
      expect(() => registerTransitionHook({ name: 'once' })).toThrow('A transition hook named once is already registered');
    } finally {
      unregister();
    }
  });
});
