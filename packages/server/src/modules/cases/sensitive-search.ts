import type { CommandContext } from '../../platform/commands/index.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { mayEverReadClassUnmasked, mayReadUnmasked } from '../access/index.ts';
import { countRecentEventsOfActor, recordAuditEvent } from '../audit/index.ts';
import type { CaseRow } from './case-row.ts';
import { findFieldDefinitions } from './case-type-fields.ts';

// Finding cases by a full phone, resident id, bank card or account number tells the searcher
// whether that value is on file: with a mask such as 159****2222 in hand, a thousand searches
// recover the number. So such a search is for those who may see the value in clear anyway,
// states its purpose, is counted per user, and is audited with its purpose, never the value.

export type SensitiveQuery = Partial<Record<'resident-id' | 'bank-card' | 'phone' | 'account', string>>;

const SEARCHED = 'case.searched-by-identity';
const REFUSED = 'case.identity-search-refused';
const WINDOW_MS = 60_000;

/**
 * Lets a search by sensitive values go ahead, or refuses it (400 without a purpose, 403 for a
 * caller who never sees these classes in clear, 429 above the per-minute limit). A refusal is
 * audited too; list reads run outside a transaction, so the event commits although the read fails.
 */
export async function admitSensitiveSearch(ctx: CommandContext, dataClasses: string[], purpose: string | undefined, perMinute: number): Promise<void> {
  if (!purpose?.trim()) {
    throw httpProblems.validationFailed({ errors: [{ field: 'purpose', reason: 'is required to search by a phone, resident id, bank card or account number' }] });
  }
  const refuse = async (why: string) => recordAuditEvent(ctx, { action: REFUSED, targetType: 'case-list', targetId: '-', reason: purpose, data: { dataClasses, refused: why } });
  const unreadable = dataClasses.filter((dataClass) => !mayEverReadClassUnmasked(ctx.actor, dataClass));
  if (unreadable.length > 0) {
    await refuse('masked-for-caller');
    throw httpProblems.forbidden({ detail: `You see ${unreadable.join(', ')} only masked, so you may not search by it`, action: 'case:unmask' });
  }
  const recent = await countRecentEventsOfActor(ctx.tx, ctx.actor.userId, SEARCHED, new Date(ctx.now.getTime() - WINDOW_MS));
  if (recent >= perMinute) {
    await refuse('rate-limited');
    throw httpProblems.tooManyRequests({ detail: `At most ${perMinute} searches by a sensitive value per minute`, retryAfterSeconds: 60 });
  }
  await recordAuditEvent(ctx, { action: SEARCHED, targetType: 'case-list', targetId: '-', reason: purpose, data: { dataClasses } });
}

/**
 * The cases of a sensitive search the caller may see the searched values of in clear: a case
 * where the matching field is masked for them would confirm the value all the same.
 */
export async function keepUnmaskedMatches(ctx: CommandContext, rows: CaseRow[], dataClasses: string[]): Promise<CaseRow[]> {
  const kept: CaseRow[] = [];
  for (const row of rows) {
    const definitions = await findFieldDefinitions(ctx.tx, row.typeKey, row.typeVersion);
    const sensitiveKeys = [...definitions.values()].filter((d) => d.dataClass && dataClasses.includes(d.dataClass));
    if (sensitiveKeys.every((d) => mayReadUnmasked(ctx.actor, row, d.key, d.dataClass!))) kept.push(row);
  }
  return kept;
}
