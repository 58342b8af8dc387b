// The typed Docket API client: paths and schemas generated from the server's OpenAPI
// (src/schema.d.ts, by scripts/generate.ts) and a thin fetch wrapper that carries the
// session cookie and its CSRF token, and turns RFC 9457 problem documents into ProblemError.
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.d.ts';

export type { components, paths } from './schema.d.ts';

type Schemas = components['schemas'];
export type Case = Schemas['Case'];
export type CaseType = Schemas['CaseType'];
export type AuditEvent = Schemas['AuditEvent'];
export type Comment = Schemas['Comment'];
export type Attachment = Schemas['Attachment'];
export type CaseLink = Schemas['CaseLink'];
export type Me = Schemas['Me'];
export type User = Schemas['User'];
export type Department = Schemas['Department'];
export type Role = Schemas['Role'];
export type Permission = Role['permissions'][number];
export type Action = Permission['action'];
export type RecordScope = NonNullable<Permission['scope']>;
export type FieldAccess = NonNullable<Permission['fields']>[string];
export type Group = Schemas['Group'];
export type Session = Schemas['Session'];
export type ApiToken = Schemas['ApiToken'];
export type SignedTreeHead = Schemas['SignedTreeHead'];
export type CaseLifecycle = Schemas['CaseLifecycle'];
export type LifecycleStatus = CaseLifecycle['statuses'][number];
export type LifecycleTransition = CaseLifecycle['transitions'][number];
/** A status key of the case type's lifecycle: GET /case-types/{key} lists them with their labels. */
export type CaseTimeline = Schemas['CaseTimeline'];
export type EvidenceBundle = Schemas['EvidenceBundle'];
export type CaseStatus = Case['status'];
export type StatusCategory = LifecycleStatus['category'];
export type CasePriority = Case['priority'];
export type ListCasesQuery = NonNullable<paths['/api/v1/cases']['get']['parameters']['query']>;
export type CreateCaseBody = paths['/api/v1/cases']['post']['requestBody']['content']['application/json'];
export type UpdateCaseBody = paths['/api/v1/cases/{id}']['patch']['requestBody']['content']['application/json'];
export type CommentBody = paths['/api/v1/cases/{id}/comments']['post']['requestBody']['content']['application/json'];
export type LinkBody = paths['/api/v1/cases/{id}/links']['post']['requestBody']['content']['application/json'];
export type SaveCaseTypeBody = paths['/api/v1/case-types/{key}']['put']['requestBody']['content']['application/json'];
export type CreateCaseTypeBody = paths['/api/v1/case-types']['post']['requestBody']['content']['application/json'];
export type CasePage = { items: Case[]; nextCursor: string | null; now: string };
export type CaseActions = NonNullable<Case['allowed']>;
export type AssignableUser = paths['/api/v1/cases/{id}/assignable-users']['get']['responses'][200]['content']['application/json']['items'][number];

export const STATUS_CATEGORIES = ['open', 'waiting', 'resolved', 'closed'] as const satisfies readonly StatusCategory[];
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly CasePriority[];
export const CASE_SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'dueAt', '-dueAt'] as const satisfies readonly NonNullable<ListCasesQuery['sort']>[];
export const LINK_KINDS = ['relates-to', 'duplicates', 'parent-of', 'child-of', 'caused-by'] as const satisfies readonly LinkBody['kind'][];

export const ACTIONS = [
  'case:read',
  'case:create',
  'case:update',
  'case:assign',
  'case:transfer',
  'case:close',
  'case:delete',
  'case:comment',
  'case:attach',
  'case:attachment-read',
  'case:unmask',
  'case:classify',
  'case-type:admin',
  'user:admin',
  'audit:read',
  'audit:export',
  'token:manage',
] as const satisfies readonly Action[];
export const RECORD_SCOPES = ['own', 'department', 'subtree', 'all'] as const satisfies readonly RecordScope[];
export const FIELD_ACCESS = ['hidden', 'masked', 'readable', 'writable'] as const satisfies readonly FieldAccess[];
export const DEPARTMENT_KINDS = ['head-office', 'branch', 'sub-branch', 'functional'] as const satisfies readonly Department['kind'][];

export const CSRF_COOKIE = 'docket_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** An RFC 9457 problem document as the API sends it (the server's Problem schema; extension members vary by type). */
export type ProblemDocument = Schemas['Problem'];
/** One offending field of a validation problem, e.g. `fields.residentId`, with its stable reason code (docs/problems.md). */
export type FieldError = NonNullable<ProblemDocument['errors']>[number];

/** Thrown for every non-2xx answer; `problem` is the document (or one made up for a network failure). */
export class ProblemError extends Error {
  constructor(readonly problem: ProblemDocument) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ProblemError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** The slug after /problems/, e.g. `case-version-stale`. */
  get slug(): string {
    return this.problem.type.replace(/^\/problems\//, '');
  }
}

export function isProblem(error: unknown, slug?: string): error is ProblemError {
  return error instanceof ProblemError && (slug === undefined || error.slug === slug);
}

export function readCookie(name: string, cookieHeader: string = typeof document === 'undefined' ? '' : document.cookie): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Echoes the readable CSRF cookie on unsafe requests: the server's double-submit check. */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!UNSAFE_METHODS.has(request.method) || request.headers.has('authorization')) return request;
    const token = readCookie(CSRF_COOKIE);
    if (token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
};

export async function toProblemError(response: Response): Promise<ProblemError> {
  const text = await response
    .clone()
    .text()
    .catch(() => '');
  try {
    const body = JSON.parse(text) as ProblemDocument;
    if (body && typeof body.title === 'string') return new ProblemError({ ...body, status: body.status ?? response.status });
  } catch {
    // not a problem document: fall through
  }
  return new ProblemError({ type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status, detail: text.slice(0, 200) || undefined });
}

/** Turns problem answers into thrown ProblemErrors, so callers only handle success. */
export const problemMiddleware: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await toProblemError(response);
    return response;
  },
};

export interface DocketClientOptions {
  baseUrl?: string;
  /** An API token; without it the browser's session cookie authenticates. */
  token?: string;
  fetch?: typeof fetch;
}

export function createDocketClient(options: DocketClientOptions = {}) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    credentials: 'same-origin',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
  });
  client.use(csrfMiddleware, problemMiddleware);
  return client;
}

export type DocketClient = ReturnType<typeof createDocketClient>;

/** Unwraps an openapi-fetch result whose errors were already thrown by problemMiddleware. */
export function dataOf<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined && result.data === undefined) throw result.error;
  return result.data as T;
}

/** Headers for a non-JSON request made with fetch directly (uploads): the CSRF token. */
export function csrfHeaders(): Record<string, string> {
  const token = readCookie(CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}
