export { caseRoutes, caseSchemas } from './case-routes.ts';
export { caseTypeRoutes, caseTypeSchemas } from './case-type-routes.ts';
export { collaborationRoutes, collaborationSchemas } from './collaboration-routes.ts';
export { createCaseType } from './case-types.ts';
export { createCase } from './create-case.ts';
// The ingestion path: a stream of case inputs → per-input results, a transaction per batch (bulk NDJSON; message consumers).
export { ingestCases, ingestAllCases, countIngestResults, type IngestItem, type IngestResult, type IngestOptions } from './ingest-cases.ts';
export { readCase } from './list-cases.ts';
// Analytics (issue 20): the cases behind a dashboard figure, as list lines.
export { listCasesByIds } from './list-cases.ts';
export { updateCase } from './update-case.ts';
export { applyCaseRouting, applyCaseRoutingChanges, type CaseRoutingChanges } from './route-case.ts';
export { addComment } from './collaboration.ts';
// E-mail channel (issue 18): attachments of an e-mail with the same file checks, the public reply's text for the customer, the subject sealed as a title.
export { addAttachment, readPublicCommentForCustomer } from './collaboration.ts';
export { sealTitle } from './case-crypto.ts';
export { findCaseIdByNumber, findEmailFillableFields } from './case-facts.ts';
export { reopenOnCustomerReply } from './customer-reply.ts';
export { isCaseNumber } from './case-number.ts';
export type { CaseRow, CaseTypeRow, CaseId } from './case-row.ts';
export { DATA_CLASSES, type DataClass, type FormSchema } from './form-schema.ts';
export { presentCase, presentCases, presentFieldChanges } from './case-view.ts';
export { findCaseForActionOrThrow } from './case-access.ts';
export { findCaseFactsOrThrow, findCaseMakerOrThrow, findCaseTypeProcessKey, findCaseTypeStatuses, type CaseFacts } from './case-facts.ts';
export { resealPersonalDataBacklog } from './personal-data-reseal.ts';
// Knowledge (issue 19): personal data left out of the case text indexed for similar cases and of articles drafted from a case.
export { detectPersonalData } from './personal-data-detector.ts';
export { registerTransitionHook, type TransitionHook, type TransitionVeto, type StatusTransition } from './transition-hooks.ts';
export { DEFAULT_LIFECYCLE, STATUS_CATEGORIES, UNFINISHED_CATEGORIES, type CaseLifecycle, type CaseLifecycleInput, type StatusCategory } from './case-lifecycle.ts';
// 抄送 (issue 15): read grants on one case for named people, and who a case concerns.
export { grantCaseReaders, listCaseReaders, findCaseParties, type CaseReadGrantInput } from './case-readers.ts';
export { findCaseHeadings, caseIsOfType, caseNumberContains, unfinishedCasesCreatedBy, escapeLike, type CaseHeading } from './case-headings.ts';
// SLA (issue 16): the case's due time and SLA state, kept by the SLA module.
export { setCaseSlaSummaries, lockCasesForSlaSummaries } from './sla-summary.ts';
export { CASE_PRIORITIES, type CasePriority } from './case-priority.ts';
// SLA (issue 16): the supervisor board's and the on-time report's reads of the reader's cases.
export {
  countOpenCasesBySlaState,
  listOpenCasesBySlaGroup,
  readableCaseDimensions,
  findCaseTypeNames,
  type OpenSlaCaseFilter,
  type OpenSlaCase,
  type SlaStateCount,
  type ReadableCaseFilter,
} from './case-sla-lists.ts';
// Routing (issue 17): the case as the router reads it (no permission check; only the address opened).
export { findCaseForRouting, findCaseForRoutingOrThrow } from './case-routing-row.ts';
// Routing (issue 17): "take next" reads the head of a queue with the case list's record scope.
export { visibilityCondition } from './store.ts';
// Integration (issue 18): a source's mapping is checked against the same case input as the API.
export { CreateCaseBody } from './schemas.ts';
export { CUSTOMER_FIELD_KEYS } from './customer-fields.ts';
export { listFieldDefinitions } from './form-schema.ts';
export { findCaseTypeOrThrow } from './case-types.ts';
// A source's preview validates a mapped message exactly as a create would, without writing.
export { validateFields } from './field-validation.ts';
export { validateCustomer } from './customer-fields.ts';
export type { NewCaseInput } from './new-case.ts';
// Issue 18 (public web form): a form asks for fields of the current case type version; the tracking page maps statuses.
export { findCurrentCaseTypeForCreateOrThrow } from './case-types.ts';
export type { FieldDefinition } from './form-schema.ts';
export { listComments } from './collaboration.ts';
export { findCaseTypeVersionCached } from './case-type-cache.ts';
// Integration write-back (issue 18): where a case came from (its source and external id) and its state.
export { findCaseOrigin, type CaseOrigin } from './case-origin.ts';
// Custom objects (issue 21): record fields of a data class take the same check digits and patterns as case fields.
export { residentIdIssue, bankCardIssue, unifiedSocialCreditCodeIssue, type CheckIssue } from './check-digits.ts';
export { compileFormPattern } from './form-pattern.ts';
// Custom objects seal their sensitive values the same way and walk them with the same function.
export { collectEnvelopes } from './case-crypto.ts';
