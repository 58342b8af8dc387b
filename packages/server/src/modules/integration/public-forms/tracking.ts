import type { CommandContext } from '../../../platform/commands/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { addComment, type CaseRow, findCaseTypeVersionCached, listComments, readCase, reopenOnCustomerReply } from '../../cases/index.ts';
import { integrationProblems } from '../problems.ts';
import { findTrackedCaseId, insertSubmissionLog } from './form-store.ts';
import { contentHash, hashTrackingToken } from './form-token.ts';
import type { PublicStatus } from './schemas.ts';
import { assertWithinRate } from './public-submissions.ts';

/** What a customer reads: the bank's words, not its internal status names. */
export const PUBLIC_STATUS_LABELS: Record<PublicStatus, { 'zh-CN': string; 'en-US': string }> = {
  received: { 'zh-CN': '受理中', 'en-US': 'Received' },
  'in-progress': { 'zh-CN': '处理中', 'en-US': 'In progress' },
  answered: { 'zh-CN': '已答复', 'en-US': 'Answered' },
  completed: { 'zh-CN': '已办结', 'en-US': 'Completed' },
};

export const REOPEN_REASON = '客户在跟踪页回复 The customer replied on the tracking page';

export interface TrackingMessage {
  id: string;
  from: 'customer' | 'service-desk';
  body: string;
  at: string;
}

export interface TrackingView {
  number: string;
  status: PublicStatus;
  statusLabels: { 'zh-CN': string; 'en-US': string };
  createdAt: string;
  updatedAt: string;
  messages: TrackingMessage[];
  canReply: boolean;
}

/**
 * The case a token tracks. A wrong token and an unknown one get the same 404; the lookup is by
 * the token's SHA-256, so how long it takes says nothing about how near a guess came.
 */
async function trackedCaseOrThrow(ctx: CommandContext, token: string): Promise<CaseRow> {
  const caseId = await findTrackedCaseId(ctx.tx, hashTrackingToken(token));
  if (!caseId) throw integrationProblems.trackingNotFound({ detail: 'No case is tracked with this link' });
  return readCase(ctx, caseId);
}

async function initialStatusOf(ctx: CommandContext, row: CaseRow): Promise<string | undefined> {
  return (await findCaseTypeVersionCached(ctx.tx, row.typeKey, row.typeVersion))?.lifecycle.initial;
}

function publicStatusOf(row: CaseRow, initial: string | undefined, lastFrom: TrackingMessage['from'] | undefined): PublicStatus {
  if (row.statusCategory === 'resolved' || row.statusCategory === 'closed') return 'completed';
  if (row.statusCategory === 'waiting' || lastFrom === 'service-desk') return 'answered';
  return row.status === initial ? 'received' : 'in-progress';
}

/**
 * The tracking page (as system:ingest:web-form): status in the customer's words, the public
 * replies (the bank signs as 客服 / service desk, never a person) and the customer's own messages.
 * Internal notes, the assignee, the department and the case's fields are never in it.
 */
export async function readTracking(ctx: CommandContext, token: string): Promise<TrackingView> {
  const row = await trackedCaseOrThrow(ctx, token);
  const comments = await listComments(ctx, row.id);
  const messages: TrackingMessage[] = comments
    .filter((c) => c.visibility === 'public')
    .map((c) => ({ id: c.id, from: c.origin === 'customer' ? 'customer' : 'service-desk', body: c.body, at: c.createdAt.toISOString() }));
  const status = publicStatusOf(row, await initialStatusOf(ctx, row), messages.at(-1)?.from);
  return {
    number: row.number,
    status,
    statusLabels: PUBLIC_STATUS_LABELS[status],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    messages,
    canReply: row.statusCategory !== 'closed',
  };
}

/**
 * The customer's reply on the tracking page: a public comment of origin customer, channel
 * web-form. A resolved case is reopened (with the reason), one waiting on the customer goes back
 * to work; a closed case takes no more replies.
 */
export async function replyOnTracking(ctx: CommandContext, token: string, body: string, perHour: number): Promise<{ id: string; reopened: boolean }> {
  const row = await trackedCaseOrThrow(ctx, token);
  if (row.statusCategory === 'closed') throw integrationProblems.trackingClosed({ detail: `Case ${row.number} is closed` });
  const clientAddress = ctx.clientIp ?? 'unknown';
  await assertWithinRate(ctx, clientAddress, perHour);
  const comment = await addComment(ctx, row.id, { body, visibility: 'public', origin: 'customer', channel: 'web-form' });
  await insertSubmissionLog(ctx.tx, { id: newId(), kind: 'reply', clientAddress, formKey: null, contentHash: contentHash(ctx.keyRing, body), caseId: row.id }, ctx.now);
  // A waiting case goes back to work too; only a resolved one counts as reopened for the customer.
  const reopened = (await reopenOnCustomerReply(ctx, row.id, REOPEN_REASON)) && row.statusCategory === 'resolved';
  return { id: comment.id, reopened };
}
