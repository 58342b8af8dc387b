import type { Tx } from '../../../platform/db/database.ts';

// Every SQL statement on knowledge.asset: an article's images and attachments, bytes included
// (at most 10 MB each, read only to be served).

export interface AssetRow {
  id: string;
  articleId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  createdBy: string;
  createdAt: Date;
}

export async function insertAsset(tx: Tx, asset: AssetRow & { bytes: Buffer }): Promise<void> {
  await tx
    .insertInto('knowledge.asset')
    .values({
      id: asset.id,
      article_id: asset.articleId,
      file_name: asset.fileName,
      content_type: asset.contentType,
      size: asset.size,
      sha256: asset.sha256,
      bytes: asset.bytes,
      created_by: asset.createdBy,
      created_at: asset.createdAt,
    })
    .execute();
}

const columns = ['id', 'article_id', 'file_name', 'content_type', 'size', 'sha256', 'created_by', 'created_at'] as const;

const toAsset = (r: { id: string; article_id: string; file_name: string; content_type: string; size: number; sha256: string; created_by: string; created_at: Date }): AssetRow => ({
  id: r.id,
  articleId: r.article_id,
  fileName: r.file_name,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function listAssetsOfArticle(tx: Tx, articleId: string): Promise<AssetRow[]> {
  const rows = await tx.selectFrom('knowledge.asset').select(columns).where('article_id', '=', articleId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toAsset);
}

export async function findAssetWithBytes(tx: Tx, id: string): Promise<(AssetRow & { bytes: Buffer }) | undefined> {
  const row = await tx
    .selectFrom('knowledge.asset')
    .select([...columns, 'bytes'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { ...toAsset(row), bytes: row.bytes } : undefined;
}
