import type { ModelProblem } from '../graph.ts';

/** Problems refuse the file; warnings are returned with a successful deploy. Every one names its element. */
export class Diagnostics {
  readonly problems: ModelProblem[] = [];
  readonly warnings: ModelProblem[] = [];

  problem(elementId: string | null, code: string, message: string): void {
    this.problems.push({ elementId, code, message });
  }

  warning(elementId: string | null, code: string, message: string): void {
    // Five identical camunda:field elements on one task are one thing to tell the designer.
    if (this.warnings.some((warning) => warning.elementId === elementId && warning.code === code && warning.message === message)) return;
    this.warnings.push({ elementId, code, message });
  }
}
