import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { hashRequest, runIdempotently } from '../../platform/http/idempotency.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { BULK_MAX_LINES, parseBulkLines } from './bulk-create-cases.ts';
import { countIngestResults, ingestAllCases } from './ingest-cases.ts';
import { createCase } from './create-case.ts';
import { createCaseGroupCommit } from './create-case-group.ts';
import { presentCase, presentCases, type CaseViewBody } from './case-view.ts';
import { listCases, readCase } from './list-cases.ts';
import { UnmaskBody } from './schemas.ts';
import { unmaskField } from './unmask-field.ts';
import { BulkResult, CaseIdParams, CaseView, CreateCaseBody, IdempotencyHeaders, IfMatchHeaders, ListCasesQuery, UpdateCaseBody } from './schemas.ts';
import type { CaseSort } from './store.ts';
import { updateCase } from './update-case.ts';
import { auditRefusal } from './refusal-audit.ts';
import { withFindings, type WithFindings } from './free-text-personal-data.ts';
import { personalDataRoutes, personalDataSchemas } from './personal-data-routes.ts';
import { takeCase } from './take-case.ts';
import { findAssignableUsers } from './assignable-users.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';

const tags = ['cases'];
const splitList = (value?: string) =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the case version, e.g. "3"' }] });
  return Number(match[1]);
}

export const caseRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  await app.register(personalDataRoutes, { deps });
  const groupCommit = createCaseGroupCommit(deps.commands);
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.post(
    '/cases',
    { schema: { tags, summary: 'Create a case', body: CreateCaseBody, headers: IdempotencyHeaders, response: { 201: Type.Ref('Case'), 200: Type.Ref('Case') } } },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      // Without an Idempotency-Key (whose claim is its own row) a create joins the group commit.
      const result =
        key === undefined
          ? await groupCommit
              .create({ meta: commandMetaOf(request), input: request.body })
              .then((created) => ({ replayed: false, statusCode: created.duplicate ? 200 : 201, body: created.duplicate ? created.view : withFindings(created.view, { title: request.body.title }) }))
              .catch(auditRefusal(deps, request))
          : await deps.commands
              .runCommand(commandMetaOf(request), (ctx) =>
                runIdempotently<CaseViewBody & WithFindings>(ctx, key, hashRequest('POST', '/cases', request.body), async () => {
                  const created = await createCase(ctx, request.body);
                  // A repeat of an external id answers 200 with the first case; a new case 201.
                  const view = await presentCase(ctx, created.case);
                  return { statusCode: created.duplicate ? 200 : 201, body: created.duplicate ? view : withFindings(view, { title: request.body.title }) };
                }),
              )
              .catch(auditRefusal(deps, request));
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply
        .code(result.statusCode as 200 | 201)
        .header('location', `/api/v1/cases/${result.body.id}`)
        .header('etag', `"${result.body.version}"`)
        .send(result.body);
    },
  );

  app.post(
    '/cases/bulk',
    {
      schema: {
        tags,
        summary: 'Create up to 10,000 cases from NDJSON, one per line',
        description:
          'Send `Content-Type: application/x-ndjson`. Each line is a create-case body. The answer has one result per line: created, duplicate (of an external id you may read), invalid with its errors, or refused (the external id belongs to a case you may not read; the line carries the problem and nothing of that case).',
        body: Type.String({ description: 'NDJSON' }),
        response: { 200: BulkResult },
      },
      // Before the body is parsed and validated: a JSON body would otherwise fail as a 400 "must be string".
      onRequest: async (request) => {
        if (!String(request.headers['content-type'] ?? '').startsWith('application/x-ndjson')) {
          throw httpProblems.unsupportedMediaType({ detail: 'Send application/x-ndjson' });
        }
      },
    },
    async (request) => {
      const lines = parseBulkLines(request.body);
      if (lines.length > BULK_MAX_LINES) {
        throw httpProblems.validationFailed({ errors: [{ field: '(body)', reason: `has ${lines.length} lines; at most ${BULK_MAX_LINES}` }] });
      }
      const results = await ingestAllCases(lines, { inTransaction: (fn) => deps.commands.runCommand(commandMetaOf(request), fn) });
      return { ...countIngestResults(results), results };
    },
  );

  app.get(
    '/cases',
    {
      schema: {
        tags,
        summary: 'List cases with filters and cursor pagination',
        querystring: ListCasesQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('Case')),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            now: Type.String({ format: 'date-time', description: "The server's time of this answer (the test clock's when it runs), so lists count down to dueAt on the server's clock" }),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const date = (value?: string) => (value ? new Date(value) : undefined);
      const sort = (q.sort ?? '-createdAt') as CaseSort;
      return deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        const page = await listCases(
          ctx,
          {
            types: splitList(q.type),
            statuses: splitList(q.status),
            statusCategories: splitList(q.statusCategory),
            priorities: splitList(q.priority),
            assigneeId: q.assigneeId,
            queue: q.queue,
            queueId: q.queueId,
            departmentId: q.departmentId,
            customerRef: q.customer,
            tags: splitList(q.tag),
            createdFrom: date(q.createdFrom),
            createdTo: date(q.createdTo),
            dueFrom: date(q.dueFrom),
            dueTo: date(q.dueTo),
            text: q.q,
          },
          sort,
          q.limit ?? 50,
          q.cursor,
          { values: { 'resident-id': q.residentId, 'bank-card': q.bankCard, phone: q.phone, account: q.account }, purpose: q.purpose, perMinute: deps.config.sensitiveSearchPerMinute },
        );
        return { items: await presentCases(ctx, page.items), nextCursor: page.nextCursor, now: ctx.now.toISOString() };
      });
    },
  );

  app.get('/cases/:id', { schema: { tags, summary: 'One case', params: CaseIdParams, response: { 200: Type.Ref('Case') } } }, async (request, reply) => {
    const view = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => presentCase(ctx, await readCase(ctx, request.params.id)));
    return reply.header('etag', `"${view.version}"`).send(view);
  });

  app.patch(
    '/cases/:id',
    { schema: { tags, summary: 'Change a case (If-Match required)', params: CaseIdParams, headers: IfMatchHeaders, body: UpdateCaseBody, response: { 200: Type.Ref('Case') } } },
    async (request, reply) => {
      const expectedVersion = parseIfMatch(request.headers['if-match']);
      const view = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => presentCase(ctx, await updateCase(ctx, request.params.id, expectedVersion, request.body)));
      if (request.body.title !== undefined) return reply.header('etag', `"${view.version}"`).send(withFindings(view, { title: request.body.title }));
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.post(
    '/cases/:id/take',
    {
      schema: {
        tags,
        summary: 'Assign an open, unassigned case to myself (needs case:update on it, not case:assign; If-Match required)',
        params: CaseIdParams,
        headers: IfMatchHeaders,
        response: { 200: Type.Ref('Case') },
      },
    },
    async (request, reply) => {
      const expectedVersion = parseIfMatch(request.headers['if-match']);
      const view = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => presentCase(ctx, await takeCase(ctx, request.params.id, expectedVersion)));
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  );

  app.get(
    '/cases/:id/assignable-users',
    {
      schema: {
        tags,
        summary: 'People this case may be assigned to: active users whose own roles let them read and change it (needs case:assign on it)',
        params: CaseIdParams,
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of a username or display name' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'nextCursor of the previous page' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String({ format: 'uuid' }),
                username: Type.String(),
                displayName: Type.String(),
                departmentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
                departmentName: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) =>
      deps.commands.inQuery(commandMetaOf(request), (ctx) => findAssignableUsers(ctx, request.params.id, { text: request.query.q, after: request.query.cursor, limit: request.query.limit ?? 20 })),
  );

  app.post(
    '/cases/:id/unmask',
    {
      schema: {
        tags,
        summary: 'Reveal one sensitive field of one case, with a reason (audited)',
        params: CaseIdParams,
        body: UnmaskBody,
        response: {
          200: Type.Object({
            field: Type.String(),
            value: Type.Optional(Type.Unknown({ description: 'The current value (without eventId)' })),
            eventId: Type.Optional(Type.Integer()),
            before: Type.Optional(Type.Unknown({ description: 'With eventId: the value before that change' })),
            after: Type.Optional(Type.Unknown({ description: 'With eventId: the value after that change' })),
          }),
        },
      },
    },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => unmaskField(ctx, request.params.id, request.body)).catch(auditRefusal(deps, request)),
  );
};

export const caseSchemas = [CaseView, ...personalDataSchemas];
