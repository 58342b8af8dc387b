export { recordAuditEvent, recordAuditEvents, diffFields, type AuditFact } from './record-audit-event.ts';
export { insertAuditEvent, listEventsOfCase, type AuditEventInput, type AuditEventRow } from './store.ts';
export { auditRoutes, auditSchemas } from './routes.ts';
export { ledgerRoutes, publicAuditRoutes, ledgerSchemas } from './ledger-routes.ts';
export { startAuditLedger, ledgerOptionsFromEnv, type AuditLedger, type LedgerOptions } from './ledger.ts';
export { startSequencer, type Sequencer, type SequencerOptions } from './sequencer.ts';
export { signerFromPrivateKey, loadOrCreateSigner, type TreeHeadSigner } from './signing-key.ts';
export { fileWitness, webhookWitness, natsWitness, type Witness } from './witnesses.ts';
export { auditProblems } from './problems.ts';
