import { describe, expect, it } from 'vitest';
import { Problem } from '../../../platform/http/problem.ts';
import { ProcessCommandError } from '../engine/contract.ts';
import { toProblem } from './run-process-command.ts';

describe('toProblem (issue 15 codes)', () => {
  it.each([
    ['invalid-return-target', 422],
    ['not-multi-instance', 422],
  ] as const)('%s is a %i problem of that type naming the element', (code, status) => {
    const problem = toProblem(new ProcessCommandError(code, 'why', 'review')) as Problem;
    expect(problem).toBeInstanceOf(Problem);
    expect(problem).toMatchObject({ type: code, status, detail: 'why', extensions: expect.objectContaining({ code, elementId: 'review' }) });
  });
});
