import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { article, setUpKnowledgeWorld, ifMatch, okJson, type Bank, type People } from './knowledge-fixtures.ts';

// Issue 19, part A: an article's life through the HTTP API — draft, review, compliance for
// customer-facing text, publishing into the projection, editing a published article, rejection,
// retiring — each step audited.

let t: TestApp;
let bank: Bank;
let p: People;
let api: Awaited<ReturnType<typeof setUpKnowledgeWorld>>['api'];

beforeAll(async () => {
  ({ t, bank, p, api } = await setUpKnowledgeWorld());
});
afterAll(() => t?.close());

async function create(token: string, overrides: Record<string, unknown> = {}) {
  return okJson(await api(token, 'POST', '/knowledge/articles', article(overrides)), 201);
}
async function submit(token: string, a: { id: string; version: number }) {
  return okJson(await api(token, 'POST', `/knowledge/articles/${a.id}/submit`, {}, ifMatch(a.version)));
}
async function review(token: string, a: { id: string; version: number }, decision: 'approved' | 'rejected', comment?: string) {
  return api(token, 'POST', `/knowledge/articles/${a.id}/review`, { decision, ...(comment ? { comment } : {}) }, ifMatch(a.version));
}
const projection = (id: string) => t.sql<{ version: number; title: string }>('SELECT version, title FROM knowledge.published_article WHERE article_id = $1', [id]);
const auditActions = async (id: string) =>
  (await t.sql<{ action: string }>("SELECT action FROM audit.event WHERE target_type = 'knowledge-article' AND target_id = $1 ORDER BY id", [id])).map((r) => r.action);

describe('the review workflow', () => {
  it('numbers a new draft and shows it to its author only', async () => {
    const created = await create(p.author);
    expect(created.number).toMatch(/^KB-\d{6}$/);
    expect(created).toMatchObject({ status: 'draft', shownVersion: 1, shownState: 'draft', currentVersion: 1, publishedVersion: null, departmentId: bank.bj });
    expect(created.can).toEqual({ edit: true, submit: true, review: false, complianceReview: false, retire: false, attachToReply: false });
    // A reader in the author's own branch does not see a draft, and is not told it exists.
    expectProblem(await api(p.bjAgent, 'GET', `/knowledge/articles/${created.id}`), 404, 'knowledge-article-not-found');
  });

  it('does not let an author publish alone: the author cannot review, and a reviewer cannot review their own text', async () => {
    const draft = await create(p.author);
    const submitted = await submit(p.author, draft);
    expect(submitted).toMatchObject({ status: 'in-review', shownState: 'in-review' });
    expect(submitted.can.review).toBe(false);
    const byAuthor = expectProblem(await review(p.author, submitted, 'approved'), 403, 'forbidden');
    expect(byAuthor.action).toBe('knowledge:review');

    const own = await create(p.reviewer, { title: '主管自己写的规程' });
    const ownSubmitted = await submit(p.reviewer, own);
    expect(ownSubmitted.can.review).toBe(false);
    expectProblem(await review(p.reviewer, ownSubmitted, 'approved'), 403, 'knowledge-review-by-author');
    expect(await projection(own.id)).toEqual([]);
    expect((await t.sql('SELECT status FROM knowledge.article WHERE id = $1', [own.id]))[0]).toEqual({ status: 'in-review' });
  });

  it('publishes an internal article when a reviewer approves it, into the projection, and readers see it', async () => {
    const submitted = await submit(p.author, await create(p.author, { title: '借记卡挂失流程' }));
    const asReviewer = okJson(await api(p.reviewer, 'GET', `/knowledge/articles/${submitted.id}?working=true`));
    expect(asReviewer.can).toMatchObject({ review: true, complianceReview: false, edit: false });
    const published = okJson(await review(p.reviewer, asReviewer, 'approved'));
    expect(published).toMatchObject({ status: 'published', shownState: 'published', publishedVersion: 1 });
    expect(published.reviews).toHaveLength(1);
    expect(await projection(submitted.id)).toEqual([{ version: 1, title: '借记卡挂失流程' }]);
    const asReader = okJson(await api(p.bjAgent, 'GET', `/knowledge/articles/${submitted.id}`));
    expect(asReader).toMatchObject({ title: '借记卡挂失流程', shownVersion: 1, reviews: [] });
    expect(asReader.can).toEqual({ edit: false, submit: false, review: false, complianceReview: false, retire: false, attachToReply: false });
    expect(await auditActions(submitted.id)).toEqual(['knowledge.article-created', 'knowledge.article-submitted', 'knowledge.article-approved', 'knowledge.article-published']);
  });

  it('holds customer-facing text for compliance, refuses compliance by its first reviewer, publishes on compliance approval', async () => {
    const submitted = await submit(p.author, await create(p.author, { title: '信用卡年费客户答复', audience: 'customer' }));
    const reviewed = okJson(await review(p.reviewerCompliance, submitted, 'approved'));
    expect(reviewed).toMatchObject({ status: 'in-review', shownState: 'approved', publishedVersion: null });
    expect(reviewed.can.complianceReview).toBe(false);
    expect(await projection(submitted.id)).toEqual([]);

    // A plain reviewer holds no compliance review; the first reviewer may not give it.
    expectProblem(await review(p.reviewer, reviewed, 'approved'), 403, 'forbidden');
    expectProblem(await review(p.reviewerCompliance, reviewed, 'approved'), 403, 'knowledge-review-by-author');
    expect(await projection(submitted.id)).toEqual([]);

    const asCompliance = okJson(await api(p.compliance, 'GET', `/knowledge/articles/${submitted.id}?working=true`));
    expect(asCompliance.can.complianceReview).toBe(true);
    const published = okJson(await review(p.compliance, asCompliance, 'approved'));
    expect(published).toMatchObject({ status: 'published', shownState: 'published' });
    expect(published.reviews.map((r: { stage: string }) => r.stage)).toEqual(['review', 'compliance']);
    expect(published.can.attachToReply).toBe(true);
    expect(await projection(submitted.id)).toHaveLength(1);
    const events = await t.sql<{ type: string; payload: { stage?: string } }>('SELECT type, payload FROM platform.outbox_event WHERE aggregate_id = $1 ORDER BY id', [submitted.id]);
    expect(events.map((e) => [e.type, e.payload.stage ?? null])).toEqual([
      ['knowledge.article-submitted', 'review'],
      ['knowledge.article-submitted', 'compliance'],
      ['knowledge.article-published', null],
    ]);
  });

  it('sends a rejected version back with its comment; the author edits (a new version) and resubmits', async () => {
    const submitted = await submit(p.author, await create(p.author, { title: '理财产品风险提示话术', kind: 'script' }));
    const noComment = expectProblem(await review(p.reviewer, submitted, 'rejected'), 400, 'validation-failed');
    expect(noComment.errors).toEqual([expect.objectContaining({ field: 'comment' })]);
    expect((await t.sql('SELECT state FROM knowledge.article_version WHERE article_id = $1', [submitted.id]))[0]).toEqual({ state: 'in-review' });

    const rejected = okJson(await review(p.reviewer, submitted, 'rejected', '请补充风险等级说明'));
    expect(rejected).toMatchObject({ status: 'draft', shownState: 'rejected' });
    // The reviewer may write in their subtree too, so they may edit it; nobody may submit the rejected version as it is.
    expect(rejected.can).toMatchObject({ edit: true, submit: false, review: false });
    const asAuthor = okJson(await api(p.author, 'GET', `/knowledge/articles/${submitted.id}?working=true`));
    expect(asAuthor.reviews).toEqual([expect.objectContaining({ decision: 'rejected', comment: '请补充风险等级说明' })]);
    expect(asAuthor.can).toMatchObject({ edit: true, submit: false });
    expectProblem(await api(p.author, 'POST', `/knowledge/articles/${submitted.id}/submit`, {}, ifMatch(asAuthor.version)), 409, 'knowledge-article-state-conflict');

    const edited = okJson(
      await api(
        p.author,
        'PUT',
        `/knowledge/articles/${submitted.id}`,
        article({ title: '理财产品风险提示话术', kind: 'script', body: '<p>风险等级 R3 …</p>', changeNote: '补充风险等级' }),
        ifMatch(asAuthor.version),
      ),
    );
    expect(edited).toMatchObject({ shownVersion: 2, shownState: 'draft', currentVersion: 2, status: 'draft', changeNote: '补充风险等级' });
    const resubmitted = await submit(p.author, edited);
    const published = okJson(await review(p.reviewer, resubmitted, 'approved'));
    expect(published).toMatchObject({ status: 'published', publishedVersion: 2 });
    const states = await t.sql('SELECT version, state FROM knowledge.article_version WHERE article_id = $1 ORDER BY version', [submitted.id]);
    expect(states).toEqual([
      { version: 1, state: 'rejected' },
      { version: 2, state: 'published' },
    ]);
    expect(await auditActions(submitted.id)).toEqual([
      'knowledge.article-created',
      'knowledge.article-submitted',
      'knowledge.article-rejected',
      'knowledge.article-saved',
      'knowledge.article-submitted',
      'knowledge.article-approved',
      'knowledge.article-published',
    ]);
  });

  it('keeps readers on the published version while the next one is drafted and reviewed', async () => {
    const v1 = okJson(await review(p.reviewer, await submit(p.author, await create(p.author, { title: '旧标题' })), 'approved'));
    const draft = okJson(await api(p.author, 'PUT', `/knowledge/articles/${v1.id}`, article({ title: '新标题' }), ifMatch(v1.version)));
    expect(draft).toMatchObject({ shownVersion: 2, status: 'draft', publishedVersion: 1 });
    expect(okJson(await api(p.bjAgent, 'GET', `/knowledge/articles/${v1.id}`))).toMatchObject({ title: '旧标题', shownVersion: 1 });

    const inReview = await submit(p.author, draft);
    // Nothing is edited while a version is in review.
    expectProblem(await api(p.author, 'PUT', `/knowledge/articles/${v1.id}`, article({ title: '再改' }), ifMatch(inReview.version)), 409, 'knowledge-article-state-conflict');
    expect(okJson(await api(p.bjAgent, 'GET', `/knowledge/articles/${v1.id}`))).toMatchObject({ title: '旧标题' });
    expect(await projection(v1.id)).toEqual([{ version: 1, title: '旧标题' }]);

    okJson(await review(p.reviewer, inReview, 'approved'));
    expect(okJson(await api(p.bjAgent, 'GET', `/knowledge/articles/${v1.id}`))).toMatchObject({ title: '新标题', shownVersion: 2 });
    expect(await projection(v1.id)).toEqual([{ version: 2, title: '新标题' }]);
    expect(await t.sql('SELECT version, state FROM knowledge.article_version WHERE article_id = $1 ORDER BY version', [v1.id])).toEqual([
      { version: 1, state: 'superseded' },
      { version: 2, state: 'published' },
    ]);
  });

  it('retires an article: gone for readers (404) and from the projection, kept for the record', async () => {
    const published = okJson(await review(p.reviewer, await submit(p.author, await create(p.author, { title: '将退役的规程' })), 'approved'));
    expectProblem(await api(p.reviewer, 'POST', `/knowledge/articles/${published.id}/retire`, { reason: '制度废止' }), 428, 'precondition-required');
    expectProblem(await api(p.reviewer, 'POST', `/knowledge/articles/${published.id}/retire`, { reason: '制度废止' }, ifMatch(published.version - 1)), 412, 'knowledge-article-version-stale');
    expectProblem(await api(p.author, 'POST', `/knowledge/articles/${published.id}/retire`, { reason: '制度废止' }, ifMatch(published.version)), 403, 'forbidden');
    expect(await projection(published.id)).toHaveLength(1);

    const retired = okJson(await api(p.reviewer, 'POST', `/knowledge/articles/${published.id}/retire`, { reason: '制度废止' }, ifMatch(published.version)));
    expect(retired).toMatchObject({ status: 'retired', retiredReason: '制度废止' });
    expect(retired.can).toMatchObject({ edit: false, retire: false, attachToReply: false });
    expect(await projection(published.id)).toEqual([]);
    expectProblem(await api(p.bjAgent, 'GET', `/knowledge/articles/${published.id}`), 404, 'knowledge-article-not-found');
    const list = okJson(await api(p.bjAgent, 'GET', '/knowledge/articles'));
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(published.id);
    const audit = await t.sql<{ action: string; reason: string | null; data: { reason?: string } }>(
      "SELECT action, reason, data FROM audit.event WHERE target_id = $1 AND action = 'knowledge.article-retired'",
      [published.id],
    );
    expect(audit).toEqual([expect.objectContaining({ reason: '制度废止', data: expect.objectContaining({ reason: '制度废止', version: 1 }) })]);
    await t.sql("SELECT 1 FROM knowledge.article WHERE id = $1 AND status = 'retired'", [published.id]).then((rows) => expect(rows).toHaveLength(1));
  });

  it('stores validity dates and reports each article as current, expired or upcoming', async () => {
    const now = Date.now();
    const day = 86_400_000;
    const expired = await create(p.author, {
      kind: 'regulation',
      regulation: { issuer: '中国人民银行' },
      validFrom: new Date(now - 30 * day).toISOString(),
      validTo: new Date(now - day).toISOString(),
    });
    const upcoming = await create(p.author, { validFrom: new Date(now + day).toISOString() });
    const current = await create(p.author, { validFrom: new Date(now - day).toISOString(), validTo: new Date(now + 30 * day).toISOString() });
    expect(expired).toMatchObject({ validity: 'expired', validTo: new Date(now - day).toISOString(), regulation: { issuer: '中国人民银行' } });
    expect(upcoming.validity).toBe('upcoming');
    expect(current.validity).toBe('current');
    const stored = await t.sql<{ valid_to: Date }>('SELECT valid_to FROM knowledge.article_version WHERE article_id = $1', [expired.id]);
    expect(stored[0]!.valid_to.toISOString()).toBe(new Date(now - day).toISOString());
    const published = okJson(await review(p.reviewer, await submit(p.author, expired), 'approved'));
    expect(published.validity).toBe('expired');
    const projected = await t.sql<{ valid_to: Date }>('SELECT valid_to FROM knowledge.published_article WHERE article_id = $1', [expired.id]);
    expect(projected[0]!.valid_to.toISOString()).toBe(new Date(now - day).toISOString());
  });

  it('lists drafts, reviews awaiting the caller and the home counts', async () => {
    const waiting = await submit(p.author, await create(p.author, { title: '等待审核的文章' }));
    const mine = okJson(await api(p.author, 'GET', '/knowledge/articles?mine=true&status=draft'));
    expect(mine.items.every((i: { status: string }) => i.status === 'draft')).toBe(true);
    const awaiting = okJson(await api(p.reviewer, 'GET', '/knowledge/articles?awaitingMyReview=true'));
    expect(awaiting.items.map((i: { id: string }) => i.id)).toContain(waiting.id);
    expect(okJson(await api(p.author, 'GET', '/knowledge/articles?awaitingMyReview=true')).items).toEqual([]);
    const home = okJson(await api(p.reviewer, 'GET', '/knowledge/home'));
    expect(home.awaitingMyReview).toBeGreaterThanOrEqual(1);
    expect(home.recentlyUpdated.length).toBeGreaterThan(0);
    const authorHome = okJson(await api(p.author, 'GET', '/knowledge/home'));
    expect(authorHome.myDrafts).toBe(mine.items.length);

    // Pages follow each other without repeats.
    const first = okJson(await api(p.bjAgent, 'GET', '/knowledge/articles?limit=2'));
    expect(first.items).toHaveLength(2);
    const second = okJson(await api(p.bjAgent, 'GET', `/knowledge/articles?limit=2&cursor=${first.nextCursor}`));
    const ids = [...first.items, ...second.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never writes the body into the audit ledger', async () => {
    const secretText = '这段正文不应出现在审计中';
    const created = await create(p.author, { body: `<p>${secretText}</p>` });
    okJson(await review(p.reviewer, await submit(p.author, created), 'approved'));
    const rows = await t.sql<{ data: unknown }>('SELECT data FROM audit.event WHERE target_id = $1', [created.id]);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(rows)).not.toContain(secretText);
  });
});
