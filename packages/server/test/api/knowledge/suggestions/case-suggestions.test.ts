import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../../helpers/test-app.ts';
import { publishArticle, retireArticle } from './published-articles.ts';

// Suggestions on a case (issue 19, part D): articles the reader may read, published and in
// force, ranked by the case's words, type and product and by helpful votes; similar resolved
// cases the reader may read, with reasons only from what the reader reads in clear.

let t: TestApp;
let admin: string;
const tokens: Record<string, string> = {};
const dept: Record<string, string> = {};
const articles: Record<string, string> = {};
let adminId: string;
let theCase: { id: string; version: number };

interface Reason {
  kind: string;
  terms?: string[];
  value?: string;
  count?: number;
}
interface Suggestions {
  terms: string[];
  articles: { article: { id: string; title: string; usage: { helpful: number } }; score: number; reasons: Reason[]; snippet: string; attachable: boolean }[];
  similarCases: { case: { id: string; number: string; title: string; typeKey: string; status: string }; score: number; reasons: Reason[] }[];
}

const suggestionsFor = (caseId: string, token: string) => t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/knowledge-suggestions`, headers: bearer(token) });
const suggestions = async (caseId: string, token: string): Promise<Suggestions> => {
  const res = await suggestionsFor(caseId, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

async function createCase(token: string, overrides: Record<string, unknown>, fields: Record<string, unknown>): Promise<{ id: string; version: number; number: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: complaint(overrides, fields) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function resolve(c: { id: string; version: number }): Promise<void> {
  const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { ...bearer(admin), 'if-match': `"${c.version}"` }, payload: { status: 'resolved' } });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  adminId = (await t.sql<{ id: string }>("SELECT id FROM access.user WHERE username = 'admin'"))[0]!.id;
  await createSeedCaseTypes(t, admin);
  const department = async (code: string, kind: string, parentId?: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/v1/departments', headers: bearer(admin), payload: { code, name: code, kind, ...(parentId ? { parentId } : {}) } })).json().id as string;
  dept.HQ = await department('HQ', 'head-office');
  dept.BJ = await department('BJ', 'branch', dept.HQ);
  const role = async (key: string, permissions: object[]) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/roles', headers: bearer(admin), payload: { key, name: key, permissions } });
    expect(res.statusCode, res.body).toBe(201);
    return key;
  };
  const hiderRole = await role('reads-cases-without-description', [{ action: 'case:read', fields: { description: 'hidden' } }, { action: 'knowledge:read' }]);
  const caseOnlyRole = await role('reads-cases-only', [{ action: 'case:read' }]);
  const user = async (username: string, roles: string[], departmentId: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(admin),
      payload: { username, password: USER_PASSWORD, displayName: username, roleIds: roles, departmentIds: [departmentId] },
    });
    expect(res.statusCode, res.body).toBe(201);
    tokens[username] = await t.login(username);
  };
  await user('agent.bj', ['agent'], dept.BJ);
  await user('hider', [hiderRole], dept.HQ);
  await user('no.knowledge', [caseOnlyRole], dept.HQ);

  const fee = { caseTypes: ['complaint'], products: ['credit-card'], ownerId: adminId, departmentId: dept.HQ };
  articles.sop = await publishArticle(t, {
    ...fee,
    title: '信用卡年费减免处理规程',
    body: '客户投诉信用卡年费时，先核实年费收取规则，再按减免政策办理退还。',
    audience: 'customer',
  });
  articles.retired = await publishArticle(t, { ...fee, title: '信用卡年费减免旧规程', body: '信用卡年费减免的旧办法。' });
  await retireArticle(t, articles.retired);
  articles.expired = await publishArticle(t, { ...fee, title: '信用卡年费收费标准（2019 版）', body: '信用卡年费标准。', validTo: new Date('2020-01-01T00:00:00Z') });
  articles.headOffice = await publishArticle(t, { ...fee, title: '信用卡年费内部定价说明', body: '信用卡年费的内部定价。', reachDepartmentIds: [dept.HQ] });
  articles.unrelated = await publishArticle(t, { title: '理财产品风险评估', body: '理财产品销售前的风险评估。', ownerId: adminId, departmentId: dept.HQ });
  // Two articles that say the same: only helpful votes tell them apart.
  articles.twinA = await publishArticle(t, { title: '账户管理费说明甲', body: '账户管理费的收取与减免。', ownerId: adminId, departmentId: dept.HQ });
  articles.twinB = await publishArticle(t, { title: '账户管理费说明乙', body: '账户管理费的收取与减免。', ownerId: adminId, departmentId: dept.HQ });

  theCase = await createCase(tokens['agent.bj']!, { title: '信用卡年费投诉' }, { category: 'credit-card', description: '客户反映信用卡年费被重复收取，要求退还。来电13812345678' });
  // Resolved cases: one in the agent's branch, one at head office the agent may not read, one
  // whose only shared words are in its description.
  const similar = await createCase(tokens['agent.bj']!, { title: '信用卡年费争议' }, { category: 'credit-card', description: '年费扣款争议，已按政策减免' });
  await resolve(similar);
  const hidden = await createCase(admin, { title: '信用卡年费争议（总行）', departmentId: dept.HQ }, { category: 'credit-card', description: '年费争议' });
  await resolve(hidden);
  const onlyInDescription = await createCase(admin, { title: '其他事项', departmentId: dept.HQ }, { category: 'other', description: '信用卡年费退还' });
  await resolve(onlyInDescription);
  const unresolved = await createCase(tokens['agent.bj']!, { title: '信用卡年费未结' }, { category: 'credit-card', description: '年费' });
  Object.assign(articles, { similarCase: similar.id, hiddenCase: hidden.id, descriptionCase: onlyInDescription.id, unresolvedCase: unresolved.id });
});
afterAll(() => t.close());

describe('articles suggested on a case', () => {
  it('suggests the fee SOP for a complaint about 信用卡年费, with text and case-type reasons, a marked snippet, attachable', async () => {
    const s = await suggestions(theCase.id, tokens['agent.bj']!);
    expect(s.terms).toEqual(expect.arrayContaining(['信用卡', '年费']));
    expect(s.terms.join(' ')).not.toMatch(/138|5678/);
    const sop = s.articles.find((a) => a.article.id === articles.sop);
    expect(sop, JSON.stringify(s.articles.map((a) => a.article.title))).toBeDefined();
    expect(s.articles[0]!.article.id).toBe(articles.sop);
    expect(sop!.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'text', terms: expect.arrayContaining(['信用卡', '年费']) }), { kind: 'case-type', value: 'complaint' }]));
    expect(sop!.reasons).toContainEqual({ kind: 'product', value: 'credit-card' });
    expect(sop!.snippet).toContain('<mark>年费</mark>');
    expect(sop!.attachable).toBe(true);
  });

  it('never suggests a retired, an expired or an unreadable (head-office-only) article to a branch agent', async () => {
    const ids = (await suggestions(theCase.id, tokens['agent.bj']!)).articles.map((a) => a.article.id);
    expect(ids).not.toContain(articles.retired);
    expect(ids).not.toContain(articles.expired);
    expect(ids).not.toContain(articles.headOffice);
    expect(ids).not.toContain(articles.unrelated);
  });

  it('suggests the head-office-only article to a head-office reader', async () => {
    const ids = (await suggestions(theCase.id, admin)).articles.map((a) => a.article.id);
    expect(ids).toContain(articles.headOffice);
    expect(ids).not.toContain(articles.expired);
  });
});

describe('similar resolved cases', () => {
  it('finds a resolved case of the same type the reader may read, never one they may not, nor an unresolved one', async () => {
    const s = await suggestions(theCase.id, tokens['agent.bj']!);
    const ids = s.similarCases.map((c) => c.case.id);
    expect(ids).toContain(articles.similarCase);
    expect(ids).not.toContain(articles.hiddenCase);
    expect(ids).not.toContain(articles.descriptionCase);
    expect(ids).not.toContain(articles.unresolvedCase);
    expect(ids).not.toContain(theCase.id);
    const found = s.similarCases.find((c) => c.case.id === articles.similarCase)!;
    expect(found.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'text' }), { kind: 'case-type', value: 'complaint' }]));
  });

  it('a reader for whom the description is hidden takes no words from it, and is shown no case matched only through it', async () => {
    const full = await suggestions(theCase.id, admin);
    expect(full.terms).toEqual(expect.arrayContaining(['重复']));
    expect(full.similarCases.map((c) => c.case.id)).toContain(articles.descriptionCase);

    const s = await suggestions(theCase.id, tokens.hider!);
    expect(s.terms).not.toContain('重复');
    expect(s.terms).not.toContain('退还');
    expect(s.similarCases.map((c) => c.case.id)).not.toContain(articles.descriptionCase);
    for (const c of s.similarCases) for (const r of c.reasons) if (r.kind === 'text') expect(r.terms).not.toContain('退还');
  });
});

describe('feedback and ranking', () => {
  const feedback = (id: string, token: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1/knowledge/articles/${id}/feedback`, headers: bearer(token), payload });

  it('a helpful vote moves an article up among equals; a second vote replaces the first and the counters follow', async () => {
    const onFees = await createCase(tokens['agent.bj']!, { title: '账户管理费疑问' }, { category: 'fees', description: '账户管理费' });
    const order = async () => (await suggestions(onFees.id, tokens['agent.bj']!)).articles.map((a) => a.article.id).filter((id) => id === articles.twinA || id === articles.twinB);
    expect(await order()).toHaveLength(2);
    const lower = (await order())[1]!;
    const res = await feedback(lower, tokens['agent.bj']!, { kind: 'helpful', caseId: onFees.id, suggested: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ usage: { views: 0, attached: 0, helpful: 1, notHelpful: 0 }, myFeedback: 'helpful' });
    expect((await order())[0]).toBe(lower);
    const reasons = (await suggestions(onFees.id, tokens['agent.bj']!)).articles.find((a) => a.article.id === lower)!.reasons;
    expect(reasons).toContainEqual({ kind: 'helpful', count: 1 });

    const again = await feedback(lower, tokens['agent.bj']!, { kind: 'not-helpful', caseId: onFees.id });
    expect(again.json()).toEqual({ usage: { views: 0, attached: 0, helpful: 0, notHelpful: 1 }, myFeedback: 'not-helpful' });
    const rows = await t.sql('SELECT kind FROM knowledge.feedback WHERE article_id = $1 AND case_id = $2', [lower, onFees.id]);
    expect(rows).toEqual([{ kind: 'not-helpful' }]);
  });

  it('records views and attachments; refuses to attach an internal article (409), changing nothing', async () => {
    expect((await feedback(articles.sop!, tokens['agent.bj']!, { kind: 'viewed', caseId: theCase.id, suggested: true })).json().usage.views).toBe(1);
    expect((await feedback(articles.sop!, tokens['agent.bj']!, { kind: 'attached', caseId: theCase.id })).json().usage.attached).toBe(1);
    const before = await t.sql('SELECT count(*)::int AS n FROM knowledge.feedback');
    expectProblem(await feedback(articles.twinA!, tokens['agent.bj']!, { kind: 'attached', caseId: theCase.id }), 409, 'knowledge-article-not-attachable');
    expect(await t.sql('SELECT count(*)::int AS n FROM knowledge.feedback')).toEqual(before);
  });

  it('answers 404 for an article the reader may not read, a retired one, or a case they may not read', async () => {
    expectProblem(await feedback(articles.headOffice!, tokens['agent.bj']!, { kind: 'helpful' }), 404, 'knowledge-article-not-found');
    expectProblem(await feedback(articles.retired!, tokens['agent.bj']!, { kind: 'viewed' }), 404, 'knowledge-article-not-found');
    expectProblem(await feedback(articles.sop!, tokens['agent.bj']!, { kind: 'helpful', caseId: articles.hiddenCase }), 404, 'case-not-found');
    expect(await t.sql('SELECT 1 FROM knowledge.feedback WHERE case_id = $1', [articles.hiddenCase])).toEqual([]);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const res = await feedback(articles.sop!, tokens['agent.bj']!, { kind: 'loved' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('kind');
    expect((await feedback(articles.sop!, tokens['agent.bj']!, { kind: 'viewed', caseId: 'nope' })).statusCode).toBe(400);
  });
});

describe('reply text', () => {
  const replyText = (id: string, token: string) => t.app.inject({ method: 'GET', url: `/api/v1/knowledge/articles/${id}/reply-text`, headers: bearer(token) });

  it('gives a customer-facing article in force as plain text', async () => {
    const res = await replyText(articles.sop!, tokens['agent.bj']!);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ articleId: articles.sop, version: 1, text: '客户投诉信用卡年费时，先核实年费收取规则，再按减免政策办理退还。' });
  });

  it('refuses an internal article (409) and one the reader may not read (404)', async () => {
    expectProblem(await replyText(articles.twinA!, tokens['agent.bj']!), 409, 'knowledge-article-not-attachable');
    expectProblem(await replyText(articles.headOffice!, tokens['agent.bj']!), 404, 'knowledge-article-not-found');
  });
});

describe('who may ask', () => {
  it('answers 404 for a case the reader may not read, as for the case itself', async () => {
    expectProblem(await suggestionsFor(articles.hiddenCase!, tokens['agent.bj']!), 404, 'case-not-found');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/cases/${articles.hiddenCase}`, headers: bearer(tokens['agent.bj']!) }), 404, 'case-not-found');
  });

  it('refuses a reader without knowledge:read (403), for suggestions, feedback and reply text', async () => {
    expectProblem(await suggestionsFor(theCase.id, tokens['no.knowledge']!), 403, 'forbidden');
    expectProblem(
      await t.app.inject({ method: 'POST', url: `/api/v1/knowledge/articles/${articles.sop}/feedback`, headers: bearer(tokens['no.knowledge']!), payload: { kind: 'viewed' } }),
      403,
      'forbidden',
    );
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/v1/knowledge/articles/${articles.sop}/reply-text`, headers: bearer(tokens['no.knowledge']!) }), 403, 'forbidden');
  });

  it('refuses a malformed case id with 400', async () => {
    const res = await suggestionsFor('not-a-uuid', tokens['agent.bj']!);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id');
  });
});
