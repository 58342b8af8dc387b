import type { CommandContext, CommandMeta } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { integrationProblems } from '../problems.ts';
import { deadLetterReason, ingestSourceMessages, type IngestDeps, type SourceMessageResult } from './ingest-messages.ts';
import { findSourceOrThrow } from './source-commands.ts';
import { findDeadLetterWithMessage, listDeadLetters, markDeadLetterReplayed, openDeadLetterMessage, setDeadLetterErrors, type DeadLetterCursor, type DeadLetterRow } from './source-store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeDeadLetterCursor(row: DeadLetterRow): string {
  return Buffer.from(`${row.receivedAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): DeadLetterCursor {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const receivedAt = new Date(at ?? '');
  if (!id || !UUID.test(id) || Number.isNaN(receivedAt.getTime())) {
    throw httpProblems.validationFailed({ errors: [{ field: 'querystring.cursor', reason: 'is not a cursor this list gave out' }] });
  }
  return { receivedAt, id };
}

/** A page of a source's dead letters, newest first (integration:admin); never their messages. */
export async function listSourceDeadLetters(ctx: CommandContext, key: string, limit: number, cursor?: string): Promise<{ items: DeadLetterRow[]; nextCursor: string | null }> {
  assertIntegrationAdmin(ctx);
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  await findSourceOrThrow(ctx, key);
  const rows = await listDeadLetters(ctx.tx, key, limit + 1, after);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeDeadLetterCursor(items[items.length - 1]!) : null };
}

/**
 * Ingests a dead letter again with the source's current mapping (integration:admin), as the
 * source's actor on behalf of the administrator. In the same transaction as the ingestion: a
 * message that becomes (or finds) a case marks the dead letter replayed with that case; one the
 * mapping still refuses keeps its dead letter, with the current reasons. Audited either way.
 */
export async function replayDeadLetter(deps: IngestDeps, meta: CommandMeta, key: string, id: string): Promise<SourceMessageResult> {
  const { source, message } = await deps.commands.inQuery(meta, async (ctx) => {
    assertIntegrationAdmin(ctx);
    const source = await findSourceOrThrow(ctx, key);
    const letter = await findDeadLetterWithMessage(ctx.tx, key, id);
    if (!letter) throw integrationProblems.deadLetterNotFound({ detail: `Source ${key} has no dead letter ${id}` });
    if (!source.active) throw integrationProblems.sourceInactive({ detail: `Source ${key} is switched off: switch it on to replay its dead letters` });
    return { source, message: await openDeadLetterMessage(ctx.keyRing, id, letter.sealedMessage) };
  });
  const [result] = await ingestSourceMessages(deps, key, [{ ref: id, body: message }], {
    source,
    onBehalfOf: meta.actor.userId,
    requestId: meta.requestId,
    clientIp: meta.clientIp,
    afterBatch: async (ctx, [outcome]) => {
      if (!outcome) return;
      const succeeded = outcome.status === 'created' || outcome.status === 'updated' || outcome.status === 'duplicate';
      if (succeeded) await markDeadLetterReplayed(ctx.tx, id, outcome.caseId!, ctx.now);
      else await setDeadLetterErrors(ctx.tx, id, deadLetterReason(outcome.status as 'invalid' | 'refused', outcome.errors ?? []), outcome.errors ?? []);
      await recordAuditEvent(ctx, {
        action: 'integration.dead-letter-replayed',
        targetType: 'ingest-dead-letter',
        targetId: id,
        ...(succeeded ? { caseId: outcome.caseId } : {}),
        data: { source: key, status: outcome.status, caseId: succeeded ? outcome.caseId : null },
      });
    },
  });
  // A message the mapping still refuses keeps the dead letter it has (found by its digest).
  return { ...result!, deadLetterId: result!.status === 'invalid' || result!.status === 'refused' ? id : undefined };
}
