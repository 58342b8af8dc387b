// The database's row types come from the migrated schema (tables.generated.ts); the JSON shapes
// the code relies on are in json-columns.ts.
export type { Tables } from './tables.generated.ts';
export type { FieldChange } from './json-columns.ts';
