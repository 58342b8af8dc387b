import type { FieldChange } from '../../platform/db/tables.ts';
import type { CommandContext } from '../../platform/commands/index.ts';
import type { Json } from '@docket/verify';
import { presentFieldChanges, type CaseRow } from '../cases/index.ts';

/**
 * Which disclosure units of an event the reader may not see: the before/after values of field
 * changes that the reader's field rules mask or hide (the same rules as the case history).
 */
export async function withheldByFieldRules(ctx: CommandContext, found: CaseRow, document: Json): Promise<Set<string>> {
  const withheld = new Set<string>();
  const changes = ((document as { changes?: FieldChange[] }).changes ?? []) as FieldChange[];
  for (const [i, change] of changes.entries()) {
    const [presented] = await presentFieldChanges(ctx, found, [change]);
    for (const side of ['before', 'after'] as const) {
      if (!presented || JSON.stringify(presented[side]) !== JSON.stringify(change[side])) withheld.add(`/changes/${i}/${side}`);
    }
  }
  return withheld;
}
