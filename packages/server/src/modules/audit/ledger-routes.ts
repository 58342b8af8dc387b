import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { consistencyProof, withFetchedNodes } from '@docket/verify';
import { assertAllowed, assertAllowedOnCase } from '../access/index.ts';
import { presentFieldChanges, readCase } from '../cases/index.ts';
import { buildEvidenceBundle, proveInclusion } from './evidence.ts';
import { countCaseEventsOutside, countLeaves, fetchNodes, findLatestTreeHead, findLeafOfEvent, findTreeHead, listSigningKeys } from './ledger-store.ts';
import { auditProblems } from './problems.ts';
import { recordAuditEvent } from './record-audit-event.ts';
import { listEventsOfCase } from './store.ts';
import { buildTimeline } from './timeline.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';

const Hash = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'hex SHA-256' });
export const SignedTreeHeadView = Type.Object(
  {
    format: Type.Literal('docket.audit.tree-head/v1'),
    treeSize: Type.Integer({ minimum: 1 }),
    rootHash: Hash,
    timestamp: Type.Integer({ description: 'milliseconds since the Unix epoch' }),
    keyId: Hash,
    signature: Type.String({ description: 'base64 Ed25519 signature over the four-line message in docs/operators/audit-ledger.md' }),
  },
  { $id: 'SignedTreeHead' },
);

/** Published without sign-in: a tree head reveals only a size and a hash. */
export const publicAuditRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const pool = deps.database.pool;
  app.get(
    '/audit/public-key',
    {
      schema: {
        tags: ['audit'],
        summary: 'The Ed25519 keys that sign tree heads; the newest first',
        response: {
          200: Type.Object({
            keyId: Hash,
            algorithm: Type.String(),
            publicKey: Type.String({ description: 'PEM SubjectPublicKeyInfo' }),
            keys: Type.Array(Type.Object({ keyId: Hash, algorithm: Type.String(), publicKey: Type.String(), firstUsedAt: Type.String({ format: 'date-time' }) })),
          }),
        },
      },
    },
    async () => {
      const keys = (await listSigningKeys(pool)).reverse();
      const latest = await findLatestTreeHead(pool);
      const current = keys.find((k) => k.keyId === latest?.keyId) ?? keys[0];
      if (!current) throw auditProblems.noTreeHead({ detail: 'No signing key has been used yet: the sequencer has not started' });
      return { ...current, keys: keys.map((k) => ({ ...k, firstUsedAt: k.firstUsedAt.toISOString() })) };
    },
  );
  app.get(
    '/audit/tree-heads/latest',
    { schema: { tags: ['audit'], summary: 'The latest signed tree head', response: { 200: Type.Ref('SignedTreeHead') } } },
    async () => {
      const head = await findLatestTreeHead(pool);
      if (!head) throw auditProblems.noTreeHead();
      return head;
    },
  );
};

export const ledgerRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const pool = deps.database.pool;

  app.get(
    '/audit/events/:id/proof',
    {
      schema: {
        tags: ['audit'],
        summary: 'Inclusion proof of one audit event (RFC 9162 §2.1.3)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ treeSize: Type.Optional(Type.Integer({ minimum: 1, description: 'default: the latest signed tree head' })) }),
        response: {
          200: Type.Object({
            eventId: Type.Integer(),
            leafIndex: Type.Integer(),
            treeSize: Type.Integer(),
            leafHash: Hash,
            inclusionProof: Type.Array(Hash),
            treeHead: Type.Union([Type.Ref('SignedTreeHead'), Type.Null()]),
          }),
        },
      },
    },
    async (request) =>
      deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        assertAllowed(ctx.actor, 'audit:read');
        const leaf = await findLeafOfEvent(pool, request.params.id);
        if (!leaf) throw auditProblems.eventNotInLedger({ detail: `Event ${request.params.id} is unknown or not integrated yet`, eventId: request.params.id });
        let treeSize = request.query.treeSize;
        if (treeSize === undefined) {
          const latest = await findLatestTreeHead(pool);
          if (!latest) throw auditProblems.noTreeHead();
          treeSize = latest.treeSize;
        }
        const size = await countLeaves(pool);
        if (treeSize > size || leaf.leafIndex >= treeSize) {
          throw auditProblems.treeSizeOutOfRange({ detail: `Event ${request.params.id} is leaf ${leaf.leafIndex}; ask for a tree size above it and at most ${size}`, treeSize });
        }
        const [proof] = await proveInclusion(pool, [leaf.leafIndex], treeSize);
        await recordAuditEvent(ctx, { action: 'audit.proof-read', targetType: 'audit-event', targetId: String(request.params.id), data: { treeSize } });
        return {
          eventId: request.params.id,
          leafIndex: leaf.leafIndex,
          treeSize,
          leafHash: leaf.leafHash.toString('hex'),
          inclusionProof: proof!,
          treeHead: (await findTreeHead(pool, treeSize)) ?? null,
        };
      }),
  );

  app.get(
    '/audit/consistency',
    {
      schema: {
        tags: ['audit'],
        summary: 'Consistency proof between two tree sizes (RFC 9162 §2.1.4)',
        // RFC 9162 §2.1.4: a consistency proof is defined from a tree of at least one leaf; the
        // empty tree is a prefix of every tree, so a "proof" from 0 would prove nothing.
        querystring: Type.Object({
          from: Type.Integer({ minimum: 1, description: 'the older tree size, at least 1' }),
          to: Type.Integer({ minimum: 1, description: 'the newer tree size, from ≤ to ≤ the current tree size' }),
        }),
        response: { 200: Type.Object({ from: Type.Integer(), to: Type.Integer(), proof: Type.Array(Hash) }) },
      },
    },
    async (request) => {
      assertAllowed(request.principal!, 'audit:read');
      const { from, to } = request.query;
      const size = await countLeaves(pool);
      if (from > to || to > size) throw auditProblems.treeSizeOutOfRange({ detail: `Need 1 ≤ from ≤ to ≤ ${size}`, from, to });
      const proof = await withFetchedNodes((node) => consistencyProof(from, to, node), (keys) => fetchNodes(pool, keys));
      return { from, to, proof: proof.map((h) => Buffer.from(h).toString('hex')) };
    },
  );

  app.get(
    '/cases/:id/evidence',
    {
      schema: {
        tags: ['audit'],
        summary: "The case's evidence bundle: its events, their inclusion proofs, one signed tree head and the public key",
        description: 'Verify offline with `docket-verify bundle.json`. Values the reader may not see are withheld and committed by digest.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (request, reply) => {
      const result = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        const found = await readCase(ctx, request.params.id);
        assertAllowedOnCase(ctx.actor, 'audit:export', found);
        const head = await findLatestTreeHead(pool);
        if (!head) throw auditProblems.noTreeHead();
        const built = await buildEvidenceBundle(ctx, pool, found, head);
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
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
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

export const ledgerSchemas = [SignedTreeHeadView];
