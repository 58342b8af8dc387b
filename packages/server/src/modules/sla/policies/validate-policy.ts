import { parseIsoDurationMs } from '../../../platform/clock/index.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import type { SlaPolicyDefinition } from '../model.ts';
import { slaExpressionProblem } from './conditions.ts';
import { findCalendarNamesByKey } from './store.ts';

const CASE_LEVEL_KINDS = new Set(['first-response', 'next-response', 'resolution']);

function durationProblem(text: string): string | null {
  const parsed = parseIsoDurationMs(text);
  if (!parsed.ok) return parsed.reason;
  if (parsed.ms <= 0) return 'must be longer than zero';
  if (parsed.ms % 1000 !== 0) return 'must be whole seconds';
  return null;
}

/**
 * Pure: what the schema cannot say about a policy definition, each problem named by its field
 * path (`definition.targets[1].duration`).
 */
export function findSlaPolicyProblems(definition: SlaPolicyDefinition, prefix = 'definition'): FieldError[] {
  const errors: FieldError[] = [];
  const expression = definition.conditions.expression;
  if (expression !== undefined) {
    const problem = slaExpressionProblem(expression);
    if (problem) errors.push({ field: `${prefix}.conditions.expression`, reason: `FEEL: ${problem}`, code: 'feel-syntax' });
  }
  const keys = new Set<string>();
  const caseLevelKinds = new Set<string>();
  definition.targets.forEach((target, i) => {
    const at = `${prefix}.targets[${i}]`;
    if (keys.has(target.key)) errors.push({ field: `${at}.key`, reason: `the key ${target.key} is used by another target of this policy`, code: 'duplicate', params: { value: target.key } });
    keys.add(target.key);
    if (target.kind === 'step' && !target.step) errors.push({ field: `${at}.step`, reason: 'a step target names its process and user task (processKey, elementId)', code: 'required' });
    if (target.kind !== 'step' && target.step) errors.push({ field: `${at}.step`, reason: `only a step target names a step; this one is ${target.kind}`, code: 'not-allowed' });
    if (CASE_LEVEL_KINDS.has(target.kind)) {
      if (caseLevelKinds.has(target.kind)) errors.push({ field: `${at}.kind`, reason: `a policy has at most one ${target.kind} target`, code: 'duplicate', params: { value: target.kind } });
      caseLevelKinds.add(target.kind);
    }
    const duration = durationProblem(target.duration);
    if (duration) errors.push({ field: `${at}.duration`, reason: duration, code: 'duration' });
    for (const [priority, text] of Object.entries(target.durationByPriority ?? {})) {
      const problem = text === undefined ? null : durationProblem(text);
      if (problem) errors.push({ field: `${at}.durationByPriority.${priority}`, reason: problem, code: 'duration' });
    }
    target.levels.forEach((level, j) => {
      const lat = `${at}.levels[${j}].at`;
      if (level.at.kind === 'share' && !(level.at.share > 0 && level.at.share < 1)) errors.push({ field: `${lat}.share`, reason: 'a share lies between 0 and 1 (0.75)', code: 'out-of-range' });
      if (level.at.kind === 'before-due' || level.at.kind === 'after-due') {
        const problem = durationProblem(level.at.duration);
        if (problem) errors.push({ field: `${lat}.duration`, reason: problem, code: 'duration' });
      }
    });
  });
  return errors;
}

/** Everything findSlaPolicyProblems finds, and calendar keys that name no calendar. */
export async function findSlaPolicyProblemsIn(tx: Db | Tx, definition: SlaPolicyDefinition, prefix = 'definition'): Promise<FieldError[]> {
  const errors = findSlaPolicyProblems(definition, prefix);
  const named = [...new Set(definition.targets.map((t) => t.calendar).filter((k): k is string => k !== undefined))];
  const known = await findCalendarNamesByKey(tx, named);
  definition.targets.forEach((target, i) => {
    if (target.calendar !== undefined && !known.has(target.calendar)) {
      errors.push({ field: `${prefix}.targets[${i}].calendar`, reason: `no calendar ${target.calendar}`, code: 'unknown-reference', params: { value: target.calendar } });
    }
  });
  return errors;
}
