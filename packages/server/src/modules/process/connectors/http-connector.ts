import { evaluateFeel } from '../../../platform/feel/index.ts';
import type { ConnectorDef, StaticOrExpression } from '../graph.ts';

export interface HttpRequestSpec {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
}

type PreparedRequest = Partial<Omit<HttpRequestSpec, 'body'>> & { body?: unknown };

export type ConnectorResult = { ok: true; value: unknown } | { ok: false; error: string; bpmnErrorCode?: string | null };

const MAX_RESPONSE_CHARS = 1_000_000;

function textOf(value: StaticOrExpression, variables: Record<string, unknown>): unknown {
  return value.static !== undefined ? value.static : evaluateFeel(value.expression ?? 'null', variables);
}

/**
 * The request an HTTP connector makes: a request the engine prepared in the job's data
 * (`data.request`), else the element's settings with its expressions evaluated over the
 * instance's variables. Throws when the URL is not http(s).
 */
export function httpRequestOf(http: NonNullable<ConnectorDef['http']>, jobData: Record<string, unknown>, variables: Record<string, unknown>, maxTimeoutMs: number): HttpRequestSpec {
  const prepared = jobData.request as PreparedRequest | undefined;
  const url = String(prepared?.url ?? textOf(http.url, variables) ?? '');
  if (!/^https?:\/\//i.test(url)) throw new Error(`the connector URL is not http(s): ${url.slice(0, 200)}`);
  // The interpreter prepares the request when it makes the job (data.request, the body as a value).
  const value = prepared && 'body' in prepared ? (prepared.body as unknown) : http.body ? evaluateFeel(http.body, variables) : null;
  const body = value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value);
  const headers = { ...http.headers, ...(prepared?.headers ?? {}) };
  if (body !== null && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  return {
    method: (prepared?.method ?? http.method ?? 'GET').toUpperCase(),
    url,
    headers,
    body,
    timeoutMs: Math.max(1, Math.min(prepared?.timeoutMs ?? http.timeoutMs ?? maxTimeoutMs, maxTimeoutMs)),
  };
}

/**
 * Makes the call: 2xx → ok with the parsed JSON (or the text); any other status → a failure
 * naming it; a network error or the timeout → a failure naming that. Never throws.
 */
export async function callHttp(request: HttpRequestSpec, fetchImpl: typeof fetch = fetch): Promise<ConnectorResult> {
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : (request.body ?? undefined),
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: 'follow',
    });
  } catch (error) {
    const name = (error as Error).name;
    return { ok: false, error: name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${request.timeoutMs} ms` : `request failed: ${(error as Error).message}` };
  }
  let text: string;
  try {
    text = (await response.text()).slice(0, MAX_RESPONSE_CHARS);
  } catch (error) {
    return { ok: false, error: `reading the answer failed: ${(error as Error).message}` };
  }
  if (!response.ok) return { ok: false, error: `HTTP ${response.status}` };
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      return { ok: true, value: text === '' ? null : JSON.parse(text) };
    } catch {
      return { ok: true, value: text };
    }
  }
  return { ok: true, value: text };
}
