import type { CommandContext } from '../../platform/commands/index.ts';
import { findCaseForRoutingOrThrow, type CaseRow } from '../cases/index.ts';
import { findProcessTaskRow } from '../process/index.ts';
import type { RoutingSubject } from './model.ts';

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The case's external source: the ingesting system (system:ingest:<source> writes externalSource). */
function sourceOf(row: CaseRow): string | null {
  return row.externalSource;
}

/** Pure: a case row (address opened, other sealed values left sealed) as the router sees it. */
export function routingSubjectOfCaseRow(row: CaseRow): RoutingSubject {
  const customer = (row.customer ?? {}) as Record<string, unknown>;
  return {
    kind: 'case',
    caseId: row.id,
    taskId: null,
    caseType: row.typeKey,
    channel: row.channel,
    source: sourceOf(row),
    category: text(row.fields.category),
    product: text(row.fields.product),
    customerId: text(customer.id),
    customerTier: text(customer.tier),
    customerRegion: text(customer.region),
    customerBranch: text(customer.branch),
    // Sealed values are envelopes until opened: only the address is opened for routing.
    customerAddress: text(customer.address),
    tags: row.tags,
    riskLevel: text(row.fields.riskLevel),
    slaState: row.slaState ?? null,
    priority: row.priority,
    departmentId: row.departmentId,
    queueId: row.queueId ?? null,
    assigneeId: row.assigneeId,
    processKey: null,
    taskElementId: null,
  };
}

/** The case as the router sees it, read in the running command; with the row it came from. */
export async function routingSubjectOfCase(ctx: CommandContext, caseId: string): Promise<{ subject: RoutingSubject; row: CaseRow }> {
  const row = await findCaseForRoutingOrThrow(ctx, caseId);
  return { subject: routingSubjectOfCaseRow(row), row };
}

/** A process task as the router sees it: its case's facts, its process and step; undefined when it is no process task. */
export async function routingSubjectOfTask(ctx: CommandContext, taskId: string): Promise<RoutingSubject | undefined> {
  const task = await findProcessTaskRow(ctx.tx, taskId);
  if (!task) return undefined;
  const ofCase = task.caseId ? routingSubjectOfCaseRow(await findCaseForRoutingOrThrow(ctx, task.caseId)) : undefined;
  return {
    ...(ofCase ?? emptyCaseSubject()),
    kind: 'task',
    caseId: task.caseId,
    taskId: task.id,
    queueId: null,
    assigneeId: task.assignee,
    processKey: task.processKey,
    taskElementId: task.elementId,
  };
}

function emptyCaseSubject(): RoutingSubject {
  return {
    kind: 'case',
    caseId: null,
    taskId: null,
    caseType: '',
    channel: null,
    source: null,
    category: null,
    product: null,
    customerId: null,
    customerTier: null,
    customerRegion: null,
    customerBranch: null,
    customerAddress: null,
    tags: [],
    riskLevel: null,
    slaState: null,
    priority: 'normal',
    departmentId: null,
    queueId: null,
    assigneeId: null,
    processKey: null,
    taskElementId: null,
  };
}

/** A case the tester describes (POST /routing/test), as the router would see it once created. */
export interface DescribedCase {
  type: string;
  channel?: string;
  source?: string;
  priority?: string;
  fields?: Record<string, unknown>;
  tags?: string[];
  customer?: { id?: string; tier?: string; branch?: string; region?: string; address?: string };
  departmentId?: string;
  slaState?: string;
}

/** Pure. */
export function routingSubjectOfDescribed(input: DescribedCase): RoutingSubject {
  const fields = input.fields ?? {};
  return {
    ...emptyCaseSubject(),
    caseType: input.type,
    channel: input.channel ?? null,
    source: input.source ?? null,
    category: text(fields.category),
    product: text(fields.product),
    customerId: input.customer?.id ?? null,
    customerTier: input.customer?.tier ?? null,
    customerRegion: input.customer?.region ?? null,
    customerBranch: input.customer?.branch ?? null,
    customerAddress: input.customer?.address ?? null,
    tags: input.tags ?? [],
    riskLevel: text(fields.riskLevel),
    slaState: input.slaState ?? null,
    priority: input.priority ?? 'normal',
    departmentId: input.departmentId ?? null,
  };
}
