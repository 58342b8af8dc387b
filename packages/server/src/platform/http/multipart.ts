import type { FastifyRequest } from 'fastify';
import { httpProblems, Problem } from './problem.ts';

export interface UploadedFile {
  /** As the client sent it: normalise before storing or showing it. */
  fileName: string;
  /** The part's declared Content-Type. */
  contentType: string;
  content: Buffer;
}

/**
 * Reads the one file part of a multipart/form-data request. Busboy reports a malformed body
 * (no boundary, a truncated part, a missing part header) as a plain Error while the parts are
 * read; those become a 400 `malformed-multipart` problem naming the field instead of a 500.
 */
export async function readUploadedFile(request: FastifyRequest, options: { field: string; maxBytes: number }): Promise<UploadedFile> {
  if (!request.isMultipart()) throw httpProblems.unsupportedMediaType({ detail: `Send multipart/form-data with a "${options.field}" part` });
  try {
    const part = await request.file();
    if (!part) throw httpProblems.validationFailed({ errors: [{ field: options.field, reason: 'is required' }] });
    const content = await part.toBuffer();
    if (part.file.truncated) throw httpProblems.payloadTooLarge({ detail: `Files may be at most ${options.maxBytes} bytes` });
    return { fileName: part.filename, contentType: part.mimetype, content };
  } catch (error) {
    if (error instanceof Problem) throw error;
    const fastifyError = error as Error & { statusCode?: number; code?: string };
    // @fastify/multipart's own errors carry a code and status; the problem handler maps them.
    if (fastifyError.code && fastifyError.statusCode) throw error;
    throw httpProblems.malformedMultipart({
      detail: `${fastifyError.message}: send multipart/form-data with a boundary parameter and a "${options.field}" part`,
      errors: [{ field: options.field, reason: 'could not be read from the multipart body' }],
    });
  }
}
