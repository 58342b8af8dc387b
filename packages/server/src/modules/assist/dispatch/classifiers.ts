import type { AppDeps } from '../../../app-deps.ts';
import type { ClassifierSource } from './suggest-dispatch.ts';

/** The classifiers dispatch reads: the models part's, installed or shipped, per label. */
export function dispatchClassifiers(_deps: AppDeps): ClassifierSource {
  // Until the models part (classifierFor) is merged: none, so dispatch guesses nothing.
  return async () => undefined;
}
