/**
 * The bank's own LLM behind an OpenAI-compatible endpoint (issue 22, part E): every sensitive
 * value masked before the call and restored after, a JSON schema per case type, every value
 * grounded in the original text and checked, every call logged without its content.
 */
export { prefillWithLlm, runLlmPrefill, isLlmConfigured, llmModelVersion, type LlmPrefillInput, type LlmPrefillResult, type LlmLogger } from './prefill-with-llm.ts';
export { LlmUnavailable, isLlmUnavailable, type LlmFailure } from './llm-unavailable.ts';
export { insertLlmCall, llmCallLog } from './store.ts';
export { ENTITY_MASK_KINDS, type SensitiveSpan, type SensitiveSpanFinder } from './masking.ts';
export type { LlmCaseType, LlmField, LlmFieldOption, LlmSuggestion, LlmRefusal, LlmRefusalReason, LlmSettings, LlmCallRecord, LlmCallOutcome } from './types.ts';
