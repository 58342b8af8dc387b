import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { isProblem, ProblemError, type FieldError, type ProblemDocument } from '@docket/client';
import { translateIfKnown, type Translate } from '../i18n/i18n.ts';

/** A validation error's reason in the reader's language, by its stable code; never the server's English. */
export function fieldErrorText(error: FieldError, t: Translate): string {
  return (error.code && translateIfKnown(t, `fieldError.${error.code}`, error.params)) || t('fieldError.invalid');
}

/**
 * A problem as the reader sees it: the title translated by the problem's stable type (a generic
 * message for a type the console does not know), field reasons by their codes. The server's own
 * English detail is shown only to readers of English; others get the request id to quote.
 */
export function localizeProblem(problem: ProblemDocument, t: Translate): ProblemDocument {
  const slug = problem.type.replace(/^\/problems\//, '');
  const title = translateIfKnown(t, `problemType.${slug}`) ?? t('problem.generic', { status: problem.status });
  // A refusal with a stable reason code (a vetoed status change: `process-holds-case-open`) says why
  // in the reader's language when the console knows the code.
  const code = (problem as { code?: unknown }).code;
  const why = typeof code === 'string' ? translateIfKnown(t, `problemCode.${code}`) : undefined;
  const hidden = problem.requestId ? t('problem.detailHidden', { requestId: problem.requestId }) : undefined;
  const detail = why ?? (t.locale === 'en-US' ? problem.detail : hidden);
  const errors = problem.errors?.map((e) => ({ ...e, reason: fieldErrorText(e, t) }));
  return { ...problem, title, detail, ...(errors ? { errors } : {}) };
}

/** Any thrown value as a problem document in the reader's language: API problems by type, network failures made up. */
export function toProblemDocument(error: unknown, t: Translate): ProblemDocument {
  if (error instanceof ProblemError) return localizeProblem(error.problem, t);
  return { type: 'about:blank', title: t('problem.network'), status: 0, detail: error instanceof Error ? error.message : String(error) };
}

/** Shows a problem as a message: its title, then its detail. */
export function showProblem(message: MessageInstance, error: unknown, t: Translate): void {
  const problem = toProblemDocument(error, t);
  const text = problem.detail ? `${problem.title} — ${problem.detail}` : problem.title;
  void message.error({ content: text, key: problem.type, duration: 6 });
}

/** A validation problem's field errors, reasons in the reader's language when `t` is given. */
export function fieldErrorsOf(error: unknown, t?: Translate): FieldError[] {
  if (!isProblem(error)) return [];
  const errors = error.problem.errors ?? [];
  return t ? errors.map((e) => ({ ...e, reason: fieldErrorText(e, t) })) : errors;
}

/**
 * Puts a validation problem's errors on the antd form fields they name (`priority`, `title`)
 * and returns the ones no field on that form holds, for the caller to place elsewhere.
 */
export function applyFieldErrors(form: FormInstance, errors: FieldError[], fieldNames: readonly string[]): FieldError[] {
  const placed = errors.filter((e) => fieldNames.includes(e.field));
  form.setFields(placed.map((e) => ({ name: e.field, errors: [e.reason] })));
  return errors.filter((e) => !fieldNames.includes(e.field));
}
