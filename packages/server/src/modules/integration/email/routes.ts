import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { CreateMailboxBody, IdParams, KeyParams, UpdateMailboxBody } from '../schemas.ts';
import { listCaseEmails } from './case-emails.ts';
import { type MailboxRow, listMailboxes } from './mailbox-store.ts';
import { createMailbox, deleteMailbox, findMailboxOrThrow, updateMailbox } from './mailboxes.ts';
import { subscribeEmailReplies } from './send-reply.ts';

const tags = ['Integration: e-mail'];
const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })) });

export function toMailboxView(m: MailboxRow) {
  const { id: _id, ...rest } = m;
  return {
    ...rest,
    stats: { ...m.stats, lastReceivedAt: m.stats.lastReceivedAt?.toISOString() ?? null },
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the mailbox version, e.g. "3"' }] });
  return Number(match[1]);
}

/** Mailboxes and a case's e-mails (part D); agents' public replies become e-mails (in-transaction subscriber). */
export const emailRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const unsubscribe = subscribeEmailReplies(deps.commands.subscribers);
  app.addHook('onClose', async () => unsubscribe());

  app.get('/mailboxes', { schema: { tags, summary: 'Mailboxes (integration:admin)', response: { 200: Type.Ref('MailboxList') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return { items: (await listMailboxes(ctx.tx)).map(toMailboxView) };
    }),
  );

  app.post('/mailboxes', { schema: { tags, summary: 'Create a mailbox (integration:admin)', body: CreateMailboxBody, response: { 201: Type.Ref('Mailbox') } } }, async (request, reply) => {
    const created = await deps.commands.runCommand(commandMetaOf(request), (ctx) => createMailbox(ctx, request.body));
    return reply.code(201).header('location', `/api/v1/mailboxes/${created.key}`).header('etag', `"${created.version}"`).send(toMailboxView(created));
  });

  app.get('/mailboxes/:key', { schema: { tags, summary: 'One mailbox (integration:admin)', params: KeyParams, response: { 200: Type.Ref('Mailbox') } } }, async (request, reply) => {
    const found = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
      assertIntegrationAdmin(ctx);
      return findMailboxOrThrow(ctx, request.params.key);
    });
    return reply.header('etag', `"${found.version}"`).send(toMailboxView(found));
  });

  app.put(
    '/mailboxes/:key',
    { schema: { tags, summary: 'Change a mailbox (integration:admin; If-Match)', params: KeyParams, headers: IfMatchHeaders, body: UpdateMailboxBody, response: { 200: Type.Ref('Mailbox') } } },
    async (request, reply) => {
      const updated = await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        // Refused first: a person who may not change mailboxes learns nothing from the version check.
        assertIntegrationAdmin(ctx);
        return updateMailbox(ctx, request.params.key, parseIfMatch(request.headers['if-match']), request.body);
      });
      return reply.header('etag', `"${updated.version}"`).send(toMailboxView(updated));
    },
  );

  app.delete(
    '/mailboxes/:key',
    { schema: { tags, summary: 'Delete a mailbox (integration:admin; If-Match)', params: KeyParams, headers: IfMatchHeaders, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        assertIntegrationAdmin(ctx);
        return deleteMailbox(ctx, request.params.key, parseIfMatch(request.headers['if-match']));
      });
      return reply.code(204).send(null);
    },
  );

  app.get('/cases/:id/emails', { schema: { tags, summary: "A case's e-mails in and out (case:read)", params: IdParams, response: { 200: Type.Ref('CaseEmailList') } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), async (ctx) => ({ items: await listCaseEmails(ctx, request.params.id) })),
  );
};
