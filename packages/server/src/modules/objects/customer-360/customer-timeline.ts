import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { resolveFieldAccess } from '../../access/index.ts';
import { findCaseHeadings } from '../../cases/index.ts';
import { customerCaseScope, readableCustomerCaseIds } from './customer-view.ts';
import { findCustomerTypeRow, loadReadableCustomerOrThrow } from './record-access.ts';
import { findRecordPolicyFacts } from './store.ts';
import { listTimelinePage, type TimelineKeyset, type TimelineRow } from './timeline-store.ts';

// GET /customers/{id}/timeline: everything about the customer, newest first, keyset paged. Each
// source is limited to what the reader may see before the page is cut: the customer's cases the
// reader may read (their creation, status changes, public replies, tasks, SLA breaches), the
// record's own changes (action and the names of changed fields the reader may see; never a value),
// and the rule runs and follow-up tasks about the record.

const KEY = /^(a|u|tc|td|c|s|r|b):[0-9a-f-]{1,40}$/;

export function encodeTimelineCursor(row: TimelineRow): string {
  return Buffer.from(JSON.stringify([row.at.toISOString(), row.key])).toString('base64url');
}

export function decodeTimelineCursor(cursor: string): TimelineKeyset {
  try {
    const [at, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof at !== 'string' || typeof key !== 'string' || !KEY.test(key) || new Date(at).toISOString() !== at) throw new Error('bad');
    return { at, key };
  } catch {
    throw httpProblems.validationFailed({ errors: [{ field: 'querystring.after', reason: 'use the nextCursor of the previous page' }] });
  }
}

export interface TimelineItem {
  id: string;
  type: TimelineRow['type'];
  at: string;
  caseId: string | null;
  caseNumber: string | null;
  caseTitle: string | null;
  title: Record<string, unknown>;
  link: { kind: 'case' | 'task' | 'rule' | 'record'; id: string } | null;
}

export async function readCustomerTimeline(ctx: CommandContext, recordId: string, page: { after?: string; limit: number }) {
  const after = page.after ? decodeTimelineCursor(page.after) : undefined;
  const customer = await loadReadableCustomerOrThrow(ctx, recordId);
  const scope = await customerCaseScope(ctx, customer);
  const rows = await listTimelinePage(ctx.tx, { recordId: customer.id, caseIds: readableCustomerCaseIds(ctx, scope), after, limit: page.limit + 1 });
  const items = rows.slice(0, page.limit);
  const headings = await findCaseHeadings(
    ctx,
    items.flatMap((r) => (r.caseId ? [r.caseId] : [])),
  );
  const shownField = await fieldVisibility(ctx, customer.id);
  return {
    items: items.map((r): TimelineItem => {
      const heading = r.caseId ? headings.get(r.caseId) : undefined;
      return {
        id: r.key,
        type: r.type,
        at: r.at.toISOString(),
        caseId: r.caseId,
        caseNumber: heading?.number ?? null,
        caseTitle: heading?.title ?? null,
        title: r.type === 'record-changed' ? { ...r.detail, fields: ((r.detail.fields as string[] | null) ?? []).filter(shownField) } : r.detail,
        link: linkOf(r, customer.id),
      };
    }),
    nextCursor: rows.length > page.limit ? encodeTimelineCursor(items[items.length - 1]!) : null,
  };
}

function linkOf(row: TimelineRow, recordId: string): TimelineItem['link'] {
  switch (row.type) {
    case 'record-changed':
      return { kind: 'record', id: recordId };
    case 'rule-ran':
      return { kind: 'rule', id: String(row.detail.ruleKey) };
    case 'task-created':
    case 'task-completed':
      return row.caseId ? { kind: 'case', id: row.caseId } : { kind: 'task', id: row.refId! };
    default:
      return row.caseId ? { kind: 'case', id: row.caseId } : null;
  }
}

/** The names of fields the reader may not see at all are left out of "changed fields". */
async function fieldVisibility(ctx: CommandContext, recordId: string): Promise<(field: string) => boolean> {
  const type = await findCustomerTypeRow(ctx);
  const policyRecord = await findRecordPolicyFacts(ctx.tx, recordId);
  if (!type || !policyRecord) return () => false;
  const dataClasses = new Map(type.fields.map((f) => [`fields.${f.key}`, f.dataClass ?? null]));
  return (field: string) => {
    const key = field.startsWith('fields.') ? field.slice('fields.'.length) : field;
    if (!field.startsWith('fields.') && !dataClasses.has(`fields.${field}`)) return true; // tags, ownerId, departmentId…
    return resolveFieldAccess(ctx.actor, 'record:read', policyRecord, key, dataClasses.get(`fields.${key}`) ?? null) !== 'hidden';
  };
}
