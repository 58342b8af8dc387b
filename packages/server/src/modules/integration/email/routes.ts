import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { integrationProblems } from '../problems.ts';
import { CreateMailboxBody, IdParams, KeyParams, UpdateMailboxBody } from '../schemas.ts';

const tags = ['Integration: e-mail'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

/** Mailboxes and a case's e-mails (helper D). CONTRACT STUBS: replaced by the e-mail part. */
export const emailRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const admin = <T>(request: Parameters<typeof commandMetaOf>[0], fn: () => T) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return fn();
    });
  const notFound = () => {
    throw integrationProblems.mailboxNotFound({ detail: 'No such mailbox' });
  };
  app.get('/mailboxes', { schema: { tags, summary: 'Mailboxes (integration:admin)', response: { 200: Type.Ref('MailboxList') } } }, async (request) => admin(request, () => ({ items: [] })));
  app.post('/mailboxes', { schema: { tags, summary: 'Create a mailbox (integration:admin)', body: CreateMailboxBody, response: { 201: Type.Ref('Mailbox') } } }, async (request) =>
    admin(request, notFound),
  );
  app.get('/mailboxes/:key', { schema: { tags, summary: 'One mailbox (integration:admin)', params: KeyParams, response: { 200: Type.Ref('Mailbox') } } }, async (request) => admin(request, notFound));
  app.put(
    '/mailboxes/:key',
    { schema: { tags, summary: 'Change a mailbox (integration:admin; If-Match)', params: KeyParams, headers: IfMatchHeaders, body: UpdateMailboxBody, response: { 200: Type.Ref('Mailbox') } } },
    async (request) => admin(request, notFound),
  );
  app.delete(
    '/mailboxes/:key',
    { schema: { tags, summary: 'Delete a mailbox (integration:admin; If-Match)', params: KeyParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request) => admin(request, notFound),
  );
  app.get('/cases/:id/emails', { schema: { tags, summary: "A case's e-mails in and out (case:read)", params: IdParams, response: { 200: Type.Ref('CaseEmailList') } } }, async () => ({ items: [] }));
};
