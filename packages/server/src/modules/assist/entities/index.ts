/** Entities found in free text by validated patterns and dictionaries (issue 22). Pure. */
export { extractEntities, findRejectedIdentifiers } from './extract.ts';
export type { Entity, EntityKind, ExtractOptions, RejectedIdentifier } from './types.ts';
