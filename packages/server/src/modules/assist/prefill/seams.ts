// What the prefill takes from the other parts of assist, in one place: part C's classifiers
// (models/), part B's entities (entities/), part E's LLM path (llm/).
import type { AppDeps } from '../../../app-deps.ts';
import { extractEntities } from '../entities/index.ts';
import { type LlmPrefiller, llmPrefillerFor } from '../llm/prefill-path.ts';

export { classifierFor } from '../models/index.ts';
export { extractEntities, findRejectedIdentifiers } from '../entities/index.ts';

export const ENTITY_MODEL_VERSION = 'entities@patterns';

/** Part E's LLM path: undefined while no DOCKET_ASSIST_LLM_URL is configured. Masks what extractEntities finds, too. */
export function llmPrefillerOf(deps: AppDeps): LlmPrefiller | undefined {
  return llmPrefillerFor(deps, extractEntities);
}
