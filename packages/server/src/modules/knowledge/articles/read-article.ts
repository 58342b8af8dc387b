import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { knowledgeReader, type KnowledgeReader } from '../access.ts';
import { assertMaySeeWorking, loadArticleOrThrow, notFound } from './article-loading.ts';
import { mayReadPublished, maySeeWorking } from './article-rules.ts';
import { findVersion, listVersions, type VersionRow } from './article-store.ts';
import type { ArticleShown } from './article-view.ts';

/**
 * The version of an article this caller is shown: the published one when they may read it;
 * with `working`, or when there is none they may read, the working version for those who work
 * on it. Anyone else is told there is no such article (404), never that they may not read it.
 */
export async function readArticle(ctx: CommandContext, id: string, options: { working?: boolean; reader?: KnowledgeReader } = {}): Promise<ArticleShown & { reader: KnowledgeReader }> {
  const loaded = await loadArticleOrThrow(ctx, id);
  const reader = options.reader ?? (await knowledgeReader(ctx.tx, ctx.actor));
  const readable = mayReadPublished(reader, loaded.article, loaded.published);
  const insider = maySeeWorking(ctx.actor, loaded.article);
  if (options.working) {
    if (insider) return { ...loaded, shown: loaded.working, reader };
    if (readable) throw httpProblems.forbidden({ detail: 'Only those who work on the article see its working version', action: 'knowledge:write' });
    throw notFound(id);
  }
  if (readable) return { ...loaded, shown: loaded.published!, reader };
  if (insider) return { ...loaded, shown: loaded.working, reader };
  throw notFound(id);
}

/** Every version of the article, newest first (for those who work on it). */
export async function listArticleVersions(ctx: CommandContext, id: string): Promise<VersionRow[]> {
  const loaded = await loadArticleOrThrow(ctx, id);
  await assertMaySeeWorking(ctx, loaded);
  return listVersions(ctx.tx, id);
}

/** One version of the article (for those who work on it). */
export async function readArticleVersion(ctx: CommandContext, id: string, version: number): Promise<ArticleShown & { reader: KnowledgeReader }> {
  const loaded = await loadArticleOrThrow(ctx, id);
  const reader = await knowledgeReader(ctx.tx, ctx.actor);
  await assertMaySeeWorking(ctx, loaded, reader);
  const shown = await findVersion(ctx.tx, id, version);
  if (!shown) throw notFound(`${id} version ${version}`);
  return { ...loaded, shown, reader };
}
