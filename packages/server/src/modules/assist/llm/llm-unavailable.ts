// The LLM path could not answer: the caller (prefill) answers with the built-in models instead and
// records the path as `llm-fallback`. The message never carries the text, the prompt or the answer
// (an error body of the LLM server may echo the prompt), only what went wrong.

export const LLM_FAILURES = ['not-configured', 'timeout', 'aborted', 'unreachable', 'http-error', 'invalid-answer'] as const;
export type LlmFailure = (typeof LLM_FAILURES)[number];

export class LlmUnavailable extends Error {
  override readonly name = 'LlmUnavailable';
  constructor(
    readonly failure: LlmFailure,
    readonly httpStatus: number | null = null,
    detail?: string,
  ) {
    super(`The assist LLM did not answer: ${failure}${httpStatus !== null ? ` (HTTP ${httpStatus})` : ''}${detail ? `: ${detail}` : ''}`);
  }
}

export function isLlmUnavailable(error: unknown): error is LlmUnavailable {
  return error instanceof LlmUnavailable;
}
