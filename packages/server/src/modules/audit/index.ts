export { recordAuditEvent, recordAuditEvents, diffFields, type AuditFact } from './record-audit-event.ts';
export { insertAuditEvent, listEventsOfCase, type AuditEventInput, type AuditEventRow } from './store.ts';
export { auditRoutes, auditSchemas } from './routes.ts';
