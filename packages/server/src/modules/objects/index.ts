/**
 * Custom objects (issue 21): object types designed by administrators, records with the case
 * fields' data classes, encryption, masking and record policy, typed relations, CSV/XLSX imports,
 * and the customer 360° view. See README.md. Every command takes a CommandContext and runs in the
 * caller's transaction.
 */
export { objectsRoutes } from './routes.ts';
export { objectsSchemas } from './schemas.ts';
export * from './model.ts';
export { objectProblems } from './problems.ts';
// Object types and relations.
export {
  createObjectType,
  saveObjectType,
  archiveObjectType,
  findObjectTypeOrThrow,
  findObjectTypeAtVersionOrThrow,
  listObjectTypes,
  findCustomerType,
  type ObjectTypeInput,
  type SaveObjectTypeInput,
} from './types/object-types.ts';
export { createRelation, updateRelation, deleteRelation, findRelationOrThrow, listRelations, type RelationInput, type RelationChanges } from './types/relations.ts';
export { toObjectTypeView, toRelationView, parseIfMatch } from './types/routes.ts';
// Imports (part B): numbers for a batch taken at once.
export { takeRecordNumber as reserveRecordNumbers, formatRecordNumber } from './types/store.ts';
// Records.
export { createRecord, type CreateRecordInput } from './records/create-record.ts';
export { updateRecord, deleteRecord, type RecordPatch } from './records/update-record.ts';
export { findRecordForActionOrThrow, recordVisibility, policyCaseOf, isAllowedOnRecord, assertAllowedOnRecord, openRecordRows, type RecordAction } from './records/record-access.ts';
export { presentRecord, presentRecords, typeOfRecord, type RecordView } from './records/record-view.ts';
export { listRecords, type RecordListQuery } from './records/list-records.ts';
export { unmaskRecordField } from './records/unmask-record-field.ts';
export { listRecordHistory } from './records/record-history.ts';
export { validateRecordValues, recordDatesOf, searchTextOf } from './records/record-values.ts';
export { blindTerm } from './records/record-crypto.ts';
export { findRecordIdByExternalId } from './records/store.ts';
// Links.
export { linkRecords, unlinkRecords, listRecordLinks, listRecordsOfCase, type LinkInput, type LinkedItem } from './records/links.ts';
