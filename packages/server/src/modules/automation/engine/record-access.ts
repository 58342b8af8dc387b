import type { CommandContext } from '../../../platform/commands/index.ts';

// The engine's door to records (modules/objects, part A). Until part A's `[records ready]` lands
// on this branch these refuse; after the merge they call modules/objects/index.ts.

export interface RecordViewForRule {
  id: string;
  version: number;
  typeKey: string;
  departmentId: string | null;
  view: Record<string, unknown>;
}

const NOT_YET = 'records are not available in this build (modules/objects)';

/** The record as the context's actor may read it (masked), or a 404/403 problem. */
export async function readRecordForRule(_ctx: CommandContext, _id: string): Promise<RecordViewForRule> {
  throw new Error(NOT_YET);
}

export async function updateRecordForRule(
  _ctx: CommandContext,
  _id: string,
  _expectedVersion: number,
  _patch: { fields?: Record<string, unknown>; tags?: string[]; ownerId?: string | null; departmentId?: string | null },
): Promise<{ id: string }> {
  throw new Error(NOT_YET);
}

export async function linkRecordToCaseForRule(_ctx: CommandContext, _input: { relationKey: string; fromRecordId: string; toCaseId: string }): Promise<void> {
  throw new Error(NOT_YET);
}
