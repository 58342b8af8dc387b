// Issue 19: the demo's knowledge base. The tour searches 信用卡年费 and opens a complaint to see
// suggestions; the review screens show an article waiting for the Beijing supervisor and a
// customer-facing one waiting for compliance; branch people do not see head-office-only articles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../../seed/demo.ts';
import { SEED_KNOWLEDGE } from '../../../../seed/knowledge.ts';
import { bearer, createTestApp, USER_PASSWORD, type TestApp } from '../../../helpers/test-app.ts';

let t: TestApp;
const tokens = new Map<string, string>();
const as = async (username: string) => {
  if (!tokens.has(username)) tokens.set(username, await t.login(username, username === 'admin' ? undefined : USER_PASSWORD));
  return bearer(tokens.get(username)!);
};
const titleOf = (key: string) => SEED_KNOWLEDGE.articles.find((a) => a.key === key)!.title;
const search = async (username: string, q: string) => {
  const res = await t.app.inject({ url: `/api/v1/knowledge/search?q=${encodeURIComponent(q)}&limit=50`, headers: await as(username) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((i: { article: { title: string } }) => i.article.title) as string[];
};

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoData(t.database, { now: new Date(), keyRing: t.keyRing, caseCount: 30, password: USER_PASSWORD });
}, 120_000);
afterAll(() => t.close());

describe('the demo knowledge base', () => {
  it('publishes the category tree, every seed article and the synonym sets', async () => {
    const categories = await t.sql<{ key: string; parent: string | null }>(
      'SELECT c.key, p.key AS parent FROM knowledge.category c LEFT JOIN knowledge.category p ON p.id = c.parent_id ORDER BY c.key',
    );
    expect(categories).toHaveLength(SEED_KNOWLEDGE.categories.length);
    expect(categories.filter((c) => c.parent === 'procedures').map((c) => c.key)).toEqual(['credit-card', 'debit-accounts', 'loans', 'wealth']);
    const [published] = await t.sql<{ n: number; customer: number; kinds: string[] }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE audience = 'customer')::int AS customer, array_agg(DISTINCT kind ORDER BY kind) AS kinds FROM knowledge.published_article",
    );
    expect(published!.n).toBe(SEED_KNOWLEDGE.articles.length);
    expect(published!.n).toBeGreaterThanOrEqual(40);
    expect(published!.customer).toBeGreaterThanOrEqual(5);
    expect(published!.kinds).toEqual(['faq', 'note', 'regulation', 'script', 'sop']);
    const synonyms = await t.sql<{ terms: string[] }>('SELECT terms FROM knowledge.synonym_set');
    expect(synonyms.map((s) => [...s.terms].sort().join('/')).sort()).toEqual(SEED_KNOWLEDGE.synonymSets.map((s) => [...s].sort().join('/')).sort());
    // Every body keeps its structure through the sanitiser: headings, and a table somewhere.
    const [structure] = await t.sql<{ headings: number; tables: number }>(
      "SELECT count(*) FILTER (WHERE body_html LIKE '%<h2>%')::int AS headings, count(*) FILTER (WHERE body_html LIKE '%<table>%')::int AS tables FROM knowledge.article_version WHERE state = 'published'",
    );
    expect(structure!.headings).toBeGreaterThan(30);
    expect(structure!.tables).toBeGreaterThan(5);
  });

  it('keeps the superseded 2006 regulation published but expired, citing its issuer and number', async () => {
    const [expired] = await t.sql<{ valid_to: Date; regulation: { documentNumber: string } }>(
      `SELECT p.valid_to, v.regulation FROM knowledge.published_article p JOIN knowledge.article_version v ON v.article_id = p.article_id AND v.version = p.version
        WHERE p.title = $1`,
      [titleOf('aml-report-regulation-2006')],
    );
    expect(expired!.valid_to.getTime()).toBeLessThan(Date.now());
    expect(expired!.regulation.documentNumber).toBe('中国人民银行令〔2006〕第2号');
    const current = await search('risk.analyst', '大额交易报告');
    expect(current).toContain(titleOf('aml-report-regulation'));
    expect(current).not.toContain(titleOf('aml-report-regulation-2006'));
  });

  it('shows the workflow: one article in review for supervisor.bj, one customer text waiting for cp.officer, one draft', async () => {
    const states = await t.sql<{ title: string; status: string; state: string; author: string }>(
      `SELECT v.title, a.status, v.state, u.username AS author FROM knowledge.article a
         JOIN knowledge.article_version v ON v.article_id = a.id AND v.version = a.current_version
         JOIN access.user u ON u.id = v.author_id
        WHERE a.published_version IS NULL ORDER BY v.title`,
    );
    const byKey = (key: string) => states.find((s) => s.title === SEED_KNOWLEDGE.workflow.find((w) => w.key === key)!.article.title);
    expect(byKey('hd-home-visit-draft')).toMatchObject({ status: 'in-review', state: 'in-review', author: 'agent.hd' });
    expect(byKey('instalment-fee-customer-draft')).toMatchObject({ status: 'in-review', state: 'approved', author: 'agent.bj' });
    expect(byKey('sh-queue-draft')).toMatchObject({ status: 'draft', state: 'draft', author: 'agent.sh' });
    const [review] = await t.sql<{ stage: string; decision: string; reviewer: string }>(
      `SELECT r.stage, r.decision, u.username AS reviewer FROM knowledge.review r JOIN access.user u ON u.id = r.reviewer_id
         JOIN knowledge.article_version v ON v.article_id = r.article_id AND v.version = r.version WHERE v.title = $1`,
      [byKey('instalment-fee-customer-draft')!.title],
    );
    expect(review).toMatchObject({ stage: 'review', decision: 'approved', reviewer: 'supervisor.bj' });

    const awaiting = async (username: string) => {
      const res = await t.app.inject({ url: '/api/v1/knowledge/articles?awaitingMyReview=true', headers: await as(username) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((i: { title: string }) => i.title) as string[];
    };
    expect(await awaiting('supervisor.bj')).toContain(byKey('hd-home-visit-draft')!.title);
    expect(await awaiting('cp.officer')).toContain(byKey('instalment-fee-customer-draft')!.title);
    expect(await awaiting('agent.sh')).toEqual([]);
    const [cp] = await t.sql<{ roles: string[] }>("SELECT roles FROM access.user WHERE username = 'cp.officer'");
    expect(cp!.roles).toContain('knowledge-compliance');
  });

  it('finds 信用卡年费 for a branch agent, the customer answer and the procedure, through 贷记卡 too', async () => {
    const found = await search('agent.bj', '信用卡年费');
    expect(found).toEqual(expect.arrayContaining([titleOf('card-annual-fee-faq'), titleOf('card-annual-fee-sop')]));
    expect(await search('agent.bj', '贷记卡年费')).toContain(titleOf('card-annual-fee-faq'));
    expect(await search('agent.bj', '按揭 提前还款')).toContain(titleOf('mortgage-prepayment-sop'));
  });

  it('keeps head-office-only articles from branch people and the Beijing note from Shanghai', async () => {
    expect(await search('agent.bj', '授信审批权限')).not.toContain(titleOf('sme-credit-authority'));
    expect(await search('supervisor.bj', '授信审批权限')).not.toContain(titleOf('sme-credit-authority'));
    expect(await search('it.ops', '授信审批权限')).toContain(titleOf('sme-credit-authority'));
    expect(await search('agent.sh', '周末营业')).not.toContain(titleOf('bj-weekend-service-note'));
    expect(await search('agent.hd', '周末营业')).toContain(titleOf('bj-weekend-service-note'));
  });

  it('answers customers on the public search with customer-facing articles only', async () => {
    const res = await t.app.inject({ url: `/api/v1/public/knowledge/search?q=${encodeURIComponent('年费')}&limit=10` });
    expect(res.statusCode, res.body).toBe(200);
    const titles = res.json().items.map((i: { title: string }) => i.title);
    expect(titles).toContain(titleOf('card-annual-fee-faq'));
    expect(titles).not.toContain(titleOf('card-annual-fee-sop'));
  });

  it('suggests the fee procedure on a fee complaint, with its reasons', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: await as('agent.bj'),
      payload: {
        type: 'complaint',
        title: '王先生投诉：不明扣费',
        priority: 'normal',
        channel: 'phone',
        fields: { customerName: '王五', phone: '13812345678', category: 'fees', description: '客户反映账户被收取不明费用，要求解释收费依据并退还。' },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await t.app.inject({ url: `/api/v1/cases/${created.json().id}/knowledge-suggestions`, headers: await as('agent.bj') });
    expect(res.statusCode, res.body).toBe(200);
    const articles = res.json().articles as { article: { title: string }; reasons: { kind: string }[] }[];
    const feeSop = articles.find((a) => a.article.title === titleOf('unknown-fee-sop'));
    expect(feeSop, JSON.stringify(articles.map((a) => a.article.title))).toBeDefined();
    expect(feeSop!.reasons.map((r) => r.kind)).toContain('text');
    // Never the head-office-only ones, whatever they share with the case.
    expect(articles.map((a) => a.article.title)).not.toContain(titleOf('major-complaint-report-sop'));
  });
});
