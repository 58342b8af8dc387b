// What the prefill takes from the other parts of assist, in one place: part C's classifiers
// (models/), part B's entities (entities/), part E's LLM path (llm/).
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { AppDeps } from '../../../app-deps.ts';
import type { TextClassifier } from '../model/types.ts';
import { type LlmPrefiller, llmPrefillerFor } from '../llm/prefill-path.ts';

/** Part C's classifierFor: the installed or shipped classifier for a label, or undefined. */
export async function classifierFor(_db: Db | Tx, _label: string): Promise<TextClassifier | undefined> {
  return undefined;
}

import { extractEntities } from '../entities/index.ts';

export { extractEntities, findRejectedIdentifiers } from '../entities/index.ts';

export const ENTITY_MODEL_VERSION = 'entities@patterns';

/** Part E's LLM path: undefined while no DOCKET_ASSIST_LLM_URL is configured. Masks what extractEntities finds, too. */
export function llmPrefillerOf(deps: AppDeps): LlmPrefiller | undefined {
  return llmPrefillerFor(deps, extractEntities);
}
