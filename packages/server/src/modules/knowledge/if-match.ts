import { httpProblems } from '../../platform/http/problem.ts';

/** If-Match: "<version>" (the ETag of the article or category read); 428 without it. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the version you read, e.g. "3"' }] });
  return Number(match[1]);
}
