import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { isProblem, ProblemError, type FieldError, type ProblemDocument } from '@docket/client';
import type { Translate } from '../i18n/i18n.ts';

/** Any thrown value as a problem document: API problems as sent, network failures made up. */
export function toProblemDocument(error: unknown, t: Translate): ProblemDocument {
  if (error instanceof ProblemError) return error.problem;
  return { type: 'about:blank', title: t('problem.network'), status: 0, detail: error instanceof Error ? error.message : String(error) };
}

/** Shows a problem as a message: its title, then its detail. */
export function showProblem(message: MessageInstance, error: unknown, t: Translate): void {
  const problem = toProblemDocument(error, t);
  const text = problem.detail ? `${problem.title} — ${problem.detail}` : problem.title;
  void message.error({ content: text, key: problem.type, duration: 6 });
}

export function fieldErrorsOf(error: unknown): FieldError[] {
  return isProblem(error) ? (error.problem.errors ?? []) : [];
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
