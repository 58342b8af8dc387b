import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';
import { assertAllowedOnCase, lookupNames } from '../access/index.ts';
import { auditProblems, buildEvidenceBundle, countCaseEventsOutside, findLatestTreeHead, listEventsOfCase, recordAuditEvent } from '../audit/index.ts';
import { presentFieldChanges, readCase } from '../cases/index.ts';
import { withheldByFieldRules } from './evidence-disclosure.ts';
import { buildTimeline } from './timeline.ts';

const CaseParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const caseHistoryRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const pool = deps.database.pool;

  app.get(
    '/cases/:id/history',
    {
      schema: {
        tags: ['audit'],
        summary: "A case's audit events in the order they were written",
        params: CaseParams,
        querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })) }),
        response: { 200: Type.Ref('CaseHistory') },
      },
    },
    async (request) => {
      const events = await deps.commands.inQuery(commandMetaOf(request), async (ctx) => {
        const found = await readCase(ctx, request.params.id);
        const rows = await listEventsOfCase(ctx.tx, request.params.id, request.query.after ?? 0, request.query.limit ?? 500);
        // History shows before → after values as the reader's field rules allow: masked or left out.
        for (const row of rows) row.changes = await presentFieldChanges(ctx, found, row.changes);
        return {
          rows,
          names: await lookupNames(
            ctx.tx,
            rows.map((r) => r.actorId),
          ),
        };
      });
      return { items: events.rows.map((e) => ({ ...e, actorDisplayName: events.names.user(e.actorId), occurredAt: e.occurredAt.toISOString() })) };
    },
  );

  app.get(
    '/cases/:id/evidence',
    {
      schema: {
        tags: ['audit'],
        summary: "The case's evidence bundle: its events, their inclusion proofs, one signed tree head and the public key",
        description: 'Verify offline with `docket-verify bundle.json`. Values the reader may not see are withheld and committed by digest.',
        params: CaseParams,
        response: {
          200: {
            ...Type.Ref('EvidenceBundle'),
            headers: {
              'x-docket-events-not-in-bundle': Type.Integer({ minimum: 0, description: "The case's events newer than the bundle's signed tree head" }),
              'content-disposition': Type.String({ description: 'attachment; filename="evidence-<case id>.json"' }),
            },
          },
        },
      },
    },
    async (request, reply) => {
      const result = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        const found = await readCase(ctx, request.params.id);
        assertAllowedOnCase(ctx.actor, 'audit:export', found);
        const head = await findLatestTreeHead(pool);
        if (!head) throw auditProblems.noTreeHead();
        const built = await buildEvidenceBundle(pool, found.id, head, (document) => withheldByFieldRules(ctx, found, document));
        if (!built) throw auditProblems.caseNotInLedger({ detail: 'Try again in a few seconds' });
        const outside = await countCaseEventsOutside(pool, found.id, head.treeSize);
        await recordAuditEvent(ctx, {
          action: 'audit.evidence-exported',
          targetType: 'case',
          targetId: found.id,
          caseId: found.id,
          data: { treeSize: head.treeSize, events: built.bundle.events.length, withheldValues: built.withheldCount },
        });
        return { ...built, outside };
      });
      // Events newer than the signed head are not in the bundle; say how many, outside the signed content.
      // Sent as text, so the serializer never reshapes what the signature and proofs cover.
      return reply
        .header('x-docket-events-not-in-bundle', String(result.outside))
        .header('content-disposition', `attachment; filename="evidence-${request.params.id}.json"`)
        .type('application/json')
        .send(JSON.stringify(result.bundle, null, 2));
    },
  );

  app.get(
    '/cases/:id/timeline',
    {
      schema: {
        tags: ['audit'],
        summary: "The regulator's timeline of a case, rendered from its audit events",
        params: CaseParams,
        response: { 200: Type.Ref('CaseTimeline') },
      },
    },
    async (request) =>
      deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        const found = await readCase(ctx, request.params.id);
        assertAllowedOnCase(ctx.actor, 'audit:read', found);
        const rows = await listEventsOfCase(ctx.tx, found.id, 0, 100_000);
        for (const row of rows) row.changes = await presentFieldChanges(ctx, found, row.changes);
        await recordAuditEvent(ctx, { action: 'audit.timeline-read', targetType: 'case', targetId: found.id, caseId: found.id });
        return { caseId: found.id, number: found.number, ...buildTimeline(rows, ctx.now) };
      }),
  );
};
