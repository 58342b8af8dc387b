import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { knowledgeReader, type KnowledgeReader } from '../access.ts';
import { knowledgeProblems } from '../problems.ts';
import { mayReadPublished, maySeeWorking } from './article-rules.ts';
import { findArticle, findVersion, listReviews, type ArticleRow, type ReviewRow, type VersionRow } from './article-store.ts';

export interface LoadedArticle {
  article: ArticleRow;
  working: VersionRow;
  published: VersionRow | null;
  reviews: ReviewRow[];
}

export function notFound(id: string) {
  return knowledgeProblems.articleNotFound({ detail: `No article ${id}` });
}

/** The article, its working and published versions and its reviews; 404 when there is no such article. */
export async function loadArticleOrThrow(ctx: CommandContext, id: string, options: { forUpdate?: boolean } = {}): Promise<LoadedArticle> {
  const article = await findArticle(ctx.tx, id, options);
  if (!article) throw notFound(id);
  const working = (await findVersion(ctx.tx, id, article.currentVersion))!;
  const published = article.publishedVersion === null ? null : article.publishedVersion === article.currentVersion ? working : ((await findVersion(ctx.tx, id, article.publishedVersion)) ?? null);
  return { article, working, published, reviews: await listReviews(ctx.tx, id) };
}

/**
 * For commands and history: the caller must see the working version. Someone who may only read
 * the published version is refused (403: they know it exists); anyone else is told there is no
 * such article (404), so a refusal never reveals an article they may not read.
 */
export async function assertMaySeeWorking(ctx: CommandContext, loaded: LoadedArticle, reader?: KnowledgeReader): Promise<void> {
  if (maySeeWorking(ctx.actor, loaded.article)) return;
  const r = reader ?? (await knowledgeReader(ctx.tx, ctx.actor));
  if (mayReadPublished(r, loaded.article, loaded.published)) throw httpProblems.forbidden({ detail: 'You may read this article but not work on it', action: 'knowledge:write' });
  throw notFound(loaded.article.id);
}

/** If-Match: the article must still be at the version the caller read. */
export function assertArticleVersion(article: ArticleRow, expectedVersion: number): void {
  if (article.version !== expectedVersion) {
    throw knowledgeProblems.articleVersionStale({ detail: `The article is at version ${article.version}, not ${expectedVersion}: read it again`, currentVersion: article.version });
  }
}
