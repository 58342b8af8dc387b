import { createHash } from 'node:crypto';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { knowledgeReader } from '../access.ts';
import { assertMaySeeWorking, loadArticleOrThrow } from '../articles/article-loading.ts';
import { mayReadPublished, maySeeWorking, mayWrite } from '../articles/article-rules.ts';
import { knowledgeProblems } from '../problems.ts';
import { assetFileName, MAX_ASSET_BYTES, sniffAssetType } from './asset-files.ts';
import { findAssetWithBytes, insertAsset, type AssetRow } from './asset-store.ts';

/** Adds an image or attachment to an article (knowledge:write on it; not once retired). */
export async function addAsset(ctx: CommandContext, articleId: string, file: { fileName: string; content: Buffer }): Promise<AssetRow> {
  const loaded = await loadArticleOrThrow(ctx, articleId);
  await assertMaySeeWorking(ctx, loaded);
  if (!mayWrite(ctx.actor, loaded.article)) throw httpProblems.forbidden({ detail: 'Your roles do not grant knowledge:write on this article', action: 'knowledge:write' });
  if (loaded.article.status === 'retired') throw knowledgeProblems.articleStateConflict({ detail: 'A retired article takes no new files', status: 'retired' });
  if (file.content.length > MAX_ASSET_BYTES) throw httpProblems.payloadTooLarge({ detail: `An article's file may be at most ${MAX_ASSET_BYTES} bytes` });
  const sniffed = await sniffAssetType(file.content);
  if ('refused' in sniffed) throw knowledgeProblems.assetRefused({ detail: sniffed.refused });
  const asset: AssetRow = {
    id: newId(),
    articleId,
    fileName: assetFileName(file.fileName, sniffed.contentType),
    contentType: sniffed.contentType,
    size: file.content.length,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
  };
  await insertAsset(ctx.tx, { ...asset, bytes: file.content });
  await recordAuditEvent(ctx, {
    action: 'knowledge.asset-added',
    targetType: 'knowledge-asset',
    targetId: asset.id,
    data: { articleId, assetId: asset.id, fileName: asset.fileName, contentType: asset.contentType, size: asset.size, sha256: asset.sha256 },
  });
  return asset;
}

/** An asset's bytes, to whoever may read its article's published version or work on its draft; else 404. */
export async function readAsset(ctx: CommandContext, assetId: string): Promise<AssetRow & { bytes: Buffer }> {
  const asset = await findAssetWithBytes(ctx.tx, assetId);
  const missing = () => knowledgeProblems.assetNotFound({ detail: `No asset ${assetId}` });
  if (!asset) throw missing();
  const loaded = await loadArticleOrThrow(ctx, asset.articleId).catch(() => {
    throw missing();
  });
  if (maySeeWorking(ctx.actor, loaded.article)) return asset;
  if (mayReadPublished(await knowledgeReader(ctx.tx, ctx.actor), loaded.article, loaded.published)) return asset;
  throw missing();
}
