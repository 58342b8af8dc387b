/**
 * Custom objects (issue 21): object types designed by administrators, records with the case
 * fields' data classes, encryption, masking and record policy, typed relations, CSV/XLSX imports,
 * and the customer 360° view. See README.md.
 */
export { objectsRoutes } from './routes.ts';
export { objectsSchemas } from './schemas.ts';
export * from './model.ts';
