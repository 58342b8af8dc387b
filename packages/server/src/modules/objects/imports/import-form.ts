import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyRequest } from 'fastify';
import type { FieldError } from '../../../platform/http/problem.ts';
import { httpProblems, Problem } from '../../../platform/http/problem.ts';
import type { ImportRequest } from './run-import.ts';
import { ImportFormFields } from './schemas.ts';

const checkFields = TypeCompiler.Compile(ImportFormFields);

/**
 * Reads the import form: the file part `file` and the text parts mode, action, preview and
 * mapping, in any order. A missing or malformed part is a 400 naming it; nothing is imported.
 */
export async function readImportForm(request: FastifyRequest, maxBytes: number): Promise<ImportRequest> {
  if (!request.isMultipart()) throw httpProblems.unsupportedMediaType({ detail: 'Send multipart/form-data with a "file" part (.csv or .xlsx)' });
  const fields: Record<string, string> = {};
  let file: { fileName: string; content: Buffer } | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          throw httpProblems.validationFailed({ errors: [{ field: part.fieldname, reason: 'is not a part of this form (one file part "file")' }] });
        }
        const content = await part.toBuffer();
        if (part.file.truncated || content.length > maxBytes) throw httpProblems.payloadTooLarge({ detail: `Files may be at most ${maxBytes} bytes` });
        file = { fileName: part.filename, content };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if (error instanceof Problem) throw error;
    const fastifyError = error as Error & { statusCode?: number; code?: string };
    if (fastifyError.code && fastifyError.statusCode) throw error;
    throw httpProblems.malformedMultipart({
      detail: `${fastifyError.message}: send multipart/form-data with a boundary parameter and a "file" part`,
      errors: [{ field: 'file', reason: 'could not be read from the multipart body' }],
    });
  }
  const errors: FieldError[] = [];
  if (!file) errors.push({ field: 'file', reason: 'is required' });
  if (!checkFields.Check(fields)) {
    for (const e of checkFields.Errors(fields)) errors.push({ field: e.path.replace(/^\//, '') || '(form)', reason: e.message });
  }
  let mapping: Record<string, string> | undefined;
  if (fields.mapping !== undefined) {
    try {
      const parsed: unknown = JSON.parse(fields.mapping);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) throw new Error();
      mapping = parsed as Record<string, string>;
    } catch {
      errors.push({ field: 'mapping', reason: 'must be a JSON object of column header → field key' });
    }
  }
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
  const checked = fields as ImportFormFields;
  return {
    fileName: file!.fileName,
    content: file!.content,
    mode: checked.mode ?? 'all-or-nothing',
    action: checked.action ?? 'insert',
    preview: checked.preview === 'true',
    ...(mapping ? { mapping } : {}),
  };
}
