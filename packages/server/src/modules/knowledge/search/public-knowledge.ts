import { sql, type SqlBool } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import { knowledgeProblems } from '../problems.ts';
import { searchReadableArticles } from './search-articles.ts';
import { validityCondition } from './search-store.ts';

// What the customer's web form may show without a sign-in: published, customer-facing articles in
// force today that the whole bank may read (no reach, no roles, sensitivity normal). Anything
// narrower was written for some of the bank's staff, and a customer is none of them.

const publicCondition = (now: Date) =>
  sql<SqlBool>`p.audience = 'customer' AND p.sensitivity = 'normal' AND cardinality(p.reach_subtree_ids) = 0
    AND cardinality(p.reach_department_ids) = 0 AND cardinality(p.roles) = 0 AND ${validityCondition('current', now)}`;

export async function searchPublicArticles(ctx: { tx: Tx; now: Date }, q: string, limit: number) {
  const result = await searchReadableArticles(ctx, publicCondition(ctx.now), { q, limit, validity: 'current', audience: 'customer' });
  return { items: result.hits.map((hit) => ({ id: hit.row.id, title: hit.row.title, snippet: hit.highlights.snippet })) };
}

/** One public article with its sanitised HTML; 404 for any article the public may not read, as for one that does not exist. */
export async function readPublicArticleOrThrow(ctx: { tx: Tx; now: Date }, id: string) {
  const { rows } = await sql<{ id: string; title: string; summary: string | null; body: string; updatedAt: Date }>`
    SELECT p.article_id AS id, p.title, p.summary, v.body_html AS body, p.updated_at AS "updatedAt"
      FROM knowledge.published_article p
      JOIN knowledge.article_version v ON v.article_id = p.article_id AND v.version = p.version
     WHERE p.article_id = ${id}::uuid AND ${publicCondition(ctx.now)}`.execute(ctx.tx);
  const row = rows[0];
  if (!row) throw knowledgeProblems.articleNotFound({ detail: 'No such article' });
  return { ...row, updatedAt: row.updatedAt.toISOString() };
}
