import type { AppDeps } from '../../../app-deps.ts';
import { classifierFor } from '../models/index.ts';
import type { ClassifierSource } from './suggest-dispatch.ts';

/** The classifiers dispatch reads: the models part's, the installed model of a label else the shipped one. */
export function dispatchClassifiers(deps: AppDeps): ClassifierSource {
  return (label) => classifierFor(deps.database.db, label);
}
