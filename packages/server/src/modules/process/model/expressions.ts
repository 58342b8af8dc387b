import { feelSyntaxProblem, feelText } from '../../../platform/feel/index.ts';
import type { StaticOrExpression } from '../graph.ts';
import type { Diagnostics } from './diagnostics.ts';
import { isJuel, translateJuel } from './juel.ts';

/**
 * Every expression in a model is checked here at deploy time, so a typo in a gateway condition is
 * a 422 naming the element rather than an incident in production. FEEL may carry Camunda 8's
 * leading `=`; JUEL from Camunda 7 / Activiti / Flowable is translated to FEEL first.
 */

export interface ExpressionSite {
  diagnostics: Diagnostics;
  elementId: string;
  /** What the expression is, for the message: "condition", "assignee", "timer duration" … */
  what: string;
}

/** A value that is always an expression (conditions, mappings, collections): FEEL text, or null with a problem recorded. */
export function readExpression(site: ExpressionSite, raw: string | undefined | null, kind: 'expression' | 'unary-tests' = 'expression'): string | null {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  let feel: string;
  if (isJuel(raw)) {
    const translated = translateJuel(raw);
    if (!translated.ok) {
      site.diagnostics.problem(
        site.elementId,
        'unsupported-expression',
        `The ${site.what} ${JSON.stringify(raw.trim())} is JUEL Docket cannot translate to FEEL: ${translated.reason}. Rewrite it in FEEL (see docs/designers/bpmn.md).`,
      );
      return null;
    }
    feel = translated.feel;
  } else {
    feel = feelText(raw);
  }
  const syntax = feelSyntaxProblem(feel, kind);
  if (syntax !== null) {
    site.diagnostics.problem(site.elementId, 'feel-syntax', `The ${site.what} ${JSON.stringify(raw.trim())} is not valid FEEL: ${syntax}.`);
    return null;
  }
  return feel;
}

/** Is this attribute value an expression (leading `=` or JUEL) rather than a literal? */
export function isExpressionText(raw: string): boolean {
  return raw.trim().startsWith('=') || isJuel(raw);
}

/** A value that is static unless it starts with `=` or is JUEL (assignees, due dates, timer values, message names …). */
export function readStaticOrExpression(site: ExpressionSite, raw: string | undefined | null): StaticOrExpression | null {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  if (!isExpressionText(raw)) return { static: raw.trim() };
  const expression = readExpression(site, raw);
  return expression === null ? null : { expression };
}

/**
 * A mapping source where a plain text is a literal (Zeebe `source="abc"`, a Camunda inputParameter
 * body): expressions stay expressions, literals become FEEL string literals.
 */
export function readLiteralOrExpression(site: ExpressionSite, raw: string | undefined | null): string | null {
  if (raw === undefined || raw === null) return null;
  if (isExpressionText(raw)) return readExpression(site, raw);
  return feelStringLiteral(raw);
}

export function feelStringLiteral(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
