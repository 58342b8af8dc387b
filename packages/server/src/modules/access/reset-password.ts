import type { Db } from '../../platform/db/database.ts';
import { insertAuditEvent } from '../audit/index.ts';
import { hashPassword } from './passwords.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { clearSignInThrottlesOfUsername } from './sign-in-store.ts';
import { findUserByUsername, replacePasswordAndEndSessions } from './store.ts';

/**
 * The operator's way back in (`docket reset-password <user>`): run on the server, so it needs
 * no principal; audited as done by the operator console.
 */
export async function resetPasswordAsOperator(db: Db, input: { username: string; password: string; now: Date }): Promise<void> {
  const user = await findUserByUsername(db, input.username);
  if (!user) throw new Error(`No user ${input.username}`);
  const problems = checkPasswordPolicy(input.password, { username: input.username });
  if (problems.length > 0) throw new Error(`The password is refused: ${problems.map((p) => p.reason).join('; ')}`);
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (tx) => {
    await replacePasswordAndEndSessions(tx, user.id, passwordHash, input.now);
    await clearSignInThrottlesOfUsername(tx, user.username);
    await insertAuditEvent(tx, {
      occurredAt: input.now,
      actorId: null,
      actorName: 'operator-cli',
      action: 'auth.password-reset',
      targetType: 'user',
      targetId: user.id,
      channel: 'cli',
    });
  });
}
