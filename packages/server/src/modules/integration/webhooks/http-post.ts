import http from 'node:http';
import https from 'node:https';
import { guardedLookup, RefusedAddressError, webhookUrlProblem } from './url-check.ts';

export interface PostResult {
  status: number | null;
  /** Why the attempt failed, never the body: a status, a timeout, a refused connection. */
  error: string | null;
  durationMs: number;
}

// Receivers' answers are read only for their status: at most this much of a body is drained.
const MAX_RESPONSE_BYTES = 64 * 1024;
// Connections to a receiver are kept open between deliveries: a TLS handshake per event would cap the rate.
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

/** POSTs `body` with `headers`; resolves with the outcome, never rejects. */
export function postJson(rawUrl: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<PostResult> {
  const started = performance.now();
  const done = (status: number | null, error: string | null): PostResult => ({ status, error, durationMs: Math.round(performance.now() - started) });
  const problem = webhookUrlProblem(rawUrl);
  if (problem) return Promise.resolve(done(null, `url ${problem}`));
  const url = new URL(rawUrl);
  const secure = url.protocol === 'https:';
  const client = secure ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup as never,
        agent: secure ? agents.https : agents.http,
      },
      (response) => {
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) response.destroy();
        });
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const end = () => finish(done(status, ok ? null : `HTTP ${status}`));
        response.on('end', end);
        response.on('close', end);
        response.on('error', end);
      },
    );
    const timer = setTimeout(() => {
      finish(done(null, `no answer within ${timeoutMs} ms`));
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof RefusedAddressError) return finish(done(null, 'url resolves to a link-local, unspecified or multicast address'));
      finish(done(null, error.code ? `connection failed: ${error.code}` : 'connection failed'));
    });
    request.end(body);
  });
}
