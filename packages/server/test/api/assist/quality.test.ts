import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDepartment } from '../../../src/modules/access/index.ts';
import { registerQualityJobs } from '../../../src/modules/assist/index.ts';
import { newId } from '../../../src/platform/ids/ids.ts';
import { createJobHandlers, type JobRunner } from '../../../src/platform/jobs/index.ts';
import { SEED_CASE_TYPES } from '../../../seed/case-types.ts';
import { createQueueForTest } from '../../helpers/factories.ts';
import { testJobRunner } from '../../helpers/job-runner.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// Issue 22, part F: quality inspection of handled cases — finishing a case inspects it through a
// job, a supervisor inspects again, reads the findings on the case, in a list of the cases they
// may read, and per week for the chart.

let t: TestApp;
let runner: JobRunner;
let admin: string;
let agentBj: string;
let headBj: string;
let headSh: string;
let bj: string;
let sh: string;

type Finding = { check: string; severity: string; detail: { rule: string; commentId?: string; phrase?: string }; confidence: number };

async function api(token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

const CUSTOMER = { customerName: '王芳', phone: '13912345678' };

async function newCase(token: string, departmentId: string, type: string, fields: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const res = await api(token, 'POST', '/cases', { type, title: '客户来电', departmentId, fields: { ...CUSTOMER, ...fields } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function replyTo(token: string, caseId: string, body: string): Promise<string> {
  const res = await api(token, 'POST', `/cases/${caseId}/comments`, { body, visibility: 'public' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function resolve(token: string, caseId: string): Promise<void> {
  const current = (await api(token, 'GET', `/cases/${caseId}`)).json();
  const res = await api(token, 'PATCH', `/cases/${caseId}`, { status: 'resolved' }, { 'if-match': `"${current.version}"` });
  expect(res.statusCode, res.body).toBe(200);
}
async function quality(token: string, caseId: string): Promise<{ trigger: string; findings: Finding[]; modelVersion: string } | null> {
  const res = await api(token, 'GET', `/cases/${caseId}/quality`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().inspection;
}
const rulesOf = (findings: Finding[]) => findings.map((f) => `${f.check}:${f.detail.rule}`);

const WEALTH = { category: 'wealth', product: 'wealth', description: '我购买的理财产品到期收益低于预期，想了解原因和赎回安排' };
const GOOD_WEALTH_REPLY = '您好，关于您购买的理财产品到期收益低于预期的问题，我们已核实：产品收益随市场波动，到期赎回款已于今日到账。理财非存款、产品有风险、投资须谨慎。如有疑问请随时联系我们。';

let wealthCase: string;
let shCase: string;

beforeAll(async () => {
  t = await createTestApp();
  const handlers = createJobHandlers();
  registerQualityJobs(handlers);
  runner = testJobRunner(t, { clock: t.clock, handlers });
  admin = await t.login('admin');
  const hq = newId<string>();
  bj = newId<string>();
  sh = newId<string>();
  await t.database.db.transaction().execute(async (tx) => {
    await insertDepartment(tx, { id: hq, code: 'HQ', name: '总行', kind: 'head-office', parentId: null, path: `/${hq}/` });
    await insertDepartment(tx, { id: bj, code: 'BJ', name: '北京分行', kind: 'branch', parentId: hq, path: `/${hq}/${bj}/` });
    await insertDepartment(tx, { id: sh, code: 'SH', name: '上海分行', kind: 'branch', parentId: hq, path: `/${hq}/${sh}/` });
  });
  await t.createUser('agent.bj', ['agent'], bj);
  await t.createUser('head.bj', ['supervisor'], bj);
  await t.createUser('head.sh', ['supervisor'], sh);
  [agentBj, headBj, headSh] = [await t.login('agent.bj'), await t.login('head.bj'), await t.login('head.sh')];
  // Only the two shipped types the cases below use.
  for (const type of SEED_CASE_TYPES.filter((ct) => ct.key === 'complaint' || ct.key === 'consultation')) {
    await createQueueForTest(t, admin, type.defaultQueue);
    const res = await api(admin, 'POST', '/case-types', type);
    expect(res.statusCode, res.body).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('quality inspection', () => {
  it('closing a wealth case promised 保本保收益 without the disclosure inspects it through the job: forbidden-promise and missing-disclosure', async () => {
    const c = await newCase(headBj, bj, 'complaint', WEALTH);
    wealthCase = c.id;
    const commentId = await replyTo(headBj, c.id, '您好，这款理财产品保本保收益，请放心持有，到期赎回即可。');
    await resolve(headBj, c.id);
    // The closing command only scheduled the job.
    expect(await quality(headBj, c.id)).toBeNull();
    const [job] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM platform.job WHERE kind = 'assist.quality-inspect' AND state = 'pending'`);
    expect(job!.n).toBe(1);

    await runner.runDue(new Date());
    const inspection = await quality(headBj, c.id);
    expect(inspection?.trigger).toBe('closed');
    expect(rulesOf(inspection!.findings)).toEqual(['missing-disclosure:risk-disclosure', 'forbidden-promise:guaranteed-principal', 'forbidden-promise:guaranteed-return']);
    expect(inspection!.findings[1]!.detail).toMatchObject({ commentId, phrase: '保本' });
    expect(inspection!.modelVersion).toMatch(/^quality-rules@\d+\+tone@/);
    // Neither the reply's words nor the customer's data are stored, audited or published.
    const stored = JSON.stringify(await t.sql(`SELECT f.*, i.* FROM assist.quality_finding f JOIN assist.quality_inspection i ON i.id = f.inspection_id`));
    const [audit] = await t.sql<{ data: unknown; actor_name: string }>(`SELECT data, actor_name FROM audit.event WHERE action = 'assist.quality-inspected'`);
    const [event] = await t.sql<{ payload: unknown }>(`SELECT payload FROM platform.outbox_event WHERE type = 'assist.quality-inspected'`);
    expect(audit!.actor_name).toBe('system:analytics');
    expect(event!.payload).toMatchObject({ caseId: c.id, trigger: 'closed', checks: ['missing-disclosure', 'forbidden-promise'] });
    for (const text of [stored, JSON.stringify(audit), JSON.stringify(event)]) {
      for (const words of ['请放心持有', '王芳', '13912345678', '赎回安排']) expect(text).not.toContain(words);
    }
  });

  it('inspecting again replaces the current inspection; a good reply is not flagged', async () => {
    await replyTo(headBj, wealthCase, GOOD_WEALTH_REPLY);
    const good = await newCase(headBj, bj, 'complaint', WEALTH);
    await replyTo(headBj, good.id, GOOD_WEALTH_REPLY);
    const res = await api(headBj, 'POST', `/cases/${good.id}/quality/inspect`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().inspection).toMatchObject({ trigger: 'manual', findings: [] });

    // The promise stays in the first reply: only the disclosure finding goes.
    const again = (await api(headBj, 'POST', `/cases/${wealthCase}/quality/inspect`)).json().inspection;
    expect(rulesOf(again.findings)).toEqual(['forbidden-promise:guaranteed-principal', 'forbidden-promise:guaranteed-return']);
    const rows = await t.sql<{ current: boolean }>(`SELECT current FROM assist.quality_inspection WHERE case_id = $1 ORDER BY inspected_at`, [wealthCase]);
    expect(rows.map((r) => r.current)).toEqual([false, true]);
  });

  it('flags a rude reply', async () => {
    const c = await newCase(headBj, bj, 'complaint', { category: 'fees', description: '信用卡年费为什么没有减免' });
    await replyTo(headBj, c.id, '信用卡年费这种事也来投诉？规定就是这样，你自己没看清楚怪谁，你懂不懂？');
    // No word of the lexicon: the tone model finds this one.
    await replyTo(headBj, c.id, '你这人怎么这么麻烦，年费的事根本不是我们的问题。');
    const res = await api(headBj, 'POST', `/cases/${c.id}/quality/inspect`);
    expect(res.statusCode, res.body).toBe(200);
    expect(rulesOf(res.json().inspection.findings)).toEqual(['rude-reply:rude-phrase', 'rude-reply:tone-rude']);
  });

  it('lists only cases the reader may read, filters by check, and counts per week', async () => {
    const c = await newCase(headSh, sh, 'consultation', { topic: 'wealth', question: '基金定投是不是稳赚？' });
    shCase = c.id;
    await replyTo(headSh, c.id, '是的，基金定投稳赚不赔。');
    await api(headSh, 'POST', `/cases/${c.id}/quality/inspect`);

    const ids = async (token: string, query = '') => ((await api(token, 'GET', `/assist/quality${query}`)).json().items as { caseId: string }[]).map((i) => i.caseId);
    const bjList = await ids(headBj);
    expect(bjList).toContain(wealthCase);
    expect(bjList).not.toContain(shCase);
    expect(await ids(headSh)).toEqual([shCase]);
    expect(await ids(headBj, '?check=rude-reply')).not.toContain(wealthCase);
    expect(await ids(headBj, '?check=forbidden-promise&caseType=complaint')).toEqual([wealthCase]);
    const page = (await api(headBj, 'GET', '/assist/quality?limit=1')).json();
    expect(page.items).toHaveLength(1);
    expect((await api(headBj, 'GET', `/assist/quality?limit=1&cursor=${page.nextCursor}`)).json().items).toHaveLength(1);

    const today = new Date().toISOString().slice(0, 10);
    const summary = (await api(headBj, 'GET', `/assist/quality/summary?from=${today}&to=${today}`)).json();
    expect(summary.weeks).toHaveLength(1);
    expect(summary.counts).toContainEqual({ week: summary.weeks[0], check: 'forbidden-promise', cases: 1 });
    const backwards = await api(headBj, 'GET', '/assist/quality/summary?from=2026-12-10&to=2026-12-01');
    expectProblem(backwards, 400, 'validation-failed');
    expect(backwards.json().errors).toEqual([expect.objectContaining({ field: 'querystring.to' })]);
    expect((await api(headBj, 'GET', '/assist/quality?from=0000-01-01')).json().errors).toEqual([expect.objectContaining({ field: 'querystring.from' })]);
  });

  it('refuses readers without assist:quality (403) and hides cases they may not read (404)', async () => {
    expectProblem(await api(agentBj, 'GET', `/cases/${wealthCase}/quality`), 403, 'forbidden');
    expectProblem(await api(agentBj, 'POST', `/cases/${wealthCase}/quality/inspect`), 403, 'forbidden');
    expectProblem(await api(agentBj, 'GET', '/assist/quality'), 403, 'forbidden');
    expectProblem(await api(agentBj, 'GET', '/assist/quality/summary?from=2026-12-01&to=2026-12-07'), 403, 'forbidden');
    expectProblem(await api(headSh, 'GET', `/cases/${wealthCase}/quality`), 404, 'case-not-found');
    expectProblem(await api(headSh, 'POST', `/cases/${wealthCase}/quality/inspect`), 404, 'case-not-found');
  });
});
