import { defineProblem } from '../../platform/http/problem.ts';

/** Refusals of MFA, single sign-on, password changes and session management. */
export const signInProblems = {
  mfaTokenInvalid: defineProblem({ type: 'mfa-token-invalid', status: 401, title: 'The sign-in step is unknown, expired or used; sign in again' }),
  mfaCodeInvalid: defineProblem({ type: 'mfa-code-invalid', status: 401, title: 'The authentication code is wrong' }),
  mfaEnrolmentNotStarted: defineProblem({ type: 'mfa-enrolment-not-started', status: 409, title: 'Start TOTP enrolment first' }),
  mfaAlreadyEnabled: defineProblem({ type: 'mfa-already-enabled', status: 409, title: 'TOTP is already enabled for this account' }),
  mfaNotEnabled: defineProblem({ type: 'mfa-not-enabled', status: 409, title: 'TOTP is not enabled for this account' }),
  mfaRequiredByRole: defineProblem({ type: 'mfa-required-by-role', status: 409, title: 'A role of this account requires a second factor' }),
  passwordPolicyViolated: defineProblem({ type: 'password-policy-violated', status: 400, title: 'The new password does not meet the password policy' }),
  currentPasswordIncorrect: defineProblem({ type: 'current-password-incorrect', status: 403, title: 'The current password is wrong' }),
  passwordNotSet: defineProblem({ type: 'password-not-set', status: 409, title: 'This account signs in through single sign-on and has no password' }),
  sessionNotFound: defineProblem({ type: 'session-not-found', status: 404, title: 'Session not found' }),
  userNotFound: defineProblem({ type: 'user-not-found', status: 404, title: 'User not found' }),
  oidcNotConfigured: defineProblem({ type: 'oidc-not-configured', status: 404, title: 'Single sign-on is not configured' }),
  oidcStateInvalid: defineProblem({ type: 'oidc-state-invalid', status: 400, title: 'The single sign-on attempt is unknown, expired or from another browser' }),
  oidcSignInFailed: defineProblem({ type: 'oidc-sign-in-failed', status: 401, title: 'The identity provider did not confirm the sign-in' }),
  oidcAccountConflict: defineProblem({ type: 'oidc-account-conflict', status: 409, title: 'A local account already uses this username' }),
  oidcAccountDisabled: defineProblem({ type: 'oidc-account-disabled', status: 403, title: 'This account is disabled' }),
};
