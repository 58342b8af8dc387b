/**
 * The labelled relevance corpus (test/fixtures/knowledge) loaded into a test app the way a bank
 * would: a head office and a branch, the category tree, the synonym sets, and the articles
 * imported as already approved (POST /api/v1/knowledge/articles/import, publish: true).
 * Articles marked "reach": "head-office-only" are readable by head-office members only.
 */
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import { bearer, type TestApp } from '../../../helpers/test-app.ts';
import type { LabelledQuery } from './relevance-metrics.ts';

const FIXTURES = new URL('../../../fixtures/knowledge/', import.meta.url);
const readFixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;

export interface FixtureArticle {
  key: string;
  kind: 'sop' | 'script' | 'faq' | 'regulation' | 'note';
  title: string;
  summary: string;
  body: string;
  category: string;
  tags: string[];
  caseTypes: string[];
  products: string[];
  audience: 'internal' | 'customer';
  reach?: 'head-office-only';
  validFrom?: string;
  validTo?: string;
  regulation?: { issuer: string; documentNumber?: string; issuedAt?: string };
}

export interface FixtureCategory {
  key: string;
  nameZh: string;
  nameEn: string;
  children?: FixtureCategory[];
}

export const fixtureArticles = (): FixtureArticle[] => readFixture('articles.json');
export const fixtureCategories = (): FixtureCategory[] => readFixture('categories.json');
export const fixtureSynonyms = (): string[][] => readFixture('synonyms.json');
export const fixtureQueries = (): LabelledQuery[] => readFixture('queries.json');

export interface LoadedCorpus {
  headOfficeId: string;
  branchId: string;
  articles: FixtureArticle[];
  /** Article id → fixture key, for reading search results back as keys. */
  keyById: Map<string, string>;
  headOfficeOnlyKeys: Set<string>;
}

function expectStatus(res: LightMyRequestResponse, status: number, what: string): void {
  if (res.statusCode !== status) throw new Error(`${what}: expected ${status}, got ${res.statusCode} ${res.body.slice(0, 2000)}`);
}

export async function loadRelevanceCorpus(t: TestApp, adminToken: string): Promise<LoadedCorpus> {
  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(adminToken), payload });

  const headOffice = await post('/departments', { code: 'KB-HO', name: '总行', kind: 'head-office' });
  expectStatus(headOffice, 201, 'create head office');
  const headOfficeId = headOffice.json().id as string;
  const branch = await post('/departments', { code: 'KB-BJ', name: '北京分行', kind: 'branch', parentId: headOfficeId });
  expectStatus(branch, 201, 'create branch');
  const branchId = branch.json().id as string;

  let position = 0;
  for (const root of fixtureCategories()) {
    const created = await post('/knowledge/categories', { key: root.key, nameZh: root.nameZh, nameEn: root.nameEn, position: position++ });
    expectStatus(created, 201, `create category ${root.key}`);
    const parentId = created.json().id as string;
    for (const child of root.children ?? []) {
      expectStatus(await post('/knowledge/categories', { key: child.key, parentId, nameZh: child.nameZh, nameEn: child.nameEn, position: position++ }), 201, `create category ${child.key}`);
    }
  }

  for (const terms of fixtureSynonyms()) expectStatus(await post('/knowledge/synonyms', { terms }), 201, `create synonyms ${terms.join('/')}`);

  const articles = fixtureArticles();
  const imported = await post('/knowledge/articles/import', {
    reason: 'Relevance test corpus: articles approved in the legacy knowledge base',
    publish: true,
    articles: articles.map((a) => ({
      kind: a.kind,
      title: a.title,
      summary: a.summary,
      body: a.body,
      categoryKey: a.category,
      audience: a.audience,
      tags: a.tags,
      caseTypes: a.caseTypes,
      products: a.products,
      ...(a.validFrom ? { validFrom: new Date(a.validFrom).toISOString() } : {}),
      ...(a.validTo ? { validTo: new Date(a.validTo).toISOString() } : {}),
      ...(a.regulation ? { regulation: a.regulation } : {}),
      ...(a.reach === 'head-office-only' ? { reach: { subtrees: [], departments: [headOfficeId] }, departmentId: headOfficeId } : {}),
    })),
  });
  expectStatus(imported, 201, 'import articles');
  const items = imported.json().items as { id: string; number: string }[];
  if (items.length !== articles.length) throw new Error(`import answered ${items.length} items for ${articles.length} articles`);

  // The import answers its items in the order given; checked below against the titles searched.
  const keyById = new Map(items.map((item, i) => [item.id, articles[i]!.key]));
  const headOfficeOnlyKeys = new Set(articles.filter((a) => a.reach === 'head-office-only').map((a) => a.key));
  return { headOfficeId, branchId, articles, keyById, headOfficeOnlyKeys };
}
