export * from './merkle.ts';
export * from './encoding.ts';
export * from './tree-head.ts';
export * from './event-row.ts';
export * from './bundle.ts';
export { auditDatabase, readWitnessFile, type AuditOptions, type AuditVerdict } from './audit.ts';
export { verifyConsistencyFiles } from './consistency.ts';
export { canonicalJson, reportPackMessage, verifyReportPack, REPORT_PACK_FORMAT, type ReportPackManifest } from './report-pack.ts';
