import type { CommandContext } from '../../../platform/commands/index.ts';
import { findRecordForActionOrThrow, linkRecords, presentRecord, updateRecord, type RecordPatch } from '../../objects/index.ts';

// The engine's door to records (modules/objects): read as the context's actor may (masked), change
// and link through the objects module's own commands, so its policy and field rules apply.

export interface RecordViewForRule {
  id: string;
  version: number;
  typeKey: string;
  departmentId: string | null;
  view: Record<string, unknown>;
}

/** The record as the context's actor may read it (masked), or a 404 problem. */
export async function readRecordForRule(ctx: CommandContext, id: string): Promise<RecordViewForRule> {
  const row = await findRecordForActionOrThrow(ctx, id, 'record:read');
  const view = (await presentRecord(ctx, row)) as unknown as Record<string, unknown>;
  return { id: row.id, version: row.version, typeKey: row.typeKey, departmentId: row.departmentId, view };
}

export async function updateRecordForRule(ctx: CommandContext, id: string, expectedVersion: number, patch: RecordPatch): Promise<{ id: string; version: number }> {
  const updated = await updateRecord(ctx, id, patch, expectedVersion);
  return { id: updated.id, version: updated.version };
}

export async function linkRecordToCaseForRule(ctx: CommandContext, input: { relationKey: string; fromRecordId: string; toCaseId: string }): Promise<void> {
  await linkRecords(ctx, input);
}
