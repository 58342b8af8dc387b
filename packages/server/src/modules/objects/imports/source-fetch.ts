import http from 'node:http';
import https from 'node:https';
import { guardedLookup, outboundUrlProblem, RefusedAddressError } from '../../integration/index.ts';

// One GET to a source system for the lookup connector: JSON in, at most 1 MiB, within the
// connector's timeout, through the webhooks' address guard (no link-local, metadata or multicast
// address, checked on the address actually connected to).

export const MAX_SOURCE_ANSWER_BYTES = 1024 * 1024;

export type SourceAnswer =
  | { kind: 'found'; body: unknown; status: number }
  | { kind: 'not-found'; status: number }
  /** Why, never the body: a status, a timeout, a refused connection, an answer that is not JSON. */
  | { kind: 'failed'; reason: string; status: number | null };

/** GETs `url`; resolves with the outcome, never rejects. */
export function getSourceJson(url: string, headers: Record<string, string>, timeoutMs: number): Promise<SourceAnswer> {
  const problem = outboundUrlProblem(url);
  if (problem) return Promise.resolve({ kind: 'failed', reason: `url ${problem}`, status: null });
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: SourceAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const request = client.request(target, { method: 'GET', headers: { accept: 'application/json', ...headers }, lookup: guardedLookup as never }, (response) => {
      const status = response.statusCode ?? 0;
      if (status === 404 || status === 410) {
        response.resume();
        return finish({ kind: 'not-found', status });
      }
      if (status < 200 || status >= 300) {
        response.resume();
        return finish({ kind: 'failed', reason: `the source answered HTTP ${status}`, status });
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_SOURCE_ANSWER_BYTES) {
          response.destroy();
          finish({ kind: 'failed', reason: `the answer is larger than ${MAX_SOURCE_ANSWER_BYTES} bytes`, status });
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        try {
          finish({ kind: 'found', body: JSON.parse(Buffer.concat(chunks).toString('utf8')), status });
        } catch {
          finish({ kind: 'failed', reason: 'the answer is not JSON', status });
        }
      });
      response.on('error', () => finish({ kind: 'failed', reason: 'the answer was cut off', status }));
    });
    const timer = setTimeout(() => {
      finish({ kind: 'failed', reason: `no answer within ${timeoutMs} ms`, status: null });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof RefusedAddressError) return finish({ kind: 'failed', reason: 'the url resolves to a link-local, unspecified or multicast address', status: null });
      finish({ kind: 'failed', reason: error.code ? `connection failed: ${error.code}` : 'connection failed', status: null });
    });
    request.end();
  });
}
