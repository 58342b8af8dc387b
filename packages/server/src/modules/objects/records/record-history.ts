import type { CommandContext } from '../../../platform/commands/index.ts';
import type { FieldChange } from '../../../platform/db/tables.ts';
import { maskValue } from '../../access/index.ts';
import { fieldAccessOf, findRecordForActionOrThrow } from './record-access.ts';
import { collectEnvelopes, openRecordChanges } from './record-crypto.ts';
import { typeOfRecord } from './record-view.ts';
import { listRecordEvents } from './store.ts';

/**
 * The record's audit events, oldest first. Changes of fields the reader may not see are left
 * out, masked ones masked (sealed values are opened only for readers who see them in clear).
 */
export async function listRecordHistory(ctx: CommandContext, recordId: string, afterId = 0, limit = 100) {
  const record = await findRecordForActionOrThrow(ctx, recordId, 'record:read');
  const type = await typeOfRecord(ctx, record);
  const definitions = new Map(type.fields.map((f) => [f.key, f]));
  const events = await listRecordEvents(ctx.tx, recordId, afterId, limit);
  await ctx.keyRing.ensureKeys(collectEnvelopes(events.map((e) => e.changes)));
  const present = (changes: FieldChange[]): FieldChange[] => {
    const shown: FieldChange[] = [];
    const opened = openRecordChanges(ctx.keyRing, recordId, changes);
    opened.forEach((change, i) => {
      if (!change.field.startsWith('fields.')) {
        shown.push(change);
        return;
      }
      const key = change.field.slice('fields.'.length);
      // A field the record's version no longer has: a value that was sealed is treated as sensitive.
      const wasSealed = collectEnvelopes([changes[i]!.before, changes[i]!.after]).length > 0;
      const dataClass = definitions.get(key)?.dataClass ?? (wasSealed ? 'unknown' : null);
      const access = fieldAccessOf(ctx.actor, 'record:read', record, key, dataClass);
      if (access === 'hidden') return;
      shown.push(access === 'masked' ? { field: change.field, before: maskValue(dataClass ?? 'unknown', change.before), after: maskValue(dataClass ?? 'unknown', change.after) } : change);
    });
    return shown;
  };
  return {
    items: events.map((e) => ({
      id: Number(e.id),
      occurredAt: (e.occurred_at as Date).toISOString(),
      actorId: e.actor_id,
      actorName: e.actor_name,
      onBehalfOf: e.on_behalf_of,
      action: e.action,
      reason: e.reason,
      changes: present((e.changes ?? []) as FieldChange[]),
    })),
  };
}
