import type { CommandContext } from '../../../platform/commands/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { routingRuleProblems } from './problems.ts';
import { assertRoutingAdmin, assertRoutingReader } from './rule-access.ts';
import { findDepartmentRef, listBranchAreas, replaceBranchAreas } from './branch-area-store.ts';

export interface BranchAreas {
  departmentId: string;
  areas: string[];
}

async function assertDepartment(ctx: CommandContext, departmentId: string): Promise<void> {
  if (!(await findDepartmentRef(ctx.tx, departmentId))) throw routingRuleProblems.departmentNotFound({ detail: `No department ${departmentId}` });
}

/** The areas a branch serves for branch push: region-code prefixes (1101) or place names found in an address (海淀). */
export async function findBranchAreas(ctx: CommandContext, departmentId: string): Promise<BranchAreas> {
  assertRoutingReader(ctx);
  await assertDepartment(ctx, departmentId);
  return { departmentId, areas: await listBranchAreas(ctx.tx, departmentId) };
}

/** Replaces the areas a branch serves. */
export async function saveBranchAreas(ctx: CommandContext, departmentId: string, areas: string[]): Promise<BranchAreas> {
  assertRoutingAdmin(ctx);
  await assertDepartment(ctx, departmentId);
  const wanted = [...new Set(areas.map((a) => a.trim()).filter((a) => a !== ''))].sort();
  const before = await listBranchAreas(ctx.tx, departmentId);
  await replaceBranchAreas(ctx.tx, departmentId, wanted);
  await recordAuditEvent(ctx, { action: 'routing.branch-areas-saved', targetType: 'department', targetId: departmentId, data: { departmentId, before, after: wanted } });
  return { departmentId, areas: wanted };
}
