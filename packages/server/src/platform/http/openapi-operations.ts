// Every HTTP operation's stable name (OpenAPI operationId), keyed by "METHOD /path" as the
// OpenAPI document spells the path. Client generators in other languages turn these into method
// names (Java's createCase, Python's create_case), so a name never changes once published: add a
// new operation instead. Kept in one file, apart from the route files, so routes can be
// rewritten without touching their public names; test/architecture/openapi.test.ts fails on a
// route missing here and on an entry no route answers.
//
// `problems` lists the 4xx answers a route gives beyond those derived from what it is
// (openapi.ts: authenticated → 401/403, path parameters → 404, input → 400/413/415,
// If-Match → 412/428, Idempotency-Key → 422, rate limited → 429).
// `responses` documents an answer that is not JSON (a redirect, a file).

export interface OperationEntry {
  operationId: string;
  problems?: number[];
  /** In @fastify/swagger's response form: a JSON schema with `description`, `headers`, or `content` per media type. */
  responses?: Record<string, Record<string, unknown>>;
}

const redirect = (description: string) => ({
  302: { type: 'null', description, headers: { location: { type: 'string', description: 'Where the browser goes next' } } },
});

export const OPERATIONS: Record<string, OperationEntry> = {
  // sign-in (public)
  'POST /api/v1/auth/login': { operationId: 'login', problems: [401, 403, 409, 423] },
  'POST /api/v1/auth/login/mfa': { operationId: 'completeMfaLogin', problems: [401, 403, 409] },
  'POST /api/v1/auth/login/mfa/enrolment': { operationId: 'startMfaEnrolmentAtLogin', problems: [401, 409] },
  'GET /api/v1/auth/oidc/login': { operationId: 'startOidcLogin', problems: [404], responses: redirect('To the identity provider') },
  'GET /api/v1/auth/oidc/callback': { operationId: 'completeOidcLogin', problems: [400, 401, 403, 404, 409], responses: redirect('To the console, signed in') },

  // me, sessions, tokens, second factor
  'GET /api/v1/me': { operationId: 'getMe' },
  'GET /api/v1/me/departments': { operationId: 'listMyDepartments' },
  'POST /api/v1/auth/logout': { operationId: 'logout' },
  'POST /api/v1/auth/api-tokens': { operationId: 'createApiToken' },
  'GET /api/v1/auth/api-tokens': { operationId: 'listApiTokens' },
  'DELETE /api/v1/auth/api-tokens/{id}': { operationId: 'revokeApiToken' },
  'GET /api/v1/auth/mfa': { operationId: 'getMyMfa' },
  'POST /api/v1/auth/mfa/totp': { operationId: 'startTotpEnrolment', problems: [409] },
  'DELETE /api/v1/auth/mfa/totp': { operationId: 'disableTotp', problems: [409] },
  'POST /api/v1/auth/mfa/totp/confirm': { operationId: 'confirmTotpEnrolment', problems: [401, 409] },
  'POST /api/v1/auth/mfa/recovery-codes': { operationId: 'replaceRecoveryCodes', problems: [401, 409] },
  'DELETE /api/v1/users/{id}/mfa': { operationId: 'clearUserMfa' },
  'GET /api/v1/auth/sessions': { operationId: 'listMySessions' },
  'DELETE /api/v1/auth/sessions/{id}': { operationId: 'endMySession' },
  'POST /api/v1/auth/sessions/revoke-others': { operationId: 'endMyOtherSessions' },
  'DELETE /api/v1/users/{id}/sessions': { operationId: 'endUserSessions' },
  'POST /api/v1/auth/password': { operationId: 'changeMyPassword', problems: [409] },

  // organisation
  'GET /api/v1/departments': { operationId: 'listDepartments' },
  'POST /api/v1/departments': { operationId: 'createDepartment', problems: [404, 409] },
  'PATCH /api/v1/departments/{id}': { operationId: 'renameDepartment' },
  'GET /api/v1/users': { operationId: 'listUsers' },
  'POST /api/v1/users': { operationId: 'createUser', problems: [404, 409] },
  'GET /api/v1/users/{id}': { operationId: 'getUser' },
  'PATCH /api/v1/users/{id}': { operationId: 'updateUser', problems: [409] },
  'GET /api/v1/roles': { operationId: 'listRoles' },
  'POST /api/v1/roles': { operationId: 'createRole', problems: [409] },
  'PUT /api/v1/roles/{key}': { operationId: 'replaceRole' },
  'GET /api/v1/groups': { operationId: 'listGroups' },
  'POST /api/v1/groups': { operationId: 'createGroup', problems: [409] },
  'PUT /api/v1/groups/{key}/members': { operationId: 'replaceGroupMembers' },

  // case types
  'POST /api/v1/case-types': { operationId: 'createCaseType', problems: [409, 422] },
  'GET /api/v1/case-types': { operationId: 'listCaseTypes' },
  'GET /api/v1/case-types/{key}': { operationId: 'getCaseType' },
  'PUT /api/v1/case-types/{key}': { operationId: 'saveCaseTypeVersion', problems: [422] },
  'GET /api/v1/case-types/{key}/versions': { operationId: 'listCaseTypeVersions' },
  'GET /api/v1/case-types/{key}/versions/{version}': { operationId: 'getCaseTypeVersion' },

  // SLA policies and regulatory packs (issue 16)
  'GET /api/v1/sla/policies': { operationId: 'listSlaPolicies' },
  'POST /api/v1/sla/policies': { operationId: 'createSlaPolicy', problems: [409] },
  'GET /api/v1/sla/policies/{id}': { operationId: 'getSlaPolicy' },
  'PUT /api/v1/sla/policies/{id}': { operationId: 'saveSlaPolicyVersion' },
  'PUT /api/v1/sla/policies/order': { operationId: 'reorderSlaPolicies' },
  'POST /api/v1/sla/policies/match': { operationId: 'testSlaPolicyMatch', problems: [404] },
  'GET /api/v1/sla/packs': { operationId: 'listSlaPacks' },
  'POST /api/v1/sla/packs/{key}/apply': { operationId: 'applySlaPack' },

  // notifications (the caller's own)
  'GET /api/v1/notifications': { operationId: 'listMyNotifications' },
  'GET /api/v1/notifications/unread-count': { operationId: 'countMyUnreadNotifications' },
  'POST /api/v1/notifications/{id}/read': { operationId: 'markNotificationRead' },
  'POST /api/v1/notifications/read-all': { operationId: 'markAllNotificationsRead' },
  'GET /api/v1/me/notification-preferences': { operationId: 'getMyNotificationPreferences' },
  'PUT /api/v1/me/notification-preferences': { operationId: 'updateMyNotificationPreferences' },

  // decisions (DMN)
  'POST /api/v1/decisions': { operationId: 'deployDecisions', problems: [422] },
  'GET /api/v1/decisions': { operationId: 'listDecisions' },
  'GET /api/v1/decisions/{key}': { operationId: 'getDecision' },
  'POST /api/v1/decisions/{key}/evaluate': { operationId: 'evaluateDecision', problems: [422] },
  'POST /api/v1/decisions/evaluate-draft': { operationId: 'evaluateDraftDecision', problems: [422] },

  // cases
  'POST /api/v1/personal-data/detect': { operationId: 'detectPersonalData' },
  'POST /api/v1/cases': { operationId: 'createCase', problems: [404, 409, 422] },
  'GET /api/v1/cases': { operationId: 'listCases' },
  'POST /api/v1/cases/bulk': { operationId: 'bulkCreateCases', problems: [404] },
  'GET /api/v1/cases/{id}': { operationId: 'getCase' },
  'PATCH /api/v1/cases/{id}': { operationId: 'updateCase', problems: [409] },
  'POST /api/v1/cases/{id}/take': { operationId: 'takeCase', problems: [409] },
  'GET /api/v1/cases/{id}/assignable-users': { operationId: 'listAssignableUsers' },
  'POST /api/v1/cases/{id}/unmask': { operationId: 'unmaskCaseField' },
  'POST /api/v1/cases/{id}/comments': { operationId: 'addComment' },
  'GET /api/v1/cases/{id}/comments': { operationId: 'listComments' },
  // SLA clocks of a case (issue 16)
  'GET /api/v1/cases/{id}/sla': { operationId: 'getCaseSla' },
  'POST /api/v1/cases/{id}/sla/{key}/override': { operationId: 'overrideSlaDue', problems: [404] },
  'POST /api/v1/cases/{id}/attachments': { operationId: 'uploadAttachment', problems: [400, 413, 415] },
  'GET /api/v1/cases/{id}/attachments': { operationId: 'listAttachments' },
  'GET /api/v1/cases/{id}/attachments/{attachmentId}': {
    operationId: 'downloadAttachment',
    responses: {
      200: {
        description: 'The file as uploaded, always as a download (content-disposition: attachment)',
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
    },
  },
  'POST /api/v1/cases/{id}/links': { operationId: 'linkCases', problems: [409] },
  'GET /api/v1/cases/{id}/links': { operationId: 'listCaseLinks' },
  'DELETE /api/v1/cases/{id}/links/{linkId}': { operationId: 'unlinkCases' },
  'GET /api/v1/cases/{id}/watchers': { operationId: 'listWatchers' },
  'PUT /api/v1/cases/{id}/watchers/{userId}': { operationId: 'addWatcher', problems: [422] },
  'DELETE /api/v1/cases/{id}/watchers/{userId}': { operationId: 'removeWatcher' },

  // Routing and dispatch (issue 17)
  'GET /api/v1/queues': { operationId: 'listQueues' },
  'POST /api/v1/queues': { operationId: 'createQueue', problems: [409] },
  'GET /api/v1/queues/{id}': { operationId: 'getQueue' },
  'PUT /api/v1/queues/{id}': { operationId: 'updateQueue', problems: [409] },
  'GET /api/v1/routing/profiles': { operationId: 'listRoutingProfiles' },
  'GET /api/v1/routing/profiles/{userId}': { operationId: 'getRoutingProfile' },
  'PUT /api/v1/routing/profiles/{userId}': { operationId: 'saveRoutingProfile' },
  'GET /api/v1/me/routing': { operationId: 'getMyRouting' },
  'PUT /api/v1/me/presence': { operationId: 'setMyPresence' },
  'POST /api/v1/me/presence/heartbeat': { operationId: 'presenceHeartbeat' },
  'GET /api/v1/routing/rules': { operationId: 'listRoutingRules' },
  'POST /api/v1/routing/rules': { operationId: 'createRoutingRule', problems: [409] },
  'PUT /api/v1/routing/rules/order': { operationId: 'reorderRoutingRules' },
  'GET /api/v1/routing/rules/{id}': { operationId: 'getRoutingRule' },
  'PUT /api/v1/routing/rules/{id}': { operationId: 'saveRoutingRule' },
  'DELETE /api/v1/routing/rules/{id}': { operationId: 'deleteRoutingRule' },
  'POST /api/v1/routing/test': { operationId: 'testRouting' },
  'GET /api/v1/routing/branch-areas/{departmentId}': { operationId: 'getBranchAreas' },
  'PUT /api/v1/routing/branch-areas/{departmentId}': { operationId: 'saveBranchAreas' },
  'GET /api/v1/cases/{id}/routing': { operationId: 'getCaseRouting' },
  'POST /api/v1/cases/{id}/routing/override': { operationId: 'overrideCaseRouting', problems: [409] },
  'POST /api/v1/routing/take-next': { operationId: 'takeNextCase', problems: [404] },
  'GET /api/v1/routing/offers': { operationId: 'listMyOffers' },
  'POST /api/v1/routing/offers/{id}/accept': { operationId: 'acceptOffer', problems: [409] },
  'POST /api/v1/routing/offers/{id}/decline': { operationId: 'declineOffer', problems: [409] },
  'GET /api/v1/routing/live': { operationId: 'getRoutingLive' },
  'GET /api/v1/webhooks/event-types': { operationId: 'listWebhookEventTypes' },
  'GET /api/v1/webhooks': { operationId: 'listWebhooks' },
  'POST /api/v1/webhooks': { operationId: 'createWebhook' },
  'GET /api/v1/webhooks/{id}': { operationId: 'getWebhook', problems: [404] },
  'PUT /api/v1/webhooks/{id}': { operationId: 'updateWebhook', problems: [404, 412, 428] },
  'DELETE /api/v1/webhooks/{id}': { operationId: 'deleteWebhook', problems: [404, 412, 428] },
  'POST /api/v1/webhooks/{id}/secret': { operationId: 'rotateWebhookSecret', problems: [404] },
  'POST /api/v1/webhooks/{id}/ping': { operationId: 'pingWebhook', problems: [404] },
  'GET /api/v1/webhooks/{id}/deliveries': { operationId: 'listWebhookDeliveries', problems: [404] },
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/replay': { operationId: 'replayWebhookDelivery', problems: [404] },
  'GET /api/v1/ingest-sources': { operationId: 'listIngestSources' },
  'POST /api/v1/ingest-sources': { operationId: 'createIngestSource', problems: [409] },
  'GET /api/v1/ingest-sources/{key}': { operationId: 'getIngestSource', problems: [404] },
  'PUT /api/v1/ingest-sources/{key}': { operationId: 'updateIngestSource', problems: [404, 412, 428] },
  'DELETE /api/v1/ingest-sources/{key}': { operationId: 'deleteIngestSource', problems: [404, 412, 428] },
  'POST /api/v1/ingest-sources/{key}/preview': { operationId: 'previewIngestMessage', problems: [404] },
  'POST /api/v1/ingest-sources/{key}/messages': { operationId: 'ingestMessages', problems: [404, 409] },
  'GET /api/v1/ingest-sources/{key}/dead-letters': { operationId: 'listIngestDeadLetters', problems: [404] },
  'POST /api/v1/ingest-sources/{key}/dead-letters/{id}/replay': { operationId: 'replayIngestDeadLetter', problems: [404, 409] },
  'GET /api/v1/mailboxes': { operationId: 'listMailboxes' },
  'POST /api/v1/mailboxes': { operationId: 'createMailbox', problems: [409] },
  'GET /api/v1/mailboxes/{key}': { operationId: 'getMailbox', problems: [404] },
  'PUT /api/v1/mailboxes/{key}': { operationId: 'updateMailbox', problems: [404, 409, 412, 428] },
  'DELETE /api/v1/mailboxes/{key}': { operationId: 'deleteMailbox', problems: [404, 412, 428] },
  'GET /api/v1/cases/{id}/emails': { operationId: 'listCaseEmails', problems: [404] },
  // the public web form and tracking page (issue 18): administered with integration:admin, filled without sign-in
  'GET /api/v1/public-forms': { operationId: 'listPublicForms' },
  'POST /api/v1/public-forms': { operationId: 'createPublicForm', problems: [404, 409] },
  'GET /api/v1/public-forms/{key}': { operationId: 'getPublicForm', problems: [404] },
  'PUT /api/v1/public-forms/{key}': { operationId: 'updatePublicForm', problems: [404, 412, 428] },
  'DELETE /api/v1/public-forms/{key}': { operationId: 'deletePublicForm', problems: [404, 412, 428] },
  'GET /api/v1/public/forms/{key}': { operationId: 'getPublicFormToFill', problems: [404] },
  'POST /api/v1/public/forms/{key}/submissions': { operationId: 'submitPublicForm', problems: [404, 429] },
  'GET /api/v1/public/track/{token}': { operationId: 'getTracking', problems: [404] },
  'POST /api/v1/public/track/{token}/replies': { operationId: 'replyOnTracking', problems: [404, 409, 429] },

  // Knowledge base (issue 19)
  'GET /api/v1/knowledge/home': { operationId: 'getKnowledgeHome' },
  'GET /api/v1/knowledge/articles': { operationId: 'listKnowledgeArticles' },
  'POST /api/v1/knowledge/articles': { operationId: 'createKnowledgeArticle', problems: [404] },
  'POST /api/v1/knowledge/articles/import': { operationId: 'importKnowledgeArticles' },
  'GET /api/v1/knowledge/articles/{id}': { operationId: 'getKnowledgeArticle', problems: [404] },
  'PUT /api/v1/knowledge/articles/{id}': { operationId: 'updateKnowledgeArticle', problems: [404, 409, 412, 428] },
  'POST /api/v1/knowledge/articles/{id}/submit': { operationId: 'submitKnowledgeArticle', problems: [404, 409, 412, 428] },
  'POST /api/v1/knowledge/articles/{id}/review': { operationId: 'reviewKnowledgeArticle', problems: [404, 409, 412, 428] },
  'POST /api/v1/knowledge/articles/{id}/retire': { operationId: 'retireKnowledgeArticle', problems: [404, 409, 412, 428] },
  'GET /api/v1/knowledge/articles/{id}/versions': { operationId: 'listKnowledgeArticleVersions', problems: [404] },
  'GET /api/v1/knowledge/articles/{id}/versions/{version}': { operationId: 'getKnowledgeArticleVersion', problems: [404] },
  'GET /api/v1/knowledge/articles/{id}/diff': { operationId: 'diffKnowledgeArticle', problems: [404] },
  'POST /api/v1/knowledge/articles/{id}/assets': { operationId: 'addKnowledgeAsset', problems: [404, 409, 413, 415] },
  'GET /api/v1/knowledge/assets/{assetId}': {
    operationId: 'getKnowledgeAsset',
    problems: [404],
    responses: {
      200: {
        description: 'The file with its sniffed type: images inline, everything else as a download; nosniff',
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
    },
  },
  'GET /api/v1/knowledge/categories': { operationId: 'listKnowledgeCategories' },
  'POST /api/v1/knowledge/categories': { operationId: 'createKnowledgeCategory', problems: [404, 409] },
  'PUT /api/v1/knowledge/categories/{id}': { operationId: 'updateKnowledgeCategory', problems: [404, 409, 412, 428] },
  'DELETE /api/v1/knowledge/categories/{id}': { operationId: 'deleteKnowledgeCategory', problems: [404, 409, 412, 428] },
  'GET /api/v1/knowledge/search': { operationId: 'searchKnowledge' },
  'GET /api/v1/knowledge/synonyms': { operationId: 'listKnowledgeSynonyms' },
  'POST /api/v1/knowledge/synonyms': { operationId: 'createKnowledgeSynonyms' },
  'PUT /api/v1/knowledge/synonyms/{id}': { operationId: 'updateKnowledgeSynonyms', problems: [404, 412, 428] },
  'DELETE /api/v1/knowledge/synonyms/{id}': { operationId: 'deleteKnowledgeSynonyms', problems: [404, 412, 428] },
  'GET /api/v1/knowledge/dictionary': { operationId: 'getKnowledgeDictionary' },
  'PUT /api/v1/knowledge/dictionary': { operationId: 'setKnowledgeDictionary' },
  'GET /api/v1/cases/{id}/knowledge-suggestions': { operationId: 'getCaseKnowledgeSuggestions', problems: [404] },
  'POST /api/v1/knowledge/articles/{id}/feedback': { operationId: 'giveKnowledgeFeedback', problems: [404, 409] },
  'GET /api/v1/knowledge/articles/{id}/reply-text': { operationId: 'getKnowledgeReplyText', problems: [404, 409] },
  'POST /api/v1/knowledge/articles/from-case': { operationId: 'draftKnowledgeArticleFromCase', problems: [404] },
  'GET /api/v1/public/knowledge/search': { operationId: 'searchPublicKnowledge' },
  'GET /api/v1/public/knowledge/articles/{id}': { operationId: 'getPublicKnowledgeArticle', problems: [404] },

  // SLA: the supervisor's board and the on-time report (issue 16)
  'GET /api/v1/sla/board': { operationId: 'getSlaBoard' },
  'GET /api/v1/sla/report': {
    operationId: 'getSlaReport',
    responses: {
      200: {
        description: 'The on-time figures; with format=csv the same figures as a CSV download (labels and figures only)',
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/SlaReport' } },
          'text/csv': { schema: { type: 'string' } },
        },
      },
    },
  },

  // case history (read model over cases and audit)
  'GET /api/v1/cases/{id}/history': { operationId: 'getCaseHistory' },
  'GET /api/v1/cases/{id}/timeline': { operationId: 'getCaseTimeline' },
  // customer 360° (issue 21)
  'GET /api/v1/customers/{recordId}': { operationId: 'getCustomer360' },
  'GET /api/v1/customers/{recordId}/timeline': { operationId: 'getCustomerTimeline' },
  'GET /api/v1/cases/{id}/customer': { operationId: 'getCaseCustomerPanel', problems: [404] },
  'GET /api/v1/cases/{id}/evidence': { operationId: 'getCaseEvidenceBundle', problems: [409] },

  // audit ledger
  'GET /api/v1/audit/public-key': { operationId: 'getAuditPublicKeys', problems: [404] },
  'GET /api/v1/audit/tree-heads/latest': { operationId: 'getLatestTreeHead', problems: [404] },
  'GET /api/v1/audit/events/{id}/proof': { operationId: 'getAuditEventProof' },
  'GET /api/v1/audit/consistency': { operationId: 'getAuditConsistencyProof' },

  // process engine
  'POST /api/v1/processes': { operationId: 'deployProcesses', problems: [400, 422] },
  'GET /api/v1/processes': { operationId: 'listProcesses' },
  'GET /api/v1/processes/{key}': { operationId: 'getProcess' },
  'POST /api/v1/process-instances': { operationId: 'startProcessInstance', problems: [404, 409, 422] },
  'GET /api/v1/process-instances': { operationId: 'listProcessInstances', problems: [404] },
  'GET /api/v1/process-history': { operationId: 'listCaseProcessHistory', problems: [404] },
  'GET /api/v1/process-instances/{id}': { operationId: 'getProcessInstance' },
  'GET /api/v1/process-instances/{id}/history': { operationId: 'getProcessInstanceHistory' },
  'PATCH /api/v1/process-instances/{id}/variables': { operationId: 'setProcessInstanceVariables', problems: [409, 422] },
  'POST /api/v1/process-instances/{id}/migrate': { operationId: 'migrateProcessInstance', problems: [409, 422] },
  'POST /api/v1/process-instances/{id}/terminate': { operationId: 'terminateProcessInstance', problems: [409] },
  'POST /api/v1/messages': { operationId: 'correlateMessage', problems: [404, 409, 422] },
  'POST /api/v1/signals': { operationId: 'broadcastSignal', problems: [409, 422] },
  'POST /api/v1/incidents/{id}/retry': { operationId: 'retryIncident', problems: [409, 422] },

  // process tasks
  'GET /api/v1/tasks': { operationId: 'listTasks' },
  'GET /api/v1/tasks/{id}': { operationId: 'getTask' },
  'POST /api/v1/tasks/{id}/claim': { operationId: 'claimTask', problems: [409] },
  'POST /api/v1/tasks/{id}/unclaim': { operationId: 'unclaimTask', problems: [409] },
  'POST /api/v1/tasks/{id}/complete': { operationId: 'completeTask', problems: [409, 422] },
  // approvals (issue 15)
  'POST /api/v1/tasks/{id}/approve': { operationId: 'approveTask', problems: [409, 422] },
  'POST /api/v1/tasks/{id}/reject': { operationId: 'rejectTask', problems: [409, 422] },
  'GET /api/v1/tasks/{id}/return-targets': { operationId: 'listTaskReturnTargets' },
  'POST /api/v1/tasks/{id}/return': { operationId: 'returnTask', problems: [409, 422] },
  'POST /api/v1/tasks/{id}/withdraw': { operationId: 'withdrawTask', problems: [409, 422] },
  'POST /api/v1/tasks/{id}/transfer': { operationId: 'transferTask', problems: [409] },
  'POST /api/v1/tasks/{id}/delegate': { operationId: 'delegateTask', problems: [409] },
  'POST /api/v1/tasks/{id}/resolve': { operationId: 'resolveTask', problems: [409] },
  'POST /api/v1/tasks/{id}/signers': { operationId: 'addTaskSigner', problems: [409, 422] },
  'GET /api/v1/tasks/{id}/actions': { operationId: 'listTaskActions' },
  'GET /api/v1/process-instances/{id}/actions': { operationId: 'listProcessInstanceActions' },
  // 抄送, 催办 and out-of-office rules (issue 15)
  'POST /api/v1/tasks/{id}/cc': { operationId: 'ccTask', problems: [409] },
  'POST /api/v1/tasks/{id}/urge': { operationId: 'urgeTask', problems: [409, 429] },
  'GET /api/v1/out-of-office': { operationId: 'listOutOfOffice' },
  'GET /api/v1/out-of-office/delegates': { operationId: 'listOutOfOfficeDelegates' },
  'POST /api/v1/out-of-office': { operationId: 'createOutOfOffice', problems: [409] },
  'DELETE /api/v1/out-of-office/{id}': { operationId: 'revokeOutOfOffice' },
  // external tasks (issue 15)
  'POST /api/v1/external-tasks': { operationId: 'pushExternalTask', problems: [409] },
  'POST /api/v1/external-tasks/{system}/{externalId}/complete': { operationId: 'completeExternalTask', problems: [404, 409] },
  'POST /api/v1/external-tasks/{system}/{externalId}/cancel': { operationId: 'cancelExternalTask', problems: [404, 409] },

  // business calendars (issue 16)
  'GET /api/v1/calendars': { operationId: 'listCalendars' },
  'POST /api/v1/calendars': { operationId: 'createCalendar', problems: [409] },
  'GET /api/v1/calendars/{id}': { operationId: 'getCalendar' },
  'PUT /api/v1/calendars/{id}': { operationId: 'updateCalendar' },
  'GET /api/v1/calendars/{id}/add': { operationId: 'addBusinessTime' },
  'GET /api/v1/calendars/{id}/elapsed': { operationId: 'getElapsedBusinessTime' },
  'GET /api/v1/calendars/{id}/days': { operationId: 'listCalendarDays' },

  // analytics: the read model (issue 20, part A)
  'GET /api/v1/analytics/read-model': { operationId: 'getAnalyticsReadModelStatus' },
  'POST /api/v1/analytics/read-model/rebuild': { operationId: 'rebuildAnalyticsReadModel' },
  // analytics: report designer, boards, schedules (issue 20, part F)
  'GET /api/v1/analytics/report-subjects': { operationId: 'listAnalyticsReportSubjects' },
  'POST /api/v1/analytics/reports/run': { operationId: 'runAnalyticsReport' },
  'GET /api/v1/analytics/reports': { operationId: 'listAnalyticsReports' },
  'POST /api/v1/analytics/reports': { operationId: 'createAnalyticsReport' },
  'GET /api/v1/analytics/reports/{id}': { operationId: 'getAnalyticsReport' },
  'PUT /api/v1/analytics/reports/{id}': { operationId: 'updateAnalyticsReport' },
  'DELETE /api/v1/analytics/reports/{id}': { operationId: 'deleteAnalyticsReport' },
  'GET /api/v1/analytics/reports/{id}/result': { operationId: 'getAnalyticsReportResult' },
  'GET /api/v1/analytics/reports/{id}/export': {
    operationId: 'exportAnalyticsReport',
    responses: {
      200: {
        description: 'The report’s result as a file (attachment): CSV (UTF-8 with BOM) or XLSX; audited analytics.report-exported',
        content: {
          'text/csv': { schema: { type: 'string' } },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
        },
      },
    },
  },
  'GET /api/v1/analytics/boards': { operationId: 'listAnalyticsBoards' },
  'POST /api/v1/analytics/boards': { operationId: 'createAnalyticsBoard' },
  'GET /api/v1/analytics/boards/{id}': { operationId: 'getAnalyticsBoard' },
  'PUT /api/v1/analytics/boards/{id}': { operationId: 'updateAnalyticsBoard' },
  'DELETE /api/v1/analytics/boards/{id}': { operationId: 'deleteAnalyticsBoard' },
  // analytics: dashboards, cockpit, drill-down (issue 20, part B)
  'GET /api/v1/analytics/dashboard': { operationId: 'getAnalyticsDashboard' },
  'GET /api/v1/analytics/cockpit': { operationId: 'getAnalyticsCockpit' },
  'GET /api/v1/analytics/drill': { operationId: 'drillAnalyticsFigure' },
  // analytics: process mining (part C)
  'GET /api/v1/analytics/processes': { operationId: 'listAnalyticsProcesses' },
  'GET /api/v1/analytics/process-mining': { operationId: 'getProcessMining' },
  'GET /api/v1/analytics/event-log': {
    operationId: 'exportProcessEventLog',
    responses: {
      200: {
        description: 'The event log as a download (attachment), streamed: XES (IEEE 1849-2016) or CSV with a header row; audited analytics.event-log-exported',
        content: {
          'application/xml': { schema: { type: 'string' } },
          'text/csv': { schema: { type: 'string' } },
        },
      },
    },
  },
  // analytics: spike warnings (part D)
  'GET /api/v1/analytics/spike-rules': { operationId: 'listSpikeRules' },
  'POST /api/v1/analytics/spike-rules': { operationId: 'createSpikeRule' },
  'GET /api/v1/analytics/spike-rules/{id}': { operationId: 'getSpikeRule' },
  'PUT /api/v1/analytics/spike-rules/{id}': { operationId: 'updateSpikeRule' },
  'DELETE /api/v1/analytics/spike-rules/{id}': { operationId: 'deleteSpikeRule' },
  'POST /api/v1/analytics/spike-rules/{id}/evaluate': { operationId: 'evaluateSpikeRule' },
  'GET /api/v1/analytics/spikes': { operationId: 'listSpikes' },
  // analytics: regulator report packs (part E)
  'POST /api/v1/analytics/report-packs': { operationId: 'generateReportPack' },
  'GET /api/v1/analytics/report-packs': { operationId: 'listReportPacks' },
  'GET /api/v1/analytics/report-packs/{id}': { operationId: 'getReportPack' },
  'GET /api/v1/analytics/report-packs/{id}/files/{file}': {
    operationId: 'downloadReportPackFile',
    responses: {
      200: {
        description: 'One file of the pack as recorded, as a download (attachment): the XLSX, the PDF, or the signed manifest (JSON)',
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
          'application/pdf': { schema: { type: 'string', format: 'binary' } },
          'application/json': { schema: { type: 'string' } },
        },
      },
    },
  },
  'POST /api/v1/analytics/report-packs/{id}/reproduce': { operationId: 'reproduceReportPack' },
  // objects: imports, upsert by external id, lookup connector (issue 21, part B)
  'POST /api/v1/object-types/{key}/imports': { operationId: 'importObjectRecords', problems: [404, 409, 413, 415] },
  'GET /api/v1/object-types/{key}/imports': { operationId: 'listObjectImports', problems: [404] },
  'GET /api/v1/imports/{id}': { operationId: 'getObjectImport', problems: [404] },
  'GET /api/v1/imports/{id}/errors.csv': {
    operationId: 'downloadObjectImportErrors',
    problems: [404],
    responses: { 200: { description: 'The import’s refused rows as CSV (UTF-8 with BOM): row, field, reason — never a value', content: { 'text/csv': { schema: { type: 'string' } } } } },
  },
  'PUT /api/v1/object-types/{key}/records/by-external-id/{externalId}': { operationId: 'upsertObjectRecordByExternalId', problems: [404, 409] },
  'GET /api/v1/object-types/{key}/lookup-connector': { operationId: 'getObjectLookupConnector', problems: [404] },
  'PUT /api/v1/object-types/{key}/lookup-connector': { operationId: 'saveObjectLookupConnector', problems: [404, 412] },
  'GET /api/v1/object-types/{key}/lookup/{externalId}': { operationId: 'lookupObjectRecord', problems: [404, 409, 502] },
  // automation: rules and engine (issue 21, part D)
  'GET /api/v1/automation/rules': { operationId: 'listAutomationRules' },
  'POST /api/v1/automation/rules': { operationId: 'createAutomationRule' },
  'GET /api/v1/automation/rules/{key}': { operationId: 'getAutomationRule' },
  'PUT /api/v1/automation/rules/{key}': { operationId: 'saveAutomationRule' },
  'DELETE /api/v1/automation/rules/{key}': { operationId: 'deleteAutomationRule' },
  'GET /api/v1/automation/rules/{key}/versions': { operationId: 'listAutomationRuleVersions' },
  'POST /api/v1/automation/rules/{key}/enable': { operationId: 'enableAutomationRule' },
  'POST /api/v1/automation/rules/{key}/disable': { operationId: 'disableAutomationRule' },
  'POST /api/v1/automation/rules/{key}/dry-run': { operationId: 'dryRunAutomationRule' },
  'POST /api/v1/automation/rules/dry-run': { operationId: 'dryRunAutomationRuleDefinition' },
  'GET /api/v1/automation/rules/{key}/runs': { operationId: 'listAutomationRuleRuns' },
  'GET /api/v1/automation/runs': { operationId: 'listAutomationRuns' },
  'GET /api/v1/automation/runs/{id}': { operationId: 'getAutomationRun' },
  // assist: prefill and settings (issue 22, part D)
  'POST /api/v1/assist/prefill': { operationId: 'prefillCase', problems: [404, 409] },
  'POST /api/v1/assist/prefills/{id}/outcomes': { operationId: 'recordPrefillOutcomes', problems: [409] },
  'GET /api/v1/assist/settings': { operationId: 'listAssistSettings' },
  'GET /api/v1/assist/settings/{caseType}': { operationId: 'getAssistSettings' },
  'PUT /api/v1/assist/settings/{caseType}': { operationId: 'saveAssistSettings' },
  // custom objects (issue 21): object types, relations, records, links
  'GET /api/v1/object-types': { operationId: 'listObjectTypes' },
  'POST /api/v1/object-types': { operationId: 'createObjectType', problems: [409] },
  'GET /api/v1/object-types/{key}': { operationId: 'getObjectType' },
  'PUT /api/v1/object-types/{key}': { operationId: 'saveObjectType', problems: [409] },
  'POST /api/v1/object-types/{key}/archive': { operationId: 'archiveObjectType' },
  'GET /api/v1/object-types/{key}/versions': { operationId: 'listObjectTypeVersions' },
  'GET /api/v1/relations': { operationId: 'listRelations' },
  'POST /api/v1/relations': { operationId: 'createRelation', problems: [409] },
  'PUT /api/v1/relations/{key}': { operationId: 'updateRelation' },
  'DELETE /api/v1/relations/{key}': { operationId: 'deleteRelation' },
  'GET /api/v1/object-types/{key}/records': { operationId: 'listRecords' },
  'POST /api/v1/object-types/{key}/records': { operationId: 'createRecord', problems: [409] },
  'GET /api/v1/records/{id}': { operationId: 'getRecord' },
  'PATCH /api/v1/records/{id}': { operationId: 'updateRecord', problems: [409] },
  'DELETE /api/v1/records/{id}': { operationId: 'deleteRecord' },
  'POST /api/v1/records/{id}/unmask': { operationId: 'unmaskRecordField' },
  'GET /api/v1/records/{id}/links': { operationId: 'listRecordLinks' },
  'POST /api/v1/records/{id}/links': { operationId: 'linkRecords', problems: [409] },
  'DELETE /api/v1/records/{id}/links/{relationKey}/{targetId}': { operationId: 'unlinkRecords' },
  'GET /api/v1/cases/{id}/records': { operationId: 'listRecordsOfCase' },
  'GET /api/v1/records/{id}/history': { operationId: 'getRecordHistory' },
  // automation: rules and engine (issue 21, part D)
};
