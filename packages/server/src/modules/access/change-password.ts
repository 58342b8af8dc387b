import type { CommandContext } from '../../platform/commands/index.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { hashPassword, isPasswordCorrect } from './passwords.ts';
import { signInProblems } from './sign-in-problems.ts';
import { revokeSessionsOfUser, updatePasswordHash } from './sign-in-store.ts';
import { findUserById } from './store.ts';

/**
 * Changes the caller's password after checking the current one. Every other session of the user
 * ends: whoever knew the old password must not stay signed in (OWASP session management, §renewal).
 */
export async function changePassword(ctx: CommandContext, input: { currentPassword: string; newPassword: string }): Promise<{ otherSessionsRevoked: number }> {
  if (ctx.actor.kind !== 'session') throw httpProblems.forbidden({ detail: 'Change a password from a signed-in session, not with an API token' });
  const user = await findUserById(ctx.tx, ctx.actor.userId);
  if (!user) throw signInProblems.userNotFound();
  if (user.passwordHash === null) throw signInProblems.passwordNotSet();
  if (!(await isPasswordCorrect(user.passwordHash, input.currentPassword))) throw signInProblems.currentPasswordIncorrect();
  const errors = checkPasswordPolicy(input.newPassword, { username: user.username }).map((e) => ({ ...e, field: 'newPassword' }));
  if (input.newPassword === input.currentPassword) errors.push({ field: 'newPassword', reason: 'must differ from the current password' });
  if (errors.length > 0) throw signInProblems.passwordPolicyViolated({ errors });

  await updatePasswordHash(ctx.tx, user.id, await hashPassword(input.newPassword), ctx.now);
  const revoked = await revokeSessionsOfUser(ctx.tx, { userId: user.id, now: ctx.now, exceptSessionId: ctx.actor.credentialId });
  await recordAuditEvent(ctx, { action: 'auth.password-changed', targetType: 'user', targetId: user.id, data: { otherSessionsRevoked: revoked.length } });
  return { otherSessionsRevoked: revoked.length };
}
