import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../../../src/platform/clock/test-clock.ts';
import { bearer, createTestApp, expectProblem, type TestApp, USER_PASSWORD } from '../../../helpers/test-app.ts';
import { publishArticle, publishArticles, unpublishArticle } from './search-fixtures.ts';

let t: TestApp;
const tokens: Record<string, string> = {};
const dept: Record<string, string> = {};
const ids: Record<string, string> = {};
const NOW = new Date('2026-12-11T02:00:00Z');
const DAY = 86_400_000;

const api = (token: string, url: string, payload?: object, method: 'GET' | 'POST' = 'GET'): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), payload });
const search = async (who: string, params: Record<string, string | number>) => {
  const res = await api(tokens[who]!, `/knowledge/search?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    query: { terms: string[]; expanded: { term: string; synonyms: string[]; corrections: string[] }[] };
    total: number;
    items: { article: { id: string; title: string; validity: string; status: string; owner: { name: string } }; score: number; highlights: { title: string; snippet: string } }[];
  };
};
const foundIds = (result: Awaited<ReturnType<typeof search>>) => result.items.map((i) => i.article.id);

beforeAll(async () => {
  t = await createTestApp({ clock: new TestClock(NOW) });
  tokens.admin = await t.login('admin');
  const department = async (code: string, kind: string, parentId?: string) => {
    const res = await api(tokens.admin!, '/departments', { code, name: code, kind, ...(parentId ? { parentId } : {}) }, 'POST');
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  dept.HQ = await department('HQ', 'head-office');
  dept.BJ = await department('BJ', 'branch', dept.HQ);
  const user = async (username: string, roleIds: string[], departmentId: string) => {
    const res = await api(tokens.admin!, '/users', { username, password: USER_PASSWORD, displayName: username, roleIds, departmentIds: [departmentId] }, 'POST');
    expect(res.statusCode, res.body).toBe(201);
    tokens[username] = await t.login(username);
  };
  await user('agent.bj', ['agent'], dept.BJ);
  await user('agent.hq', ['agent'], dept.HQ);
  await user('supervisor.bj', ['supervisor'], dept.BJ);
  await user('nobody', [], dept.BJ);

  const synonyms = await api(tokens.admin!, '/knowledge/synonyms', { terms: ['信用卡', '贷记卡'] }, 'POST');
  expect(synonyms.statusCode, synonyms.body).toBe(201);

  const categories = await t.sql<{ id: string }>(
    `INSERT INTO knowledge.category (id, key, parent_id, name_zh, name_en, created_at, updated_at)
     VALUES (gen_random_uuid(), 'cards', NULL, '信用卡业务', 'Cards', now(), now()) RETURNING id`,
  );
  dept.CARDS = categories[0]!.id;
  dept.FEES = (
    await t.sql<{ id: string }>(
      `INSERT INTO knowledge.category (id, key, parent_id, name_zh, name_en, created_at, updated_at) VALUES (gen_random_uuid(), 'card-fees', $1, '年费', 'Fees', now(), now()) RETURNING id`,
      [dept.CARDS],
    )
  )[0]!.id;

  ids.creditFee = await publishArticle(t, {
    title: '信用卡的年费怎么收',
    body: '客户询问信用卡的年费收取标准时，应说明首年免年费，次年刷卡满六次可免次年年费。',
    categoryId: dept.FEES,
    categoryPath: [dept.CARDS, dept.FEES],
    caseTypes: ['complaint'],
    products: ['credit-card'],
    tags: ['年费'],
  });
  ids.debitFee = await publishArticle(t, { title: '贷记卡年费减免规则', body: '贷记卡年费可按积分减免，金卡每年两百元。', kind: 'sop', caseTypes: ['consultation'] });
  ids.instalment = await publishArticle(t, { title: '账单处理话术', body: '持卡人的信用卡账单金额较大时，可以申请分期，手续费按期收取。', kind: 'script' });
  ids.wealth = await publishArticle(t, { title: '理财产品风险测评', body: '购买理财产品前须完成风险测评，并按销售适当性要求双录。', kind: 'regulation' });
  ids.annual = await publishArticle(t, { title: 'Annual fee waiver for premium cards', body: 'The annual fee is waived when the customer spends enough in the first year.', audience: 'customer' });
  ids.script = await publishArticle(t, { title: '<script>alert(1)</script> 信用卡挂失', body: '信用卡挂失后 <b>24 小时</b>内的盗刷损失由银行承担。', kind: 'script' });
  ids.headOffice = await publishArticle(t, { title: '反洗钱内部通报', body: '总行反洗钱中心关于可疑交易报告的内部通报。', departmentId: dept.HQ, reachDepartmentIds: [dept.HQ] });
  ids.supervisorsOnly = await publishArticle(t, { title: '反洗钱督导要点', body: '主管复核可疑交易报告时的督导要点。', departmentId: dept.HQ, roles: ['supervisor'] });
  ids.expired = await publishArticle(t, { title: '旧版滞纳金收取办法', body: '滞纳金按最低还款额未还部分的百分之五收取。', kind: 'regulation', validTo: new Date(NOW.getTime() - DAY) });
  ids.upcoming = await publishArticle(t, { title: '新版滞纳金收取办法', body: '自下月起取消滞纳金，改收违约金。', kind: 'regulation', validFrom: new Date(NOW.getTime() + 30 * DAY) });
  ids.current = await publishArticle(t, {
    title: '现行滞纳金收取办法',
    body: '滞纳金的收取以合同约定为准。',
    kind: 'regulation',
    validFrom: new Date(NOW.getTime() - 30 * DAY),
    validTo: new Date(NOW.getTime() + 30 * DAY),
  });
});
afterAll(() => t?.close());

describe('segmentation and synonyms', () => {
  it('finds 信用卡的年费 and 贷记卡年费 for the query 信用卡年费 (synonym set 信用卡/贷记卡), and nothing unrelated', async () => {
    const result = await search('agent.bj', { q: '信用卡年费' });
    expect(result.query.terms).toEqual(['信用卡', '年费']);
    expect(result.query.expanded.find((e) => e.term === '信用卡')?.synonyms).toEqual(['贷记卡']);
    // Both words (or a synonym of one) first; then, since fewer than a page have both, those with either.
    expect(foundIds(result).slice(0, 2).sort()).toEqual([ids.creditFee, ids.debitFee].sort());
    expect(foundIds(result)).not.toContain(ids.wealth);
    const strict = await search('agent.bj', { q: '信用卡年费', limit: 2 });
    expect(strict.total).toBe(2);
    expect(foundIds(strict).sort()).toEqual([ids.creditFee, ids.debitFee].sort());
  });

  it('finds 信用卡…分期 for the long word 信用卡分期 through its parts', async () => {
    const result = await search('agent.bj', { q: '信用卡分期' });
    expect(result.query.terms).toEqual(['信用卡分期']);
    expect(foundIds(result)).toContain(ids.instalment);
  });

  it('finds annual fee for the typo anual fee (a close spelling from the index)', async () => {
    const result = await search('agent.bj', { q: 'anual fee' });
    expect(result.query.expanded.find((e) => e.term === 'anual')?.corrections).toContain('annual');
    expect(foundIds(result)[0]).toBe(ids.annual);
    expect(result.items[0]!.highlights.title).toBe('<mark>Annual</mark> <mark>fee</mark> waiver for premium cards');
  });

  it('falls back to any word, articles with every word first, when every word finds too few', async () => {
    const result = await search('agent.bj', { q: '理财产品 火星' });
    expect(foundIds(result)[0]).toBe(ids.wealth);
  });

  it('answers a query of stop words or punctuation with nothing, not an error', async () => {
    const result = await search('agent.bj', { q: '的 了 ?!' });
    expect(result).toMatchObject({ total: 0, items: [], query: { terms: [] } });
  });
});

describe('filters and validity', () => {
  it('filters by a category and finds the articles of its subcategories', async () => {
    expect(foundIds(await search('agent.bj', { q: '年费', categoryId: dept.CARDS! }))).toEqual([ids.creditFee]);
    expect(foundIds(await search('agent.bj', { q: '年费', categoryId: dept.FEES! }))).toEqual([ids.creditFee]);
  });

  it('filters by case type, product, kind, audience and tag', async () => {
    expect(foundIds(await search('agent.bj', { q: '年费', caseType: 'consultation' }))).toEqual([ids.debitFee]);
    expect(foundIds(await search('agent.bj', { q: '年费', product: 'credit-card' }))).toEqual([ids.creditFee]);
    expect(foundIds(await search('agent.bj', { q: '年费', kind: 'sop' }))).toEqual([ids.debitFee]);
    expect(foundIds(await search('agent.bj', { q: 'fee', audience: 'customer' }))).toEqual([ids.annual]);
    expect(foundIds(await search('agent.bj', { q: '年费', tag: '年费' }))).toEqual([ids.creditFee]);
  });

  it('shows only articles in force by default; expired, upcoming and all on request', async () => {
    expect(foundIds(await search('agent.bj', { q: '滞纳金' }))).toEqual([ids.current]);
    const expired = await search('agent.bj', { q: '滞纳金', validity: 'expired' });
    expect(foundIds(expired)).toEqual([ids.expired]);
    expect(expired.items[0]!.article.validity).toBe('expired');
    expect(foundIds(await search('agent.bj', { q: '滞纳金', validity: 'upcoming' }))).toEqual([ids.upcoming]);
    expect(foundIds(await search('agent.bj', { q: '滞纳金', validity: 'all' })).sort()).toEqual([ids.current, ids.expired, ids.upcoming].sort());
  });

  it('pages with limit and offset, the total unchanged', async () => {
    const first = await search('agent.bj', { q: '滞纳金', validity: 'all', limit: 2 });
    const second = await search('agent.bj', { q: '滞纳金', validity: 'all', limit: 2, offset: 2 });
    expect(first.total).toBe(3);
    expect(second.total).toBe(3);
    expect([...foundIds(first), ...foundIds(second)].sort()).toEqual([ids.current, ids.expired, ids.upcoming].sort());
  });
});

describe('highlights', () => {
  it('escapes HTML in the title and the snippet and marks the matched words', async () => {
    const result = await search('agent.bj', { q: '挂失' });
    const hit = result.items.find((i) => i.article.id === ids.script)!;
    expect(hit.article.title).toBe('<script>alert(1)</script> 信用卡挂失');
    expect(hit.highlights.title).toBe('&lt;script&gt;alert(1)&lt;/script&gt; 信用卡<mark>挂失</mark>');
    expect(hit.highlights.snippet).toContain('<mark>挂失</mark>');
    expect(hit.highlights.snippet).toContain('&lt;b&gt;24 小时&lt;/b&gt;');
    expect(hit.highlights.snippet).not.toMatch(/<(?!\/?mark>)/);
  });

  it('marks synonyms and parts as matches too', async () => {
    const synonym = await search('agent.bj', { q: '信用卡年费' });
    expect(synonym.items.find((i) => i.article.id === ids.debitFee)!.highlights.title).toBe('<mark>贷记卡</mark><mark>年费</mark>减免规则');
    const parts = await search('agent.bj', { q: '信用卡分期' });
    const snippet = parts.items.find((i) => i.article.id === ids.instalment)!.highlights.snippet;
    expect(snippet).toContain('<mark>信用卡</mark>');
    expect(snippet).toContain('<mark>分期</mark>');
  });
});

describe('read permissions', () => {
  it('a Beijing agent finds neither a head-office-only article nor counts it; a head-office agent does', async () => {
    const bj = await search('agent.bj', { q: '反洗钱 内部通报' });
    expect(foundIds(bj)).not.toContain(ids.headOffice);
    expect(bj.total).toBe(0);
    const hq = await search('agent.hq', { q: '反洗钱 内部通报' });
    expect(foundIds(hq)).toContain(ids.headOffice);
  });

  it('an article for supervisors is found by a supervisor and not by an agent, in results or total', async () => {
    const agent = await search('agent.bj', { q: '督导要点' });
    expect(agent.total).toBe(0);
    expect(foundIds(agent)).toEqual([]);
    expect(foundIds(await search('supervisor.bj', { q: '督导要点' }))).toEqual([ids.supervisorsOnly]);
  });

  it('refuses a user without knowledge:read', async () => {
    const res = await api(tokens.nobody!, '/knowledge/search?q=年费');
    expectProblem(res, 403, 'forbidden');
  });

  it('a retired article is no longer found', async () => {
    const id = await publishArticle(t, { title: '临时公告 停机维护', body: '手机银行停机维护公告。' });
    expect(foundIds(await search('agent.bj', { q: '停机维护' }))).toEqual([id]);
    await unpublishArticle(t, id);
    expect(await search('agent.bj', { q: '停机维护' })).toMatchObject({ total: 0, items: [] });
  });
});

describe('bad input', () => {
  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', '信'.repeat(501)],
  ])('refuses a q that is %s with 400 naming q', async (_name, q) => {
    const res = await api(tokens['agent.bj']!, `/knowledge/search?q=${encodeURIComponent(q)}`);
    const problem = expectProblem(res, 400, 'validation-failed');
    expect(problem.errors?.map((e) => e.field)).toEqual(['querystring.q']);
  });

  it('refuses a missing q, an unknown validity and a limit out of range, naming each', async () => {
    expect(expectProblem(await api(tokens['agent.bj']!, '/knowledge/search'), 400, 'validation-failed').errors?.[0]?.field).toBe('querystring.q');
    expect(expectProblem(await api(tokens['agent.bj']!, '/knowledge/search?q=x&validity=soon'), 400, 'validation-failed').errors?.[0]?.field).toBe('querystring.validity');
    expect(expectProblem(await api(tokens['agent.bj']!, '/knowledge/search?q=x&limit=0'), 400, 'validation-failed').errors?.[0]?.field).toBe('querystring.limit');
  });

  it.each(["'", "''", '\\', "年费' | '理财", '!年费', '年费:*', '(年费', '年费)', 'a & b', 'a | b', '<-> 年费', "':* & !(", "\\'; DROP TABLE x; --", '年费 & !信用卡'])(
    'keeps tsquery syntax in %j as text',
    async (q) => {
      const res = await api(tokens['agent.bj']!, `/knowledge/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, res.body).toBe(200);
    },
  );

  it('does not let an injected operator widen an all-words query: 年费 | 理财 as text still ranks 年费 articles first', async () => {
    const result = await search('agent.bj', { q: '年费 | 滞纳金' });
    expect(result.query.terms).toEqual(['年费', '滞纳金']);
  });
});

describe('the total on a large base', () => {
  it('counts up to 1,000 and says 1,000 beyond; ranks a page quickly', async () => {
    await publishArticles(
      t,
      Array.from({ length: 1005 }, (_, i) => ({ title: `批量测试 第${i}号`, body: `海量词条测试 内容 ${i % 7 === 0 ? '海量词条测试' : ''}` })),
    );
    const result = await search('agent.bj', { q: '海量词条测试', limit: 10 });
    expect(result.total).toBe(1000);
    expect(result.items).toHaveLength(10);
  });
});
