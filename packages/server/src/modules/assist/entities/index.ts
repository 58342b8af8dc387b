/** Entities found in free text by validated patterns and dictionaries (issue 22). Pure. */
export { extractEntities, findRejectedIdentifiers } from './extract.ts';
export type { Entity, EntityKind, ExtractOptions, RejectedIdentifier } from './types.ts';
// For `docket assist eval` and the figures in the tests: entity F1 against an annotated set.
export { scoreEntities, sameValue, type AnnotatedEntity, type EntityScore, type KindScore } from './score.ts';
