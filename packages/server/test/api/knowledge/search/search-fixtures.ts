import { findSystemActorOrThrow } from '../../../../src/modules/access/index.ts';
import { deletePublishedArticle, writePublishedArticle, writePublishedArticles, type PublishedArticleInput } from '../../../../src/modules/knowledge/index.ts';
import { newId } from '../../../../src/platform/ids/ids.ts';
import type { TestApp } from '../../../helpers/test-app.ts';

// Published articles for the search tests, written as the articles part publishes them: the
// article and its version rows, then the published projection through writePublishedArticle in
// one transaction (a command of system:seed). The search tests do not depend on the review API.

let counter = 0;

export interface FixtureArticle {
  title: string;
  body: string;
  summary?: string | null;
  kind?: string;
  audience?: 'internal' | 'customer';
  categoryId?: string | null;
  categoryPath?: string[];
  departmentId?: string | null;
  reachSubtreeIds?: string[];
  reachDepartmentIds?: string[];
  roles?: string[];
  sensitivity?: 'normal' | 'confidential' | 'secret';
  tags?: string[];
  caseTypes?: string[];
  products?: string[];
  validFrom?: Date | null;
  validTo?: Date | null;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function insertArticleRows(t: TestApp, id: string, number: string, a: FixtureArticle, ownerId: string, now: Date) {
  await t.sql(
    `INSERT INTO knowledge.article (id, number, status, owner_id, department_id, current_version, published_version, created_by, created_at, updated_at, published_at)
     VALUES ($1, $2, 'published', $3, $4, 1, 1, $3, $5, $5, $5)`,
    [id, number, ownerId, a.departmentId ?? null, now],
  );
  await t.sql(
    `INSERT INTO knowledge.article_version (article_id, version, state, kind, title, summary, body_html, body_text, category_id, audience,
       reach_subtree_ids, reach_department_ids, roles, sensitivity, tags, case_types, products, valid_from, valid_to, author_id, created_at, updated_at)
     VALUES ($1, 1, 'published', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)`,
    [
      id,
      a.kind ?? 'faq',
      a.title,
      a.summary ?? null,
      `<p>${escapeText(a.body)}</p>`,
      a.body,
      a.categoryId ?? null,
      a.audience ?? 'internal',
      a.reachSubtreeIds ?? [],
      a.reachDepartmentIds ?? [],
      a.roles ?? [],
      a.sensitivity ?? 'normal',
      a.tags ?? [],
      a.caseTypes ?? [],
      a.products ?? [],
      a.validFrom ?? null,
      a.validTo ?? null,
      ownerId,
      now,
    ],
  );
}

function inputOf(id: string, number: string, a: FixtureArticle, ownerId: string, now: Date): PublishedArticleInput {
  return {
    articleId: id,
    version: 1,
    number,
    kind: a.kind ?? 'faq',
    title: a.title,
    summary: a.summary ?? null,
    bodyText: a.body,
    categoryId: a.categoryId ?? null,
    categoryPath: a.categoryPath ?? (a.categoryId ? [a.categoryId] : []),
    audience: a.audience ?? 'internal',
    departmentId: a.departmentId ?? null,
    ownerId,
    reachSubtreeIds: a.reachSubtreeIds ?? [],
    reachDepartmentIds: a.reachDepartmentIds ?? [],
    roles: a.roles ?? [],
    sensitivity: a.sensitivity ?? 'normal',
    tags: a.tags ?? [],
    caseTypes: a.caseTypes ?? [],
    products: a.products ?? [],
    validFrom: a.validFrom ?? null,
    validTo: a.validTo ?? null,
    publishedAt: now,
  };
}

async function adminId(t: TestApp): Promise<string> {
  return (await t.sql<{ id: string }>("SELECT id FROM access.user WHERE username = 'admin'"))[0]!.id;
}

const seedMeta = async (t: TestApp) => ({ actor: await findSystemActorOrThrow(t.database.db, 'system:seed'), channel: 'seed' });

/** Publishes one article as the articles part does; answers its id. */
export async function publishArticle(t: TestApp, a: FixtureArticle): Promise<string> {
  const id = newId<string>();
  const number = `KB-T${String(++counter).padStart(6, '0')}`;
  const owner = await adminId(t);
  const now = t.clock.now();
  await insertArticleRows(t, id, number, a, owner, now);
  await t.commands.runCommand(await seedMeta(t), (ctx) => writePublishedArticle(ctx.tx, inputOf(id, number, a, owner, now)));
  return id;
}

/** Publishes many articles with the bulk writer (a statement per thousand rows). */
export async function publishArticles(t: TestApp, articles: FixtureArticle[]): Promise<string[]> {
  const owner = await adminId(t);
  const now = t.clock.now();
  const ids = articles.map(() => newId<string>());
  const numbers = articles.map(() => `KB-T${String(++counter).padStart(6, '0')}`);
  await t.sql(
    `INSERT INTO knowledge.article (id, number, status, owner_id, current_version, published_version, created_by, created_at, updated_at, published_at)
     SELECT id, number, 'published', $3, 1, 1, $3, $4, $4, $4 FROM unnest($1::uuid[], $2::text[]) AS x(id, number)`,
    [ids, numbers, owner, now],
  );
  await t.commands.runCommand(await seedMeta(t), (ctx) =>
    writePublishedArticles(
      ctx.tx,
      articles.map((a, i) => inputOf(ids[i]!, numbers[i]!, a, owner, now)),
    ),
  );
  return ids;
}

/** Retires an article's projection as the articles part does. */
export async function unpublishArticle(t: TestApp, id: string): Promise<void> {
  await t.commands.runCommand(await seedMeta(t), (ctx) => deletePublishedArticle(ctx.tx, id));
}

/** Publishes a new version of an article already published (its projection row is replaced). */
export async function republishArticle(t: TestApp, id: string, a: FixtureArticle): Promise<void> {
  const owner = await adminId(t);
  const number = (await t.sql<{ number: string }>('SELECT number FROM knowledge.article WHERE id = $1', [id]))[0]!.number;
  await t.commands.runCommand(await seedMeta(t), (ctx) => writePublishedArticle(ctx.tx, { ...inputOf(id, number, a, owner, t.clock.now()), version: 2 }));
}
