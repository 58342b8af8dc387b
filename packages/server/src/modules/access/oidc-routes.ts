import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { createOidcSignIn, OIDC_STATE_TTL_MS } from './oidc.ts';
import { setSessionCookie } from './sessions.ts';
import type { SignInOptions } from './sign-in-options.ts';
import { signInProblems } from './sign-in-problems.ts';

export const OIDC_STATE_COOKIE = 'docket_oidc_state';
const COOKIE_PATH = '/api/v1/auth/oidc';

/** Single sign-on: the browser leaves for the provider and comes back with a code. No principal needed. */
export const publicOidcRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; signIn: SignInOptions }> = async (app, { deps, signIn }) => {
  const oidc = signIn.oidc ? createOidcSignIn(signIn.oidc) : undefined;
  const rateLimit = { max: deps.config.loginRateLimitPerMinute, timeWindow: 60_000 };

  app.get('/auth/oidc/login', { schema: { tags: ['auth'], summary: 'Single sign-on: redirect to the identity provider (PKCE, state, nonce)' }, config: { rateLimit } }, async (request, reply) => {
    if (!oidc) throw signInProblems.oidcNotConfigured();
    const { url, state } = await oidc.startSignIn(deps.database.db, deps.clock.now());
    // SameSite=Lax: the provider sends the browser back with a top-level cross-site GET, which Strict would strip.
    reply.setCookie(OIDC_STATE_COOKIE, state, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      path: COOKIE_PATH,
      maxAge: OIDC_STATE_TTL_MS / 1000,
    });
    return reply.redirect(url.href, 302);
  });

  app.get(
    '/auth/oidc/callback',
    {
      schema: {
        tags: ['auth'],
        summary: 'Single sign-on: the provider returns here; opens a session and redirects to the console',
        querystring: Type.Object({ code: Type.Optional(Type.String()), state: Type.Optional(Type.String()), error: Type.Optional(Type.String()) }),
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      if (!oidc) throw signInProblems.oidcNotConfigured();
      const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      reply.clearCookie(OIDC_STATE_COOKIE, { path: COOKIE_PATH });
      const session = await oidc.finishSignIn(deps.database.db, {
        callbackQuery: new URLSearchParams(rawQuery),
        stateCookie: request.cookies?.[OIDC_STATE_COOKIE],
        clientIp: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
        now: deps.clock.now(),
        sessionTtlMinutes: deps.config.sessionTtlMinutes,
      });
      setSessionCookie(request, reply, session);
      return reply.redirect('/', 302);
    },
  );
};
