import { evaluateFeel, feelSyntaxProblem } from '../../../platform/feel/index.ts';

// Action texts are templates: `{{case.number}}`, `{{record.fields.name}}`, `{{trigger.to}}` —
// paths into the condition's context (already masked for the rule's owner). A value that starts
// with `=` is a FEEL expression over the same context (Camunda's convention), for a computed
// value: `=if case.priority = "high" then "urgent" else "high"`. Both render the same in a
// dry-run as in a run.

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*\}\}$/;

/** Why a template cannot be read, or null. */
export function templateProblem(text: string): string | null {
  if (text.startsWith('=')) {
    const problem = feelSyntaxProblem(text);
    return problem ? `not a FEEL expression: ${problem}` : null;
  }
  const stripped = text.replace(PLACEHOLDER, '');
  if (stripped.includes('{{') || stripped.includes('}}')) return 'a {{placeholder}} must be a path such as case.number or record.fields.name';
  return null;
}

function lookup(context: Record<string, unknown>, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value ?? null;
}

/** A value of an action: `{{path}}` alone keeps the value's own type; text around placeholders renders them as text. */
export function renderValue(value: unknown, context: Record<string, unknown>): unknown {
  if (typeof value !== 'string') return value;
  if (value.startsWith('=')) return evaluateFeel(value, context);
  const whole = WHOLE.exec(value);
  if (whole) return lookup(context, whole[1]!);
  return value.replace(PLACEHOLDER, (_m, path: string) => {
    const found = lookup(context, path);
    if (found === null) return '';
    return typeof found === 'object' ? JSON.stringify(found) : String(found);
  });
}

export function renderText(value: string, context: Record<string, unknown>): string {
  const rendered = renderValue(value, context);
  return rendered === null || rendered === undefined ? '' : typeof rendered === 'object' ? JSON.stringify(rendered) : String(rendered);
}

export function renderValues(values: Record<string, unknown> | undefined, context: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, renderValue(value, context)]));
}
