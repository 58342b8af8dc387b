/** One offending field of a validation problem: `fields.residentId`, `priority`, `line 3: title`. */
export interface FieldError {
  field: string;
  /** For people, in English; may change. */
  reason: string;
  /** Stable name of the reason (`required`, `check-digit`, …: docs/problems.md), for clients to translate. */
  code?: string;
  /** Values the reason names (`{ standard: 'GB 11643' }`, `{ limit: 50 }`), for the translated text. */
  params?: Record<string, string | number>;
}

export interface ProblemDefinition {
  /** Stable slug: rendered as `/problems/<slug>` and documented in docs/problems.md. */
  type: string;
  status: number;
  title: string;
  /** Engine and connector failures say whether a retry may succeed. */
  retryable?: boolean;
}

export interface ProblemOptions {
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** An expected failure with a stable type: rendered as RFC 9457 problem details. */
export class Problem extends Error {
  readonly type: string;
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly extensions: Record<string, unknown>;

  constructor(definition: ProblemDefinition, options: ProblemOptions = {}) {
    super(options.detail ?? definition.title);
    const { detail, ...extensions } = options;
    this.type = definition.type;
    this.status = definition.status;
    this.title = definition.title;
    this.detail = detail;
    this.extensions = definition.retryable === undefined ? extensions : { retryable: definition.retryable, ...extensions };
  }
}

const catalogue = new Map<string, ProblemDefinition>();

/** Every defined problem type, for the docs test that keeps docs/problems.md in step. */
export function listProblemDefinitions(): ProblemDefinition[] {
  return [...catalogue.values()];
}

export type ProblemFactory = ((options?: ProblemOptions) => Problem) & { definition: ProblemDefinition };

export function defineProblem(definition: ProblemDefinition): ProblemFactory {
  const existing = catalogue.get(definition.type);
  if (existing && (existing.status !== definition.status || existing.title !== definition.title)) {
    throw new Error(`Problem type ${definition.type} is defined twice with different meanings`);
  }
  catalogue.set(definition.type, definition);
  const factory = (options?: ProblemOptions) => new Problem(definition, options);
  return Object.assign(factory, { definition });
}

/** Problems that belong to no module: the HTTP layer's own. */
export const httpProblems = {
  validationFailed: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
  malformedJson: defineProblem({ type: 'malformed-json', status: 400, title: 'The request body is not valid JSON' }),
  unsupportedMediaType: defineProblem({ type: 'unsupported-media-type', status: 415, title: 'This content type is not accepted here' }),
  payloadTooLarge: defineProblem({ type: 'payload-too-large', status: 413, title: 'The request body is too large' }),
  uriTooLong: defineProblem({ type: 'uri-too-long', status: 414, title: 'A part of the URL is too long' }),
  malformedUrl: defineProblem({ type: 'malformed-url', status: 400, title: 'The URL is not validly percent-encoded UTF-8' }),
  malformedMultipart: defineProblem({ type: 'malformed-multipart', status: 400, title: 'The multipart/form-data body cannot be read' }),
  routeNotFound: defineProblem({ type: 'route-not-found', status: 404, title: 'No such endpoint' }),
  methodNotAllowed: defineProblem({ type: 'bad-request', status: 400, title: 'The request is not valid' }),
  unauthenticated: defineProblem({ type: 'unauthenticated', status: 401, title: 'Sign in first' }),
  forbidden: defineProblem({ type: 'forbidden', status: 403, title: 'You may not do this' }),
  tooManyRequests: defineProblem({ type: 'too-many-requests', status: 429, title: 'Too many requests; slow down' }),
  preconditionRequired: defineProblem({ type: 'precondition-required', status: 428, title: 'Send If-Match with the version you read' }),
  idempotencyKeyReused: defineProblem({
    type: 'idempotency-key-reused',
    status: 422,
    title: 'This Idempotency-Key was already used for a different request',
  }),
  internalError: defineProblem({ type: 'internal-error', status: 500, title: 'Something went wrong on our side', retryable: true }),
  unavailable: defineProblem({ type: 'service-unavailable', status: 503, title: 'Docket is not ready', retryable: true }),
};
