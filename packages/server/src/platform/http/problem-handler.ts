import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpProblems, Problem, type FieldError } from './problem.ts';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

// Ajv paths are JSON pointers (/fields/residentId); clients read dotted names.
function toFieldErrors(errors: AjvError[], part: string | undefined): FieldError[] {
  const prefix = part && part !== 'body' ? `${part}.` : '';
  return errors.map((error) => {
    let field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
    if (error.keyword === 'required') field = [field, String(error.params.missingProperty)].filter(Boolean).join('.');
    if (error.keyword === 'additionalProperties') {
      field = [field, String(error.params.additionalProperty)].filter(Boolean).join('.');
      return { field: prefix + field, reason: 'is not a known field', code: 'unknown-field' };
    }
    let reason = error.message ?? error.keyword;
    if (error.keyword === 'enum') reason = `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    if (error.keyword === 'required') reason = 'is required';
    return { field: prefix + (field || '(root)'), reason, ...codeOf(error) };
  });
}

// Ajv's keywords as the stable reason codes of docs/problems.md, with the values they name.
const KEYWORD_CODES: Record<string, { code: string; param?: string }> = {
  required: { code: 'required' },
  minLength: { code: 'too-short', param: 'limit' },
  maxLength: { code: 'too-long', param: 'limit' },
  minimum: { code: 'too-small', param: 'limit' },
  maximum: { code: 'too-large', param: 'limit' },
  minItems: { code: 'too-few', param: 'limit' },
  maxItems: { code: 'too-many', param: 'limit' },
  pattern: { code: 'pattern' },
  format: { code: 'format', param: 'format' },
  type: { code: 'wrong-type', param: 'type' },
  enum: { code: 'not-allowed-value' },
  minProperties: { code: 'empty' },
};

function codeOf(error: AjvError): Pick<FieldError, 'code' | 'params'> {
  const known = KEYWORD_CODES[error.keyword];
  if (!known) return { code: 'invalid' };
  if (error.keyword === 'enum') return { code: known.code, params: { allowed: (error.params.allowedValues as unknown[]).join(', ') } };
  const value = known.param ? error.params[known.param] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? { code: known.code, params: { [known.param!]: value } } : { code: known.code };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function toProblem(error: FastifyError | Error): Problem {
  if (error instanceof Problem) return error;
  const fastifyError = error as FastifyError & { validation?: AjvError[]; validationContext?: string };
  if (fastifyError.validation) {
    return httpProblems.validationFailed({
      errors: dedupe(toFieldErrors(fastifyError.validation, fastifyError.validationContext)),
    });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return httpProblems.malformedJson({ detail: 'Send a JSON document in the request body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return httpProblems.unsupportedMediaType({ detail: fastifyError.message });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return httpProblems.payloadTooLarge();
    // @fastify/multipart's own refusals: too many parts, or a part named __proto__.
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return httpProblems.payloadTooLarge({ detail: `The form has too many parts (${fastifyError.message})` });
    case 'FST_PROTO_VIOLATION':
    case 'FST_MP_PREMATURE_CLOSE':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return httpProblems.malformedMultipart({ detail: fastifyError.message });
    case 'FST_ERR_BAD_URL':
      return httpProblems.malformedUrl({ detail: 'Percent-encode the path as UTF-8 (%XX escapes of valid UTF-8 bytes only)' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return httpProblems.uriTooLong({ detail: 'A path parameter is longer than 100 characters' });
    default:
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) return httpProblems.malformedJson();
  // Any other client error keeps its status class: a 4xx from Fastify or a plugin is never a 500.
  switch (fastifyError.statusCode) {
    case 413:
      return httpProblems.payloadTooLarge({ detail: fastifyError.message });
    case 414:
      return httpProblems.uriTooLong({ detail: fastifyError.message });
    case 406:
    case 415:
      return httpProblems.unsupportedMediaType({ detail: fastifyError.message });
    case 429:
      return httpProblems.tooManyRequests({ detail: fastifyError.message });
    default:
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return httpProblems.methodNotAllowed({ detail: fastifyError.message });
  }
  return httpProblems.internalError();
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: `/problems/${problem.type}`,
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      instance: request.url.split('?')[0],
      requestId: request.id,
      ...problem.extensions,
    });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before a route is found (a path that is not
 * valid percent-encoded UTF-8, a path parameter over maxParamLength) answer as problems too,
 * instead of Fastify's own JSON shape.
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendProblem(request, reply, toProblem(error));
}

export interface ProblemHandlerOptions {
  /** Called for every 403 after the command rolled back, so a denial can be audited on its own. */
  onForbidden?: (request: FastifyRequest, problem: Problem) => Promise<void>;
}

export async function registerProblemHandler(app: FastifyInstance, options: ProblemHandlerOptions = {}): Promise<void> {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const problem = toProblem(error);
    if (problem.status === 403 && options.onForbidden) {
      await options.onForbidden(request, problem).catch((auditError: Error) => request.log.error({ err: { message: auditError.message } }, 'could not audit a denial'));
    }
    if (problem.status >= 500) {
      // The message and stack only: request bodies and field values never reach the log.
      request.log.error({ err: { message: error.message, stack: error.stack, code: error.code } }, 'request failed');
    }
    return sendProblem(request, reply, problem);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, httpProblems.routeNotFound({ detail: `${request.method} ${request.url.split('?')[0]}` })));
}
