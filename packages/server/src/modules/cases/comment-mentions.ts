import type { CommandContext } from '../../platform/commands/index.ts';
import { findPolicySubjectOfUser, isCaseActionAllowed, listActivePeopleByUsername } from '../access/index.ts';
import { notifyUsers } from '../notifications/index.ts';
import type { CaseRow } from './case-row.ts';

// A username as the API allows it (org-routes.ts), after an @ that does not follow a word
// character: "@zhang.wei," mentions zhang.wei; "li@bank.example" mentions nobody.
const MENTION = /(?<![\w.])@([a-z0-9][a-z0-9._-]{1,62})/gi;
/** Mentions acted on per note, at most: a note naming the whole branch is not a broadcast. */
const MAX_MENTIONS = 20;

/** The usernames an internal note mentions, without a trailing dot ("@wang." ends a sentence). */
export function mentionedUsernames(body: string): string[] {
  const names = [...body.matchAll(MENTION)].map((m) => m[1]!.replace(/[.]+$/, '').toLowerCase());
  return [...new Set(names)].slice(0, MAX_MENTIONS);
}

/**
 * Tells the people an internal note @mentions, in the note's command — only those who may read
 * the case: a mention never tells someone of a case they cannot see. The notification names the
 * case and the author, never the note's text.
 */
export async function notifyMentions(ctx: CommandContext, found: CaseRow, body: string): Promise<void> {
  const usernames = mentionedUsernames(body);
  if (usernames.length === 0) return;
  const people = await listActivePeopleByUsername(ctx.tx, usernames);
  const readers: string[] = [];
  for (const person of people) {
    if (person.id === ctx.actor.userId) continue;
    const subject = await findPolicySubjectOfUser(ctx.tx, person.id);
    if (subject && isCaseActionAllowed(subject, 'case:read', found)) readers.push(person.id);
  }
  if (readers.length === 0) return;
  await notifyUsers(ctx, { recipients: readers, kind: 'mention', caseId: found.id, params: { caseNumber: found.number } });
}
