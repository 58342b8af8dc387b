import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../../../src/platform/clock/test-clock.ts';
import { PUBLIC_KNOWLEDGE_RATE_PER_MINUTE } from '../../../../src/modules/knowledge/search/public-routes.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { publishArticle } from './search-fixtures.ts';

let t: TestApp;
const ids: Record<string, string> = {};
const NOW = new Date('2026-12-11T02:00:00Z');
let addressCounter = 0;
/** Each test its own client address: the limit is per address. */
const newAddress = () => `203.0.113.${++addressCounter}`;
const anon = (url: string, remoteAddress = newAddress()) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, remoteAddress });
const publicSearch = async (q: string) => {
  const res = await anon(`/public/knowledge/search?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { id: string; title: string; snippet: string }[] }).items;
};

beforeAll(async () => {
  t = await createTestApp({ clock: new TestClock(NOW) });
  const admin = await t.login('admin');
  const hq = (await t.app.inject({ method: 'POST', url: '/api/v1/departments', headers: bearer(admin), payload: { code: 'HQ', name: 'HQ', kind: 'head-office' } })).json().id as string;
  ids.customer = await publishArticle(t, { title: '信用卡年费说明', body: '信用卡首年免年费，次年刷卡满六次免年费。', audience: 'customer' });
  ids.internal = await publishArticle(t, { title: '信用卡年费内部口径', body: '年费减免的内部审批口径。', audience: 'internal' });
  ids.reached = await publishArticle(t, { title: '总行信用卡年费通知', body: '年费调整的总行通知。', audience: 'customer', reachDepartmentIds: [hq] });
  ids.roles = await publishArticle(t, { title: '主管信用卡年费话术', body: '年费投诉的主管话术。', audience: 'customer', roles: ['supervisor'] });
  ids.confidential = await publishArticle(t, { title: '年费定价依据', body: '年费定价的保密依据。', audience: 'customer', sensitivity: 'confidential' });
  ids.expired = await publishArticle(t, { title: '旧版年费标准', body: '旧版年费标准已废止。', audience: 'customer', validTo: new Date(NOW.getTime() - 1000) });
});
afterAll(() => t?.close());

describe('the public knowledge search of the web form', () => {
  it('finds only published, current, customer-facing articles meant for everyone', async () => {
    const items = await publicSearch('年费');
    expect(items.map((i) => i.id)).toEqual([ids.customer]);
    expect(items[0]!.snippet).toContain('<mark>年费</mark>');
    expect(Object.keys(items[0]!).sort()).toEqual(['id', 'snippet', 'title']);
  });

  it('opens a public article with its HTML, and answers 404 for an internal, narrowed or expired one', async () => {
    const res = await anon(`/public/knowledge/articles/${ids.customer}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: ids.customer, title: '信用卡年费说明', body: '<p>信用卡首年免年费，次年刷卡满六次免年费。</p>' });
    for (const id of [ids.internal, ids.reached, ids.roles, ids.confidential, ids.expired]) {
      expectProblem(await anon(`/public/knowledge/articles/${id}`), 404, 'knowledge-article-not-found');
    }
  });

  it('refuses an empty or blank q, naming it', async () => {
    expect(expectProblem(await anon('/public/knowledge/search?q='), 400, 'validation-failed').errors?.[0]?.field).toBe('querystring.q');
    expect(expectProblem(await anon('/public/knowledge/search?q=%20%20'), 400, 'validation-failed').errors?.[0]?.field).toBe('querystring.q');
    expect(expectProblem(await anon(`/public/knowledge/search?q=${'年'.repeat(201)}`), 400, 'validation-failed').errors?.[0]?.field).toBe('querystring.q');
  });

  it('limits each address: past the limit a minute, 429', async () => {
    const address = newAddress();
    for (let i = 0; i < PUBLIC_KNOWLEDGE_RATE_PER_MINUTE; i++) expect((await anon('/public/knowledge/search?q=x', address)).statusCode).toBe(200);
    const refused = await anon('/public/knowledge/search?q=x', address);
    expect(refused.statusCode).toBe(429);
    expect((await anon('/public/knowledge/search?q=x', newAddress())).statusCode).toBe(200);
  });
});
