import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes, VALID_BANK_CARD, VALID_RESIDENT_ID } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, USER_PASSWORD, type TestApp } from '../../../helpers/test-app.ts';

// "Draft an article from this case" (issue 19, part D): the overview, the steps, the decision
// basis and the replies, as the drafter reads the case, with personal data cut out — never a
// resident id, phone, card or account number, not even masked.

let t: TestApp;
let admin: string;
const tokens: Record<string, string> = {};
let caseId: string;
let caseNumber: string;
let headOfficeCaseId: string;

const PHONE = '13812345678';
const OTHER_PHONE = '13900001111';
const ACCOUNT = '6217000012345678901';
const FORBIDDEN = [VALID_RESIDENT_ID, '1231002X', VALID_BANK_CARD, '6222 ', '7894', PHONE, '12345678', OTHER_PHONE, '00001111', ACCOUNT, '****'];

const draft = (token: string, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/knowledge/articles/from-case', headers: bearer(token), payload });

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  const department = async (code: string, kind: string, parentId?: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/v1/departments', headers: bearer(admin), payload: { code, name: code, kind, ...(parentId ? { parentId } : {}) } })).json().id as string;
  const hq = await department('HQ', 'head-office');
  const bj = await department('BJ', 'branch', hq);
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/roles',
    headers: bearer(admin),
    payload: { key: 'knowledge-reader', name: 'reads cases and knowledge', permissions: [{ action: 'case:read' }, { action: 'knowledge:read' }] },
  });
  const user = async (username: string, roleIds: string[], departmentId: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(admin),
      payload: { username, password: USER_PASSWORD, displayName: username, roleIds, departmentIds: [departmentId] },
    });
    expect(res.statusCode, res.body).toBe(201);
    tokens[username] = await t.login(username);
  };
  await user('agent.bj', ['agent'], bj);
  await user('reader', ['knowledge-reader'], hq);

  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: bearer(tokens['agent.bj']!),
    payload: complaint(
      { title: `信用卡年费投诉 来电${PHONE}` },
      {
        category: 'credit-card',
        phone: PHONE,
        description: `客户（身份证 ${VALID_RESIDENT_ID}，卡号 ${VALID_BANK_CARD}，账号：${ACCOUNT}，电话 ${PHONE}）反映信用卡年费被重复收取，要求退还。`,
      },
    ),
  });
  expect(created.statusCode, created.body).toBe(201);
  caseId = created.json().id;
  caseNumber = created.json().number;
  const comment = async (body: string, visibility: 'internal' | 'public') => {
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/comments`, headers: bearer(tokens['agent.bj']!), payload: { body, visibility } });
    expect(res.statusCode, res.body).toBe(201);
  };
  await comment(`决定依据：按信用卡章程第十二条减免当年年费，已致电 ${OTHER_PHONE} 确认。`, 'internal');
  await comment('一条与决定无关的内部备注', 'internal');
  await comment(`您好，您尾号 ${VALID_BANK_CARD} 的信用卡年费已减免并退还，请留意账单。`, 'public');
  const current = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: bearer(admin) })).json();
  const resolved = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${caseId}`, headers: { ...bearer(admin), 'if-match': `"${current.version}"` }, payload: { status: 'resolved' } });
  expect(resolved.statusCode, resolved.body).toBe(200);

  const other = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: complaint({ departmentId: hq }) });
  headOfficeCaseId = other.json().id;
});
afterAll(() => t.close());

describe('drafting an article from a case', () => {
  it('builds an internal draft with the four sections and the source case, and none of the personal data, masked or not', async () => {
    const res = await draft(tokens['agent.bj']!, { caseId });
    expect(res.statusCode, res.body).toBe(201);
    const article = res.json();
    expect(article).toMatchObject({ status: 'draft', audience: 'internal', caseTypes: ['complaint'], products: ['credit-card'], sourceCase: { id: caseId, number: caseNumber } });
    for (const section of ['问题概述', '处理经过', '决定依据', '答复客户']) expect(article.body).toContain(`<h2>${section}</h2>`);
    expect(article.body).toContain(caseNumber);
    expect(article.body).toContain('要求退还');
    expect(article.body).toContain('按信用卡章程第十二条减免当年年费');
    expect(article.body).not.toContain('与决定无关');
    expect(article.body).toContain('年费已减免并退还');
    expect(article.body).toMatch(/变更状态：new → resolved/);

    const [stored] = await t.sql<{ source_case_id: string; body_html: string; body_text: string; title: string; audience: string; case_types: string[] }>(
      'SELECT a.source_case_id, v.body_html, v.body_text, v.title, v.audience, v.case_types FROM knowledge.article a JOIN knowledge.article_version v ON v.article_id = a.id WHERE a.id = $1',
      [article.id],
    );
    expect(stored).toMatchObject({ source_case_id: caseId, audience: 'internal', case_types: ['complaint'] });
    const everything = `${stored!.title}\n${stored!.body_html}\n${stored!.body_text}\n${res.body}`;
    for (const value of FORBIDDEN) expect(everything, value).not.toContain(value);
  });

  it('audits knowledge.article-drafted-from-case with the case id', async () => {
    const res = await draft(admin, { caseId, kind: 'faq' });
    expect(res.statusCode, res.body).toBe(201);
    const events = await t.sql<{ data: { caseId: string } }>("SELECT data FROM audit.event WHERE action = 'knowledge.article-drafted-from-case' AND target_id = $1", [res.json().id]);
    expect(events).toHaveLength(1);
    expect(events[0]!.data.caseId).toBe(caseId);
    expect(JSON.stringify(events)).not.toContain(PHONE);
  });

  it('answers 404 for a case the drafter may not read, writing nothing', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM knowledge.article');
    expectProblem(await draft(tokens['agent.bj']!, { caseId: headOfficeCaseId }), 404, 'case-not-found');
    expect(await t.sql('SELECT count(*)::int AS n FROM knowledge.article')).toEqual(before);
  });

  it('refuses a reader without knowledge:write (403), writing nothing', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM knowledge.article');
    expectProblem(await draft(tokens.reader!, { caseId }), 403, 'forbidden');
    expect(await t.sql('SELECT count(*)::int AS n FROM knowledge.article')).toEqual(before);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const bad = await draft(admin, { caseId: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('caseId');
    expect((await draft(admin, {})).statusCode).toBe(400);
    expect((await draft(admin, { caseId, kind: 'essay' })).statusCode).toBe(400);
  });
});
