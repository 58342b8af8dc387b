import type { CommandContext } from '../../../platform/commands/index.ts';
import { readCase, updateCase, type NewCaseInput } from '../../cases/index.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * onExisting 'update': the mapped values of a repeated message applied to the case its external
 * id already has, through the cases module's update command (its checks, audit and events), and
 * only the values that differ, so a plain redelivery changes nothing. True when something changed.
 */
export async function applyMappedChanges(ctx: CommandContext, caseId: string, input: NewCaseInput): Promise<boolean> {
  const current = await readCase(ctx, caseId);
  const changes: Parameters<typeof updateCase>[3] = {};
  if (input.title !== undefined && input.title.trim() !== current.title) changes.title = input.title;
  if (input.priority !== undefined && input.priority !== current.priority) changes.priority = input.priority;
  if (input.channel !== undefined && input.channel !== current.channel) changes.channel = input.channel;
  if (input.tags !== undefined && !same([...new Set(input.tags)].sort(), [...current.tags].sort())) changes.tags = input.tags;
  if (input.sensitivity !== undefined && input.sensitivity !== current.sensitivity) changes.sensitivity = input.sensitivity;
  const fields = Object.fromEntries(Object.entries(input.fields ?? {}).filter(([key, value]) => !same(value, current.fields[key])));
  if (Object.keys(fields).length > 0) changes.fields = fields;
  if (input.customer !== undefined) {
    const merged = { ...(current.customer ?? {}), ...input.customer };
    if (!same(merged, current.customer)) changes.customer = merged;
  }
  if (Object.keys(changes).length === 0) return false;
  await updateCase(ctx, caseId, current.version, changes);
  return true;
}
