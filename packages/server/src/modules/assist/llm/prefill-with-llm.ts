import { buildAnswerSchema, answerSchemaName, buildMessages } from './answer-schema.ts';
import { groundAnswer, InvalidLlmAnswer } from './grounding.ts';
import { LlmUnavailable } from './llm-unavailable.ts';
import { findSensitiveSpans, maskText, type SensitiveSpanFinder } from './masking.ts';
import type { LlmCallOutcome, LlmCallRecord, LlmCaseType, LlmRefusal, LlmSettings, LlmSuggestion } from './types.ts';

// One prefill through the bank's own LLM: mask, ask with a schema, restore, ground, log.
// Whatever goes wrong with the call itself (no answer in time, an HTTP error, an answer that is
// not the JSON asked for) ends in LlmUnavailable, and the caller answers with the built-in path.

/** What pino may be given: a few counts and the outcome, never the text, prompt or answer. */
export interface LlmLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface LlmPrefillInput {
  caseType: LlmCaseType;
  /** The customer's words, as the agent pasted them. */
  text: string;
  config: LlmSettings;
  /** Cancels the call (the client went away); the configured timeout applies as well. */
  signal?: AbortSignal;
  /** Overrides DOCKET_ASSIST_LLM_TIMEOUT_MS for this call. */
  timeoutMs?: number;
  /** Writes the call's assist.llm_call row (see llmCallLog in store.ts). */
  log: (row: LlmCallRecord) => Promise<void>;
  /** Finds names, addresses, credit codes … to mask beside the detector's identifiers (the entity extractor). */
  findSensitive?: SensitiveSpanFinder;
  /** Today's date (YYYY-MM-DD), so "yesterday" can become a date. */
  today?: string;
  logger?: LlmLogger;
  /** assist.llm_call.purpose; `prefill` unless said. */
  purpose?: string;
}

export interface LlmPrefillResult {
  suggestions: LlmSuggestion[];
  /** Values the model gave that were dropped, and why; the values themselves are not kept. */
  refusals: LlmRefusal[];
  /** `llm:<model>`: recorded as the model version of every suggestion. */
  modelVersion: string;
  maskedValues: number;
}

/** Whether this installation has an LLM path at all. */
export function isLlmConfigured(config: LlmSettings): config is LlmSettings & { assistLlmUrl: string; assistLlmModel: string } {
  return Boolean(config.assistLlmUrl && config.assistLlmModel);
}

export function llmModelVersion(config: LlmSettings): string {
  return `llm:${config.assistLlmModel ?? 'unknown'}`;
}

/** The chat-completions URL under the configured base: `http://vllm:8000/v1` → `…/v1/chat/completions`. */
export function chatCompletionsUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
}

// An answer bigger than this is not a form's worth of values.
const MAX_ANSWER_BYTES = 1_000_000;

function outcomeOf(error: LlmUnavailable): LlmCallOutcome {
  return error.failure === 'timeout' ? 'timeout' : error.failure === 'invalid-answer' ? 'invalid' : 'error';
}

/** The content of the first choice, parsed: strict servers send bare JSON, a lenient one may fence it. */
function parseAnswerContent(body: string): unknown {
  let completion: unknown;
  try {
    completion = JSON.parse(body);
  } catch {
    throw new LlmUnavailable('invalid-answer', null, 'the response is not JSON');
  }
  const content = (completion as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new LlmUnavailable('invalid-answer', null, 'the response has no message content');
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  try {
    return JSON.parse(unfenced);
  } catch {
    throw new LlmUnavailable('invalid-answer', null, 'the message content is not JSON');
  }
}

async function postChatCompletion(config: LlmSettings & { assistLlmUrl: string; assistLlmModel: string }, body: object, signal: AbortSignal): Promise<{ status: number; text: string }> {
  let response: Response;
  try {
    response = await fetch(chatCompletionsUrl(config.assistLlmUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(config.assistLlmApiKey ? { authorization: `Bearer ${config.assistLlmApiKey}` } : {}) },
      body: JSON.stringify(body),
      signal,
      redirect: 'error',
    });
  } catch (error) {
    if (signal.aborted) throw abortFailure(signal);
    // fetch's own message names the host and the cause, never the body.
    throw new LlmUnavailable('unreachable', null, (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message);
  }
  let text: string;
  try {
    text = await response.text();
  } catch {
    throw signal.aborted ? abortFailure(signal) : new LlmUnavailable('unreachable', response.status, 'the response broke off');
  }
  if (!response.ok) throw new LlmUnavailable('http-error', response.status);
  if (text.length > MAX_ANSWER_BYTES) throw new LlmUnavailable('invalid-answer', response.status, 'the response is too large');
  return { status: response.status, text };
}

function abortFailure(signal: AbortSignal): LlmUnavailable {
  const reason = signal.reason as { name?: string } | undefined;
  return new LlmUnavailable(reason?.name === 'TimeoutError' ? 'timeout' : 'aborted');
}

/**
 * Prefill values from the bank's own LLM, each grounded in the original text. Throws
 * LlmUnavailable when the LLM is not configured, does not answer in time, or answers badly.
 */
export async function runLlmPrefill(input: LlmPrefillInput): Promise<LlmPrefillResult> {
  const { config } = input;
  if (!isLlmConfigured(config)) throw new LlmUnavailable('not-configured');
  const startedAt = new Date();
  const started = performance.now();
  const masked = maskText(input.text, findSensitiveSpans(input.text, input.findSensitive ? [input.findSensitive] : []));
  const maskedValues = masked.occurrences.length;
  const timeoutMs = input.timeoutMs ?? config.assistLlmTimeoutMs;
  const signal = input.signal ? AbortSignal.any([input.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const record = async (outcome: LlmCallOutcome, httpStatus: number | null, valuesDropped: number) => {
    const row: LlmCallRecord = {
      purpose: input.purpose ?? 'prefill',
      model: config.assistLlmModel,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      outcome,
      httpStatus,
      maskedValues,
      valuesDropped,
    };
    const { purpose: _purpose, model: _model, startedAt: _startedAt, ...counts } = row;
    if (outcome === 'ok') input.logger?.info({ assistLlm: counts }, 'assist LLM answered');
    else input.logger?.warn({ assistLlm: counts }, 'assist LLM call did not give usable values');
    await input.log(row);
  };

  const request = {
    model: config.assistLlmModel,
    messages: buildMessages(input.caseType, masked.text, input.today),
    temperature: 0,
    response_format: { type: 'json_schema', json_schema: { name: answerSchemaName(input.caseType), strict: true, schema: buildAnswerSchema(input.caseType) } },
  };
  let httpStatus: number | null = null;
  let grounded: ReturnType<typeof groundAnswer>;
  try {
    const response = await postChatCompletion(config, request, signal);
    httpStatus = response.status;
    const answer = parseAnswerContent(response.text);
    try {
      grounded = groundAnswer(input.caseType, input.text, masked, answer);
    } catch (error) {
      if (error instanceof InvalidLlmAnswer) throw new LlmUnavailable('invalid-answer', httpStatus, error.message);
      throw error;
    }
  } catch (error) {
    // Anything else is a fault of ours: recorded, and not dressed up as the LLM's.
    await record(error instanceof LlmUnavailable ? outcomeOf(error) : 'error', error instanceof LlmUnavailable ? (error.httpStatus ?? httpStatus) : httpStatus, 0);
    throw error;
  }
  const valuesDropped = grounded.refusals.length;
  await record(grounded.valuesGiven > 0 && grounded.suggestions.length === 0 ? 'refused' : 'ok', httpStatus, valuesDropped);
  return { suggestions: grounded.suggestions, refusals: grounded.refusals, modelVersion: llmModelVersion(config), maskedValues };
}

/** The suggestions alone (see runLlmPrefill for the refusals and counts). */
export async function prefillWithLlm(input: LlmPrefillInput): Promise<LlmSuggestion[]> {
  return (await runLlmPrefill(input)).suggestions;
}
