import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp, USER_PASSWORD } from '../../../helpers/test-app.ts';
import { publishArticle, publishArticles, republishArticle, unpublishArticle } from './search-fixtures.ts';

let t: TestApp;
const tokens: Record<string, string> = {};

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const api = (who: string, method: Method, url: string, payload?: object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(tokens[who]!), ...headers }, payload });
const auditOf = (action: string) =>
  t.sql<{ target_id: string; data: Record<string, unknown>; changes: unknown }>('SELECT target_id, data, changes FROM audit.event WHERE action = $1 ORDER BY id', [action]);
const count = async (sql: string, values?: unknown[]) => Number((await t.sql<{ n: string }>(sql, values))[0]!.n);

beforeAll(async () => {
  t = await createTestApp();
  tokens.admin = await t.login('admin');
  const dept = (await api('admin', 'POST', '/departments', { code: 'HQ', name: 'HQ', kind: 'head-office' })).json().id as string;
  for (const [username, roles] of [
    ['agent.bj', ['agent']],
    ['editor', ['knowledge-editor']],
  ] as const) {
    const res = await api('admin', 'POST', '/users', { username, password: USER_PASSWORD, displayName: username, roleIds: roles, departmentIds: [dept] });
    expect(res.statusCode, res.body).toBe(201);
    tokens[username] = await t.login(username);
  }
});
afterAll(() => t?.close());

describe('synonym sets', () => {
  it('are created, listed, changed and deleted by a knowledge administrator, each change audited', async () => {
    const created = await api('editor', 'POST', '/knowledge/synonyms', { terms: ['  ATM ', '自动柜员机', 'atm', '取款机'] });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const set = created.json();
    expect(set.terms).toEqual(['atm', '自动柜员机', '取款机']);

    const listed = await api('agent.bj', 'GET', '/knowledge/synonyms');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((s: { id: string }) => s.id)).toContain(set.id);

    expectProblem(await api('editor', 'PUT', `/knowledge/synonyms/${set.id}`, { terms: ['atm', '取款机'] }), 428, 'precondition-required');
    expectProblem(await api('editor', 'PUT', `/knowledge/synonyms/${set.id}`, { terms: ['atm', '取款机'] }, { 'if-match': '"7"' }), 412, 'knowledge-synonym-set-version-stale');
    const changed = await api('editor', 'PUT', `/knowledge/synonyms/${set.id}`, { terms: ['atm', '取款机'] }, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ terms: ['atm', '取款机'], version: 2 });

    const saved = await auditOf('knowledge.synonyms-saved');
    expect(saved.map((e) => e.target_id)).toEqual([set.id, set.id]);
    expect(saved[1]!.changes).toEqual([{ field: 'terms', before: ['atm', '自动柜员机', '取款机'], after: ['atm', '取款机'] }]);

    expectProblem(await api('editor', 'DELETE', `/knowledge/synonyms/${set.id}`, undefined, { 'if-match': '"1"' }), 412, 'knowledge-synonym-set-version-stale');
    const deleted = await api('editor', 'DELETE', `/knowledge/synonyms/${set.id}`, undefined, { 'if-match': '"2"' });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await auditOf('knowledge.synonyms-deleted')).map((e) => e.target_id)).toEqual([set.id]);
    expectProblem(await api('editor', 'DELETE', `/knowledge/synonyms/${set.id}`, undefined, { 'if-match': '"2"' }), 404, 'knowledge-synonym-set-not-found');
  });

  it('refuses fewer than 2 different terms with 400 naming terms, nothing saved', async () => {
    const before = await count('SELECT count(*) AS n FROM knowledge.synonym_set');
    const same = expectProblem(await api('editor', 'POST', '/knowledge/synonyms', { terms: ['POS', ' pos '] }), 400, 'validation-failed');
    expect(same.errors).toEqual([{ field: 'terms', reason: 'needs at least 2 different terms' }]);
    const one = expectProblem(await api('editor', 'POST', '/knowledge/synonyms', { terms: ['pos'] }), 400, 'validation-failed');
    expect(one.errors?.[0]?.field).toBe('terms');
    const blank = expectProblem(await api('editor', 'POST', '/knowledge/synonyms', { terms: ['pos', '   '] }), 400, 'validation-failed');
    expect(blank.errors).toEqual([{ field: 'terms.1', reason: 'is blank' }]);
    expect(await count('SELECT count(*) AS n FROM knowledge.synonym_set')).toBe(before);
  });

  it('are changed only with knowledge:admin: an agent is refused, nothing changed', async () => {
    const set = (await api('admin', 'POST', '/knowledge/synonyms', { terms: ['房贷', '住房贷款'] })).json();
    expectProblem(await api('agent.bj', 'POST', '/knowledge/synonyms', { terms: ['a1', 'b1'] }), 403, 'forbidden');
    expectProblem(await api('agent.bj', 'PUT', `/knowledge/synonyms/${set.id}`, { terms: ['房贷', '按揭'] }, { 'if-match': '"1"' }), 403, 'forbidden');
    expectProblem(await api('agent.bj', 'DELETE', `/knowledge/synonyms/${set.id}`, undefined, { 'if-match': '"1"' }), 403, 'forbidden');
    expect((await t.sql<{ terms: string[]; version: number }>('SELECT terms, version FROM knowledge.synonym_set WHERE id = $1', [set.id]))[0]).toEqual({ terms: ['房贷', '住房贷款'], version: 1 });
  });

  it('take effect on the next search in this process', async () => {
    const id = await publishArticle(t, { title: '按揭提前还款', body: '按揭贷款提前还款需提前预约。' });
    const before = (await api('agent.bj', 'GET', `/knowledge/search?q=${encodeURIComponent('房贷')}`)).json();
    expect(before.items.map((i: { article: { id: string } }) => i.article.id)).not.toContain(id);
    const set = (await api('admin', 'GET', '/knowledge/synonyms')).json().items.find((s: { terms: string[] }) => s.terms.includes('房贷'));
    expect((await api('admin', 'PUT', `/knowledge/synonyms/${set.id}`, { terms: ['房贷', '住房贷款', '按揭'] }, { 'if-match': `"${set.version}"` })).statusCode).toBe(200);
    const after = (await api('agent.bj', 'GET', `/knowledge/search?q=${encodeURIComponent('房贷')}`)).json();
    expect(after.items.map((i: { article: { id: string } }) => i.article.id)).toEqual([id]);
  });
});

describe('the dictionary', () => {
  it('is read and replaced by a knowledge administrator; the articles holding a new word are indexed again, audited', async () => {
    const id = await publishArticle(t, { title: '薪享通卡介绍', body: '薪享通卡是代发工资客户专属产品。' });
    const has = async (lexeme: string) => count(`SELECT count(*) AS n FROM knowledge.published_article WHERE article_id = $1 AND search_vector @@ to_tsquery('simple', $2)`, [id, `'${lexeme}'`]);
    expect(await has('薪享通卡')).toBe(0);

    const read = await api('editor', 'GET', '/knowledge/dictionary');
    expect(read.statusCode).toBe(200);
    expect(read.json().words).toEqual([]);
    expect(read.json().shipped).toBeGreaterThan(100);

    const put = await api('editor', 'PUT', '/knowledge/dictionary', { words: [' 薪享通卡 ', '薪享通卡', '数币钱包'] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().words).toEqual(['数币钱包', '薪享通卡']);
    expect(await has('薪享通卡')).toBe(1);
    const audit = await auditOf('knowledge.dictionary-changed');
    expect(audit.map((e) => e.data)).toEqual([{ added: ['数币钱包', '薪享通卡'], removed: [], reindexed: 1 }]);

    const search = (await api('agent.bj', 'GET', `/knowledge/search?q=${encodeURIComponent('薪享通卡')}`)).json();
    expect(search.query.terms).toEqual(['薪享通卡']);
    expect(search.items[0].article.id).toBe(id);

    const removed = await api('editor', 'PUT', '/knowledge/dictionary', { words: ['数币钱包'] });
    expect(removed.json().words).toEqual(['数币钱包']);
    expect((await auditOf('knowledge.dictionary-changed'))[1]!.data).toMatchObject({ added: [], removed: ['薪享通卡'] });
  });

  it('refuses a word with a space or of one character, naming it, nothing changed', async () => {
    const before = await count('SELECT count(*) AS n FROM knowledge.dictionary_word');
    const problem = expectProblem(await api('editor', 'PUT', '/knowledge/dictionary', { words: ['好词', '坏 词', ' 单 '] }), 400, 'validation-failed');
    expect(problem.errors?.map((e) => e.field)).toEqual(['words.1', 'words.2']);
    expect(await count('SELECT count(*) AS n FROM knowledge.dictionary_word')).toBe(before);
  });

  it('is refused to an agent, read or written', async () => {
    expectProblem(await api('agent.bj', 'GET', '/knowledge/dictionary'), 403, 'forbidden');
    expectProblem(await api('agent.bj', 'PUT', '/knowledge/dictionary', { words: ['理财通'] }), 403, 'forbidden');
    expect(await count("SELECT count(*) AS n FROM knowledge.dictionary_word WHERE word = '理财通'")).toBe(0);
  });
});

describe('the Latin term lexicon', () => {
  const termCount = async (term: string) => (await t.sql<{ article_count: number }>('SELECT article_count FROM knowledge.search_term WHERE term = $1', [term]))[0]?.article_count ?? 0;

  it('counts the articles holding each Latin word of three letters or more, on publish, republish and retire', async () => {
    const [a, b] = await publishArticles(t, [
      { title: 'Overdraft interest', body: 'overdraft interest is charged daily' },
      { title: 'Overdraft limit', body: 'an overdraft limit of 5000 is approved by the branch' },
    ]);
    expect(await termCount('overdraft')).toBe(2);
    expect(await termCount('interest')).toBe(1);
    expect(await termCount('an')).toBe(0);
    // Writing the same article again replaces its terms rather than adding them twice.
    await republishArticle(t, b!, { title: 'Overdraft limit', body: 'the limit is reviewed yearly' });
    expect(await termCount('overdraft')).toBe(2);
    expect(await termCount('approved')).toBe(0);
    expect(await termCount('yearly')).toBe(1);
    await unpublishArticle(t, a!);
    expect(await termCount('interest')).toBe(0);
    expect(await count("SELECT count(*) AS n FROM knowledge.search_term WHERE term = 'interest'")).toBe(0);
    expect(await termCount('overdraft')).toBe(1);
    await unpublishArticle(t, b!);
    expect(await termCount('overdraft')).toBe(0);
    expect(await termCount('yearly')).toBe(0);
  });
});
