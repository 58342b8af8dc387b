import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { consistencyProof, withFetchedNodes } from '@docket/verify';
import type { Principal } from '../../platform/http/principal.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';
import { proveInclusion } from './evidence.ts';
import { countLeaves, fetchNodes, findLatestTreeHead, findLeafOfEvent, findTreeHead, listSigningKeys } from './ledger-store.ts';
import { auditProblems } from './problems.ts';
import { recordAuditEvent } from './record-audit-event.ts';

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
  app.get('/audit/tree-heads/latest', { schema: { tags: ['audit'], summary: 'The latest signed tree head', response: { 200: Type.Ref('SignedTreeHead') } } }, async () => {
    const head = await findLatestTreeHead(pool);
    if (!head) throw auditProblems.noTreeHead();
    return head;
  });
};

export interface LedgerRouteOptions {
  deps: AppDeps;
  /** Refuses a principal without the action. Passed in by app.ts from access, so that audit, which every module writes to, imports no domain module. */
  assertAllowed: (principal: Principal, action: 'audit:read') => void;
}

export const ledgerRoutes: FastifyPluginAsyncTypebox<LedgerRouteOptions> = async (app, { deps, assertAllowed }) => {
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
      const proof = await withFetchedNodes(
        (node) => consistencyProof(from, to, node),
        (keys) => fetchNodes(pool, keys),
      );
      return { from, to, proof: proof.map((h) => Buffer.from(h).toString('hex')) };
    },
  );
};

export const ledgerSchemas = [SignedTreeHeadView];
