import { csrfHeaders, toProblemError } from '@docket/client';

/**
 * A JSON request to the engine's routes, with the session cookie and the CSRF header; a non-2xx
 * answer is thrown as a ProblemError, as the typed client does. For the few engine calls the
 * typed client cannot express (an XML body) or does not describe yet.
 */
export async function engineRequest<T>(method: 'GET' | 'POST', path: string, options: { query?: Record<string, string | number | undefined>; json?: unknown } = {}): Promise<T> {
  const query = Object.entries(options.query ?? {}).filter(([, v]) => v !== undefined && v !== '');
  const url = query.length > 0 ? `${path}?${new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString()}` : path;
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(method === 'POST' ? csrfHeaders() : {}), ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: options.json !== undefined ? JSON.stringify(options.json) : undefined,
  });
  if (!response.ok) throw await toProblemError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A list answer, whether the route sends `{ items }` or a bare array. */
export function itemsOf<T>(answer: { items: T[] } | T[] | undefined | null): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : (answer.items ?? []);
}
