// SEAM (issue 22): what the prefill takes from the other parts, in one place so that merging
// them changes only this file. Until part C (models/), part B (entities/) and part E (llm/) are
// merged, the fallbacks below answer "no model", "nothing found" and "no LLM".
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { AppDeps } from '../../../app-deps.ts';
import type { Entity, EntityKind } from '../entities/types.ts';
import type { TextClassifier } from '../model/types.ts';

/** Part C's classifierFor: the installed or shipped classifier for a label, or undefined. */
export async function classifierFor(_db: Db | Tx, _label: string): Promise<TextClassifier | undefined> {
  return undefined;
}

/** Part B's extractEntities: validated entities with their spans. */
export function extractEntities(_text: string): Entity[] {
  return [];
}

/** Part B's findRejectedIdentifiers: what looks like an identifier but fails its check. */
export function findRejectedIdentifiers(_text: string): { kind: EntityKind; start: number; end: number }[] {
  return [];
}

export const ENTITY_MODEL_VERSION = 'entities@patterns';

/** Part E's LLM path: undefined while no DOCKET_ASSIST_LLM_URL is configured (or E is not merged). */
export function llmPrefillerOf(_deps: AppDeps): undefined {
  return undefined;
}
