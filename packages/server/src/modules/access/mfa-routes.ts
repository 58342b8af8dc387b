import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { isMfaStep, login } from './login.ts';
import { signInRateLimits } from './sign-in-rate-limits.ts';
import { completeMfaLogin, confirmTotpEnrolment, disableTotp, getMfaStatus, regenerateRecoveryCodes, resetMfaOfUser, startEnrolmentDuringLogin, startTotpEnrolment } from './mfa.ts';
import { setSessionCookie } from './sessions.ts';
import type { SignInOptions } from './sign-in-options.ts';
import { LoginResponse, MfaLoginBody, MfaLoginResponse, MfaStatusView, MfaTokenBody, PasswordBody, RecoveryCodesView, TotpCodeBody, TotpEnrolmentView, UserIdParams } from './sign-in-schemas.ts';
import { LoginBody } from './schemas.ts';
import { toMe } from './routes.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';

export interface SignInRouteOptions {
  deps: AppDeps;
  signIn: SignInOptions;
}

/** Password sign-in and its second step: the routes under /api/v1/auth/login, no principal needed. */
export const publicMfaRoutes: FastifyPluginAsyncTypebox<SignInRouteOptions> = async (app, { deps, signIn }) => {
  // Per client address (request.ip: the forwarded one when proxies are trusted) ...
  const rateLimit = { max: deps.config.loginRateLimitPerMinute, timeWindow: 60_000 };
  // ... and, since a forwarded address is whatever the client wrote when DOCKET_TRUST_PROXY=true,
  // per connecting peer and per username too, so rotating X-Forwarded-For gains nothing (#11).
  const limits = signInRateLimits(app, deps.config.loginRateLimitPerMinute);

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password',
        description: 'Answers a session, or — when the user has a second factor or a role requires one — an MFA step to complete at /auth/login/mfa.',
        body: LoginBody,
        response: { 200: LoginResponse },
      },
      config: { rateLimit },
      preHandler: [limits.perPeer, limits.perUsername],
    },
    async (request, reply) => {
      const outcome = await limits.countingFailures(request, () =>
        login(deps.database.db, {
          ...request.body,
          clientIp: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          requestId: request.id,
          now: deps.clock.now(),
          sessionTtlMinutes: deps.config.sessionTtlMinutes,
          mfaRequiredRoles: signIn.mfaRequiredRoles,
        }),
      );
      if (isMfaStep(outcome)) {
        return {
          mfaRequired: true as const,
          mfaEnrolmentRequired: outcome.step === 'mfa-enrolment-required',
          mfaToken: outcome.mfaToken,
          expiresAt: outcome.expiresAt.toISOString(),
        };
      }
      const principal = await deps.resolvePrincipal(outcome.token);
      setSessionCookie(request, reply, outcome);
      return { token: outcome.token, expiresAt: outcome.expiresAt.toISOString(), user: toMe(principal!) };
    },
  );

  app.post(
    '/auth/login/mfa',
    {
      schema: { tags: ['auth'], summary: 'Complete sign-in with a TOTP code or a recovery code', body: MfaLoginBody, response: { 200: MfaLoginResponse } },
      config: { rateLimit },
      preHandler: limits.perPeer,
    },
    async (request, reply) => {
      const { mfaToken, code, recoveryCode } = request.body;
      if ((code === undefined) === (recoveryCode === undefined)) {
        throw httpProblems.validationFailed({ errors: [{ field: 'code', reason: 'send exactly one of code and recoveryCode' }] });
      }
      const { session, recoveryCodes } = await completeMfaLogin(deps.database.db, signIn, {
        mfaToken,
        code,
        recoveryCode,
        clientIp: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
        now: deps.clock.now(),
        sessionTtlMinutes: deps.config.sessionTtlMinutes,
      });
      const principal = await deps.resolvePrincipal(session.token);
      setSessionCookie(request, reply, session);
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: toMe(principal!), ...(recoveryCodes ? { recoveryCodes } : {}) };
    },
  );

  app.post(
    '/auth/login/mfa/enrolment',
    {
      schema: { tags: ['auth'], summary: 'Forced enrolment: get a TOTP secret for the MFA step of this sign-in', body: MfaTokenBody, response: { 200: TotpEnrolmentView } },
      config: { rateLimit },
      preHandler: limits.perPeer,
    },
    async (request) => startEnrolmentDuringLogin(deps.database.db, signIn, { mfaToken: request.body.mfaToken, now: deps.clock.now(), requestId: request.id, clientIp: request.ip }),
  );
};

/** The signed-in user's second factor, and the administrator's reset. */
export const mfaRoutes: FastifyPluginAsyncTypebox<SignInRouteOptions> = async (app, { deps, signIn }) => {
  app.get('/auth/mfa', { schema: { tags: ['auth'], summary: 'My second factor', response: { 200: MfaStatusView } } }, async (request) =>
    deps.commands.inQuery(commandMetaOf(request), (ctx) => getMfaStatus(ctx, signIn)),
  );

  app.post('/auth/mfa/totp', { schema: { tags: ['auth'], summary: 'Start TOTP enrolment (again)', response: { 200: TotpEnrolmentView } } }, async (request) =>
    deps.commands.runCommand(commandMetaOf(request), (ctx) => startTotpEnrolment(ctx, signIn)),
  );

  app.post(
    '/auth/mfa/totp/confirm',
    { schema: { tags: ['auth'], summary: 'Confirm TOTP enrolment with a first code; returns recovery codes once', body: TotpCodeBody, response: { 200: RecoveryCodesView } } },
    async (request) => ({ recoveryCodes: await deps.commands.runCommand(commandMetaOf(request), (ctx) => confirmTotpEnrolment(ctx, signIn, request.body.code)) }),
  );

  app.post(
    '/auth/mfa/recovery-codes',
    { schema: { tags: ['auth'], summary: 'Replace my recovery codes (needs a current TOTP code)', body: TotpCodeBody, response: { 200: RecoveryCodesView } } },
    async (request) => ({ recoveryCodes: await deps.commands.runCommand(commandMetaOf(request), (ctx) => regenerateRecoveryCodes(ctx, signIn, request.body.code)) }),
  );

  app.delete('/auth/mfa/totp', { schema: { tags: ['auth'], summary: 'Turn TOTP off (needs the password)', body: PasswordBody, response: { 204: Type.Null() } } }, async (request, reply) => {
    await deps.commands.runCommand(commandMetaOf(request), (ctx) => disableTotp(ctx, signIn, request.body.password));
    return reply.code(204).send(null);
  });

  app.delete('/users/:id/mfa', { schema: { tags: ['auth'], summary: "Administrator: clear a user's second factor", params: UserIdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await deps.commands.runCommand(commandMetaOf(request), (ctx) => resetMfaOfUser(ctx, request.params.id));
    return reply.code(204).send(null);
  });
};
