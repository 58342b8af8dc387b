import type { CommandContext } from '../../../platform/commands/index.ts';
import { compileCaseFilter, isAllowed } from '../../access/index.ts';
import { findCaseForActionOrThrow, findCaseHeadings, visibilityCondition } from '../../cases/index.ts';
import {
  canReadRecordsOfType,
  findCustomerTypeRow,
  loadPresentedRecords,
  loadCustomer,
  loadReadableCustomerOrThrow,
  readableRecordCondition,
  type CustomerRecord,
  type PresentedRecord,
} from './record-access.ts';
import {
  countCustomerCases,
  countSlaOutcomes,
  customerCaseIds,
  findCaseCustomerRecordId,
  findLinkedCaseIds,
  listCustomerRelations,
  listCustomerTasks,
  listFollowUps,
  listLatestCustomerCases,
  listLinkedRecordIds,
  type CustomerCaseRow,
} from './store.ts';

// GET /customers/{id} and GET /cases/{id}/customer: each section as far as the reader may see.
// A section the reader may not see at all is `{ restricted: true }`, never an error for the page.

export const LATEST_CASES = 5;
const RELATED_PER_RELATION = 20;
const PANEL_RELATED_PER_RELATION = 5;
const TASKS_LISTED = 20;
const FOLLOW_UPS_LISTED = 20;

export interface CaseSummary extends Omit<CustomerCaseRow, 'createdAt' | 'closedAt'> {
  title: string | null;
  createdAt: string;
  closedAt: string | null;
}

export type Restricted = { restricted: true };

export interface RelatedGroup {
  relationKey: string;
  direction: 'outgoing' | 'incoming';
  name: { 'zh-CN': string; 'en-US': string };
  type: { key: string; name: { 'zh-CN': string; 'en-US': string } };
  restricted: boolean;
  total: number;
  items: (PresentedRecord & { references: { field: string; record: PresentedRecord }[] })[];
}

/** The cases a customer has, as far as the reader may read cases: the SQL and the facts behind it. */
export interface CustomerCaseScope {
  externalId: string | null;
  linkedCaseIds: string[];
}

function caseVisibility(ctx: CommandContext) {
  const filter = compileCaseFilter(ctx.actor, 'case:read');
  return filter.kind === 'none' ? null : visibilityCondition(filter);
}

export async function customerCaseScope(ctx: CommandContext, customer: CustomerRecord): Promise<CustomerCaseScope> {
  return { externalId: customer.externalId, linkedCaseIds: await findLinkedCaseIds(ctx.tx, customer.id) };
}

/** SQL of the ids of the customer's cases the reader may read; null when the reader may read no case at all. */
export function readableCustomerCaseIds(ctx: CommandContext, scope: CustomerCaseScope) {
  const visible = caseVisibility(ctx);
  return visible === null ? null : customerCaseIds(scope, visible);
}

async function presentCaseSummaries(ctx: CommandContext, rows: CustomerCaseRow[]): Promise<CaseSummary[]> {
  const headings = await findCaseHeadings(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, title: headings.get(r.id)?.title ?? null, createdAt: r.createdAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null }));
}

export async function buildCaseSection(ctx: CommandContext, scope: CustomerCaseScope, limit: number) {
  const visible = caseVisibility(ctx);
  if (visible === null) return { restricted: true as const };
  const [counts, latest] = await Promise.all([countCustomerCases(ctx.tx, scope, visible), listLatestCustomerCases(ctx.tx, scope, visible, limit)]);
  return {
    restricted: false as const,
    open: { count: counts.open, items: await presentCaseSummaries(ctx, latest.open) },
    past: { count: counts.past, items: await presentCaseSummaries(ctx, latest.past) },
  };
}

/** Related records through every relation from and to the customer type, each followed one level along its reference fields. */
export async function buildRelatedSection(ctx: CommandContext, customer: CustomerRecord, perRelation: number): Promise<RelatedGroup[]> {
  const relations = await listCustomerRelations(ctx.tx, customer.typeId);
  const groups: RelatedGroup[] = [];
  const visible = readableRecordCondition(ctx);
  for (const relation of relations) {
    const base = {
      relationKey: relation.key,
      direction: relation.direction,
      name: relation.direction === 'outgoing' ? { 'zh-CN': relation.nameZh, 'en-US': relation.nameEn } : { 'zh-CN': relation.inverseNameZh, 'en-US': relation.inverseNameEn },
      type: { key: relation.otherTypeKey, name: { 'zh-CN': relation.otherTypeNameZh, 'en-US': relation.otherTypeNameEn } },
    };
    if (visible === null || !canReadRecordsOfType(ctx, relation.otherTypeKey)) {
      groups.push({ ...base, restricted: true, total: 0, items: [] });
      continue;
    }
    const linked = await listLinkedRecordIds(ctx.tx, relation.id, customer.id, relation.direction, visible, perRelation);
    const records = await loadPresentedRecords(ctx, linked.ids, { followReferences: true });
    groups.push({ ...base, restricted: false, total: linked.total, items: records });
  }
  return groups;
}

const TIER_FIELDS = ['tier', 'level', 'segment'];

/** The tier: the first of the fields keyed tier, level or segment the reader sees, with its option label. */
function tierOf(customer: CustomerRecord): { value: string; label: { 'zh-CN': string; 'en-US': string } | null } | null {
  for (const key of TIER_FIELDS) {
    const field = customer.profile.find((f) => f.key === key);
    if (field && typeof field.value === 'string' && field.value !== '') return { value: field.value, label: field.valueLabels?.[0] ?? null };
  }
  return null;
}

export async function readCustomer360(ctx: CommandContext, recordId: string) {
  const customer = await loadReadableCustomerOrThrow(ctx, recordId);
  const scope = await customerCaseScope(ctx, customer);
  const caseIds = readableCustomerCaseIds(ctx, scope);
  const [cases, related, tasks, sla, followUps] = [
    await buildCaseSection(ctx, scope, LATEST_CASES),
    await buildRelatedSection(ctx, customer, RELATED_PER_RELATION),
    await listCustomerTasks(ctx.tx, customer.id, caseIds, TASKS_LISTED),
    caseIds === null ? null : await countSlaOutcomes(ctx.tx, caseIds),
    await listFollowUps(ctx.tx, customer.id, FOLLOW_UPS_LISTED),
  ];
  const taskCases = await findCaseHeadings(
    ctx,
    tasks.items.flatMap((t) => (t.caseId ? [t.caseId] : [])),
  );
  return {
    customer: customer.view,
    type: customer.type,
    profile: customer.profile,
    tier: tierOf(customer),
    tags: customer.view.tags,
    related,
    cases,
    tasks: {
      restricted: false,
      open: tasks.open,
      total: tasks.total,
      items: tasks.items.map((t) => ({
        ...t,
        caseNumber: t.caseId ? (taskCases.get(t.caseId)?.number ?? null) : null,
        dueAt: t.dueAt?.toISOString() ?? null,
        createdAt: t.createdAt.toISOString(),
        completedAt: t.completedAt?.toISOString() ?? null,
      })),
    },
    sla: sla === null ? { restricted: true as const } : { restricted: false as const, ...sla },
    followUps: {
      restricted: false,
      total: followUps.total,
      // A rule's page is for those who may read rules; the run itself is about a record the reader may read.
      canOpenRules: isAllowed(ctx.actor, 'automation:read'),
      items: followUps.items.map((f) => ({
        id: f.id,
        ruleKey: f.ruleKey,
        ruleName: f.ruleName,
        status: f.status,
        triggerKind: f.triggerKind,
        triggerDetail: f.triggerDetail,
        startedAt: f.startedAt.toISOString(),
        actions: summariseActions(f.actions),
      })),
    },
  };
}

/** A run's actions as types and outcomes only (the run history holds ids, never field values). */
function summariseActions(actions: unknown): { type: string; status: string }[] {
  if (!Array.isArray(actions)) return [];
  return actions.flatMap((a) => (a && typeof a === 'object' && typeof a.type === 'string' && typeof a.status === 'string' ? [{ type: a.type as string, status: a.status as string }] : []));
}

const NO_CASES = { restricted: false as const, open: { count: 0, items: [] }, past: { count: 0, items: [] } };

/** The case view's customer panel: the case must be readable; the customer record is shown only if the reader may read it. */
export async function readCaseCustomerPanel(ctx: CommandContext, caseId: string) {
  const found = await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  const customerType = await findCustomerTypeRow(ctx);
  const customerRef = typeof found.customer?.id === 'string' ? found.customer.id : null;
  const recordId = customerType ? await findCaseCustomerRecordId(ctx.tx, customerType.id, customerRef, found.id) : null;
  // No customer record is a normal state of a case (the panel says so), not an error: every
  // case view asks, and a browser reports each 4xx it gets.
  const none = { hasCustomer: false, restricted: false, caseId: found.id, customer: null, tier: null, tags: [], cases: NO_CASES, related: [] };
  if (recordId === null) return none;
  const customer = await loadCustomer(ctx, recordId);
  if (customer === null) return none;
  if (customer === 'hidden') {
    // The reader may read the case but not its customer's record: say so, and show only the
    // customer's cases the reader may read anyway (by the case's customer id, which the case shows).
    const scope = { externalId: customerRef, linkedCaseIds: [] };
    return { hasCustomer: true, restricted: true, caseId: found.id, customer: null, tier: null, tags: [], cases: await buildCaseSection(ctx, scope, 3), related: [] };
  }
  const scope = await customerCaseScope(ctx, customer);
  return {
    hasCustomer: true,
    restricted: false,
    caseId: found.id,
    customer: customer.view,
    type: customer.type,
    profile: customer.profile,
    tier: tierOf(customer),
    tags: customer.view.tags,
    cases: await buildCaseSection(ctx, scope, 3),
    related: await buildRelatedSection(ctx, customer, PANEL_RELATED_PER_RELATION),
  };
}
