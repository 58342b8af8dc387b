import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { defineProblem } from './problem.ts';

// Double-submit CSRF protection for the browser console (OWASP "signed double-submit cookie").
// The readable `docket_csrf` cookie carries a value derived from the httpOnly session token, so a
// page on another origin can neither read it nor forge it; the console echoes it as
// `x-csrf-token`. Bearer requests carry no ambient credential and need no token.
//
// The rule holds for every state-changing request a cookie authenticates, whatever its URL: the
// router decodes and matches paths (`/%61pi/…` routes to `/api/…`), so a check on the raw URL
// could be walked around. Only the sign-in steps are exempt, and they are recognised by the
// route the router chose (routeOptions.url is the declared pattern, never the text sent).

export const CSRF_COOKIE = 'docket_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_COOKIE = 'docket_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Sign-in steps create the session; they cannot yet carry a token for it (the second factor
// step is bound to its own short-lived mfaToken instead).
const EXEMPT_PATHS = new Set(['/api/v1/auth/login', '/api/v1/auth/login/mfa', '/api/v1/auth/login/mfa/enrolment']);

export const csrfProblems = {
  tokenMismatch: defineProblem({ type: 'csrf-token-mismatch', status: 403, title: 'The request lacks the CSRF token of this session' }),
};

/** The CSRF token of a session: a one-way function of its secret token. */
export function csrfTokenForSession(sessionToken: string): string {
  return createHash('sha256').update(`docket-csrf:${sessionToken}`).digest('base64url');
}

function isSameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function setCsrfCookie(request: FastifyRequest, reply: FastifyReply, sessionToken: string, expires?: Date): void {
  reply.setCookie(CSRF_COOKIE, csrfTokenForSession(sessionToken), {
    httpOnly: false,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    path: '/',
    ...(expires ? { expires } : {}),
  });
}

function readSetSessionCookie(reply: FastifyReply): { token: string; expires?: Date } | undefined {
  const header = reply.getHeader('set-cookie');
  const cookies = Array.isArray(header) ? header : header ? [String(header)] : [];
  for (const cookie of cookies) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(cookie);
    if (!match?.[1]) continue;
    const expires = /;\s*Expires=([^;]+)/i.exec(cookie)?.[1];
    return { token: decodeURIComponent(match[1]), expires: expires ? new Date(expires) : undefined };
  }
  return undefined;
}

/** Registers the check (onRequest) and the cookie (at sign-in and whenever a session lacks it). */
export function registerCsrfProtection(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    const sessionToken = request.cookies?.[SESSION_COOKIE];
    if (!sessionToken) return; // no ambient credential: authentication decides
    const expected = csrfTokenForSession(sessionToken);
    if (SAFE_METHODS.has(request.method)) {
      // A session that outlived its CSRF cookie (cleared by hand, older sign-in) gets it back.
      if (request.cookies[CSRF_COOKIE] !== expected) setCsrfCookie(request, reply, sessionToken);
      return;
    }
    // onRequest runs after routing: a request that matched no route has no url here and is checked.
    const route = request.routeOptions.url;
    if (route !== undefined && EXEMPT_PATHS.has(route)) return;
    const given = request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !isSameToken(given, expected)) {
      throw csrfProblems.tokenMismatch({ detail: `Send the ${CSRF_COOKIE} cookie's value as the ${CSRF_HEADER} header, or authenticate with a bearer token` });
    }
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    // Whatever opened a session (password, second factor, single sign-on) also sets its CSRF cookie.
    const session = reply.statusCode < 400 ? readSetSessionCookie(reply) : undefined;
    if (session) {
      setCsrfCookie(request, reply, session.token, session.expires);
    } else if (route === '/api/v1/auth/logout' && reply.statusCode < 300) {
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
    }
    return payload;
  });
}
