import { nameLanguageOf } from '../articles/routes.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { draftArticleFromCase } from '../from-case/draft-from-case.ts';
import { CaseIdParams, DraftFromCaseBody, FeedbackBody, IdParams } from '../schemas.ts';
import { recordArticleFeedback } from './feedback.ts';
import { readArticleReplyText } from './reply-text.ts';
import { suggestForCase } from './suggest-for-case.ts';

const tags = ['Knowledge: on a case'];

/** Suggestions on a case, feedback, reply text, drafting an article from a case (part D). */
export const suggestionRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/cases/:id/knowledge-suggestions',
    {
      schema: {
        tags,
        summary: 'Articles and similar resolved cases for a case, each with why (case:read and knowledge:read)',
        params: CaseIdParams,
        response: { 200: Type.Ref('KnowledgeCaseSuggestions') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => suggestForCase(ctx, request.params.id, nameLanguageOf(request))),
  );
  app.post(
    '/knowledge/articles/:id/feedback',
    {
      schema: {
        tags,
        summary: 'Record that the reader opened, attached, or found an article helpful or not (on a case or not)',
        params: IdParams,
        body: FeedbackBody,
        response: { 200: Type.Ref('KnowledgeFeedbackResult') },
      },
    },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => recordArticleFeedback(ctx, request.params.id, request.body)),
  );
  app.get(
    '/knowledge/articles/:id/reply-text',
    { schema: { tags, summary: 'A customer-facing article as plain text for a reply', params: IdParams, response: { 200: Type.Ref('KnowledgeArticleReplyText') } } },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => readArticleReplyText(ctx, request.params.id)),
  );
  app.post(
    '/knowledge/articles/from-case',
    {
      schema: {
        tags,
        summary: 'Draft an article from a case’s resolution, steps and decision basis, masked values left out (knowledge:write, case:read)',
        body: DraftFromCaseBody,
        response: { 201: Type.Ref('KnowledgeArticle') },
      },
    },
    async (request, reply) => {
      const draft = await deps.commands.runCommand(commandMetaOf(request), (ctx) => draftArticleFromCase(ctx, request.body, nameLanguageOf(request)));
      return reply.code(201).header('location', `/api/v1/knowledge/articles/${draft.id}`).send(draft);
    },
  );
};
