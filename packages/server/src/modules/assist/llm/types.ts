import type { Config } from '../../../config/config.ts';

// The LLM path's inputs and outputs (issue 22, part E). Offsets are UTF-16 code units into the
// ORIGINAL text (what the agent pasted), end exclusive, like every other suggestion's span.

/** The settings the LLM path reads; unset `assistLlmUrl` means there is no LLM path. */
export type LlmSettings = Pick<Config, 'assistLlmUrl' | 'assistLlmModel' | 'assistLlmApiKey' | 'assistLlmTimeoutMs'>;

/** A select's option: its value, and the label that helps the model choose it. */
export type LlmFieldOption = string | { value: unknown; label?: string };

/** A field of the case type as the LLM path reads it (form-js type names). */
export interface LlmField {
  key: string;
  /** textfield, textarea, number, select, radio, checkbox, datetime … (others are not asked for). */
  type: string;
  label: string;
  options?: readonly LlmFieldOption[];
  /** name, phone, resident-id, bank-card, account, uscc, email, address: normalised and checked. */
  dataClass?: string | null;
  required?: boolean;
  /** For datetime fields: date, time or datetime. */
  subtype?: string;
}

export interface LlmCaseType {
  key: string;
  fields: readonly LlmField[];
}

export interface LlmSuggestion {
  field: string;
  /** As the field takes it: an option's value, a number, an ISO date, an id's digits, a name. */
  value: string | number | boolean;
  confidence: number;
  /** Where in the original text the value came from. */
  source: { start: number; end: number };
}

/** Why a value the model gave was not suggested; the value itself is never kept. */
export type LlmRefusalReason = 'not-in-text' | 'not-in-options' | 'check-digit' | 'invalid-value';

export interface LlmRefusal {
  field: string;
  reason: LlmRefusalReason;
  /** The span the model pointed at, when it could be found. */
  source?: { start: number; end: number };
}

/** assist.llm_call's outcome column. */
export type LlmCallOutcome = 'ok' | 'timeout' | 'error' | 'invalid' | 'refused';

/** One row of assist.llm_call: how the call went, never what was said. */
export interface LlmCallRecord {
  purpose: string;
  model: string | null;
  startedAt: Date;
  durationMs: number;
  outcome: LlmCallOutcome;
  httpStatus: number | null;
  maskedValues: number;
  valuesDropped: number;
}
