import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { readUploadedFile } from '../../../platform/http/multipart.ts';
import { presentAsset } from '../articles/article-view.ts';
import { AssetParams, IdParams } from '../schemas.ts';
import { addAsset, readAsset } from './asset-commands.ts';
import { assetContentDisposition, MAX_ASSET_BYTES, servingContentType } from './asset-files.ts';

const tags = ['Knowledge: articles'];

/** An article's images and attachments: uploaded by its writers, served with its read check. */
export const assetRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/knowledge/articles/:id/assets',
    {
      schema: {
        tags,
        summary: 'Add an image or attachment to the article (multipart, field "file"; knowledge:write)',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: Type.Ref('KnowledgeArticleAsset') },
      },
    },
    async (request, reply) => {
      // One byte over the limit is enough to know the file is too large.
      const file = await readUploadedFile(request, { field: 'file', maxBytes: MAX_ASSET_BYTES + 1 });
      const asset = await deps.commands.runCommand(commandMetaOf(request), (ctx) => addAsset(ctx, request.params.id, file));
      return reply.code(201).header('location', `/api/v1/knowledge/assets/${asset.id}`).send(presentAsset(asset));
    },
  );

  app.get('/knowledge/assets/:assetId', { schema: { tags, summary: 'An article’s image or attachment, to whoever may read the article', params: AssetParams } }, async (request, reply) => {
    const asset = await deps.commands.inQuery(commandMetaOf(request), (ctx) => readAsset(ctx, request.params.assetId));
    // The sniffed type, never a guess; no sniffing by the browser; a sandbox without an origin
    // should a browser render a PDF or text anyway.
    return reply
      .type(servingContentType(asset.contentType))
      .header('content-disposition', assetContentDisposition(asset.fileName, asset.contentType))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "sandbox; default-src 'none'")
      .header('cache-control', 'private, max-age=300')
      .header('etag', `"${asset.sha256}"`)
      .send(asset.bytes);
  });
};
