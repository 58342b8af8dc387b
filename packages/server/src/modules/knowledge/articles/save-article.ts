import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { listCategories } from '../categories/category-store.ts';
import { knowledgeProblems } from '../problems.ts';
import { checkArticleInput, type ArticleInput } from './article-input.ts';
import { assertArticleVersion, assertMaySeeWorking, loadArticleOrThrow, type LoadedArticle } from './article-loading.ts';
import { isEditable, mayWrite } from './article-rules.ts';
import { insertVersions, updateArticleIfVersion, updateVersionContent, type VersionRow } from './article-store.ts';
import { changedFieldNames } from './version-fields.ts';

/**
 * Saves the working draft as the input says (knowledge:write; If-Match). A draft is changed in
 * place; a published or rejected version is never changed: the save opens version N+1 as a draft,
 * and readers keep the published version until the new one is published. Refused while a version
 * is in review (409) and once retired.
 */
export async function updateArticle(ctx: CommandContext, id: string, expectedVersion: number, input: ArticleInput): Promise<LoadedArticle> {
  const loaded = await loadArticleOrThrow(ctx, id, { forUpdate: true });
  await assertMaySeeWorking(ctx, loaded);
  const { article, working } = loaded;
  if (!mayWrite(ctx.actor, article)) throw httpProblems.forbidden({ detail: 'Your roles do not grant knowledge:write on this article', action: 'knowledge:write' });
  assertArticleVersion(article, expectedVersion);
  if (!isEditable(article, working)) {
    throw knowledgeProblems.articleStateConflict({
      detail: article.status === 'retired' ? 'A retired article is not edited' : 'The article is in review: wait for the decision, or ask the reviewer to reject it',
      status: article.status,
      state: working.state,
    });
  }
  const categories = await listCategories(ctx.tx);
  const checked = await checkArticleInput(ctx, input, categories, { selfId: id, defaults: { ownerId: article.ownerId, departmentId: article.departmentId } });
  if ((checked.ownerId !== article.ownerId || checked.departmentId !== article.departmentId) && !mayWrite(ctx.actor, checked)) {
    throw httpProblems.forbidden({ detail: 'Your roles do not grant knowledge:write for the new owner and department', action: 'knowledge:write' });
  }
  const changed = changedFieldNames(working, checked.content);
  if (checked.ownerId !== article.ownerId) changed.push('ownerId');
  if (checked.departmentId !== article.departmentId) changed.push('departmentId');

  let saved: VersionRow;
  if (working.state === 'draft') {
    await updateVersionContent(ctx.tx, id, working.version, checked.content, ctx.actor.userId, ctx.now);
    saved = { ...working, ...checked.content, authorId: ctx.actor.userId, updatedAt: ctx.now };
  } else {
    saved = { ...checked.content, articleId: id, version: article.currentVersion + 1, state: 'draft', authorId: ctx.actor.userId, createdAt: ctx.now, updatedAt: ctx.now, submittedAt: null };
    await insertVersions(ctx.tx, [saved]);
  }
  const changes = { status: 'draft' as const, currentVersion: saved.version, ownerId: checked.ownerId, departmentId: checked.departmentId };
  // The row is locked (FOR UPDATE) and its version checked above: this update cannot miss.
  await updateArticleIfVersion(ctx.tx, id, expectedVersion, changes, ctx.now);
  await recordAuditEvent(ctx, {
    action: 'knowledge.article-saved',
    targetType: 'knowledge-article',
    targetId: id,
    data: { articleId: id, version: saved.version, newVersion: saved.version !== working.version, changed },
  });
  return { ...loaded, article: { ...article, ...changes, updatedAt: ctx.now, version: expectedVersion + 1 }, working: saved };
}
