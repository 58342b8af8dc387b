import type { FastifyInstance } from 'fastify';
import helmet, { strictTransportSecurity } from 'helmet';

/**
 * The Content-Security-Policy of every answer. The console (React, Ant Design, form-js) and
 * Swagger UI load scripts only from their own files, so scripts are 'self' and nothing else: an
 * injected <script> or inline handler does not run. Styles allow 'unsafe-inline' because Ant
 * Design writes its CSS-in-JS into <style> elements at run time and components set style
 * attributes; a style cannot run code. No page of Docket may be framed (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

// Built once: helmet turns the options into fixed header values, so a request only copies them.
const setSecurityHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // HSTS only where the browser really talks TLS to us (below); on plain http it is ignored at
  // best and, sent through a misconfigured proxy, locks users out of a host without TLS.
  strictTransportSecurity: false,
});
const setHsts = strictTransportSecurity({ maxAge: 365 * 24 * 60 * 60, includeSubDomains: true });

/**
 * CSP, frame-ancestors/X-Frame-Options, nosniff, Referrer-Policy and friends on every answer
 * (API, console, errors), and HSTS when the request came over TLS: Docket's own TLS socket, or
 * `X-Forwarded-Proto: https` from a proxy trusted by DOCKET_TRUST_PROXY (an untrusted client
 * cannot switch it on or off).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request.raw, reply.raw, (error?: unknown) => {
      if (error) return done(error as Error);
      if (request.protocol === 'https') return setHsts(request.raw, reply.raw, done);
      done();
    });
  });
}
