/**
 * A decision that cannot give a value under DMN's rules (a UNIQUE table with two hits, an input
 * outside its allowed values …). Inside FEEL the decision's value is null; the API answers 422
 * with the reason and the element id.
 */
export class DecisionEvaluationError extends Error {
  constructor(
    message: string,
    readonly elementId: string | null = null,
  ) {
    super(message);
    this.name = 'DecisionEvaluationError';
  }
}
