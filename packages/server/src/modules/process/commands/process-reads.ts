import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed, isAllowed } from '../../access/index.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import type { InstanceRecord, InstanceState } from '../engine/contract.ts';
import { processProblems } from '../problems.ts';
import { findDeploymentXml, listDefinitionVersions, listLatestDefinitions } from '../store/definitions-store.ts';
import { findInstanceDetail, findInstanceRow, listCaseHistory, listInstanceHistory, listInstances, type HistoryEntry, type InstanceDetail } from '../store/instance-queries.ts';
import { assertMayReadInstance, mayReadCaseOf } from './instance-access.ts';

const assertMayReadProcesses = (ctx: CommandContext) => {
  if (!isAllowed(ctx.actor, 'process:admin')) assertAllowed(ctx.actor, 'process:read');
};

export async function listProcesses(ctx: CommandContext) {
  assertMayReadProcesses(ctx);
  return listLatestDefinitions(ctx.tx);
}

export async function readProcess(ctx: CommandContext, key: string, version?: number) {
  assertMayReadProcesses(ctx);
  const versions = await listDefinitionVersions(ctx.tx, key);
  const shown = version === undefined ? versions[0] : versions.find((v) => v.version === version);
  if (!shown) throw processProblems.definitionNotFound({ detail: `No process ${key}${version ? ` version ${version}` : ''} is deployed`, processKey: key, version: version ?? null });
  return { key, shown, versions, xml: (await findDeploymentXml(ctx.tx, shown.deploymentId)) ?? '' };
}

export async function readInstance(ctx: CommandContext, instanceId: string): Promise<InstanceDetail> {
  const detail = await findInstanceDetail(ctx.tx, instanceId);
  await assertMayReadInstance(ctx, detail?.instance, instanceId);
  return detail!;
}

export async function readInstanceHistory(ctx: CommandContext, instanceId: string): Promise<HistoryEntry[]> {
  const instance = await assertMayReadInstance(ctx, await findInstanceRow(ctx.tx, instanceId), instanceId);
  return listInstanceHistory(ctx.tx, instance);
}

/**
 * The ended steps of every process of a case, newest first: process:read (or process:admin) and
 * the right to read the case, which answers 404 as the case itself would.
 */
export async function readCaseHistory(ctx: CommandContext, caseId: string, limit: number) {
  assertMayReadProcesses(ctx);
  if (!isAllowed(ctx.actor, 'process:admin')) await findCaseForActionOrThrow(ctx, caseId, 'case:read');
  return listCaseHistory(ctx.tx, caseId, limit);
}

/**
 * Instances, newest first. A reader without process:admin sees those without a case and those of
 * cases they may read: with `caseId` the case is checked once (404 as for the case itself);
 * without, each page is filtered by the cases the reader may read, so a page may hold fewer rows
 * than `limit` while `nextCursor` says more may follow.
 */
export async function listInstancesForReader(
  ctx: CommandContext,
  filter: { caseId?: string; processKey?: string; state?: InstanceState; limit: number; before?: { startedAt: Date; id: string } },
): Promise<{ items: InstanceRecord[]; next: InstanceRecord | null }> {
  assertMayReadProcesses(ctx);
  if (filter.caseId && !isAllowed(ctx.actor, 'process:admin')) await findCaseForActionOrThrow(ctx, filter.caseId, 'case:read');
  const rows = await listInstances(ctx.tx, { ...filter, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  const seen = new Map<string, boolean>();
  const items: InstanceRecord[] = [];
  for (const row of page) if (await mayReadCaseOf(ctx, row.caseId, seen)) items.push(row);
  return { items, next: rows.length > filter.limit ? page[page.length - 1]! : null };
}
