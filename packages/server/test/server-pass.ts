/**
 * CI's second pass (DOCKET_TESTS=server, `npm run test:api:server`): the files run again on the
 * PostgreSQL server named by DATABASE_URL, after the whole suite ran on the embedded one.
 *
 * Why a selection and not every file that reaches the database: the second pass of all 150 of them
 * took 1,184 s of a 3,045 s CI run, over the 30-minute budget, and proves little the first pass has
 * not: the SQL is the same, the server runs it the same. What a server can change is the server's
 * own behaviour: the oldest major Docket supports (15, against the embedded 18), several processes
 * and connections on one database (locks, SKIP LOCKED, LISTEN/NOTIFY, advisory locks), extensions
 * (pg_trgm, the text search configurations), COPY, and the migrations from an empty database
 * (global-setup.ts migrates the template every file is cloned from). Each module keeps at least one
 * file that runs its widest SQL. `npm run test:api:database` still runs every database file on a
 * server, for a release or a new PostgreSQL major.
 */
export const SERVER_PASS_FILES: Record<string, string> = {
  'test/api/platform/migrations.test.ts': 'every migration, forward only, on the oldest supported major',
  'test/api/platform/outbox-processes.test.ts': 'several Docket processes sharing the outbox on one database',
  'test/api/platform/jobs.test.ts': 'job claiming with FOR UPDATE SKIP LOCKED across connections',
  'test/api/platform/commands.test.ts': 'optimistic concurrency and the command transaction',
  'test/api/access/organisation-and-scopes.test.ts': 'department subtrees by materialised path, the record policy as SQL',
  'test/api/access/encryption-at-rest.test.ts': 'sealed fields and blind indexes as stored',
  'test/api/audit/ledger.test.ts': "the ledger's sequencing and tree on the server",
  'test/api/audit/history.test.ts': "a case's audit history",
  'test/api/cases/create-case.test.ts': 'the case write path',
  'test/api/cases/list-cases.test.ts': 'list pages on their partial indexes, keyset paging',
  'test/api/cases/case-lifecycle.test.ts': 'status changes and their timestamps',
  'test/api/cases/ingest-cases.test.ts': 'the batched ingestion path (COPY-free multi-row inserts, idempotency)',
  'test/api/decisions/decisions.test.ts': 'deployed decisions and their evaluation',
  'test/api/process/case-process.test.ts': "a case's process from start to end",
  'test/api/process/pg-process-store.test.ts': "the engine's store",
  'test/api/process/process-jobs.test.ts': 'timers and jobs of the engine',
  'test/api/process/todo/todo-list.test.ts': 'the to-do list query',
  'test/api/process/approvals/approve-reject.test.ts': 'approvals and their task actions, with row locks on the instance',
  'test/api/routing/decisions/route-case.test.ts': 'routing decisions',
  'test/api/routing/dispatch/take-next.test.ts': 'taking the next case: row locks on queue heads',
  'test/api/sla/clocks/case-clocks.test.ts': 'SLA clocks started, paused and met by case changes',
  'test/api/sla/scheduler/multi-process.test.ts': 'the SLA scheduler shared by several processes on one database',
  'test/api/sla/reports/sla-report.test.ts': 'the on-time report',
  'test/api/integration/webhooks/webhooks.test.ts': 'webhook deliveries through the outbox',
  'test/api/integration/sources/ingest-core.test.ts': 'message ingestion, exactly-once by source and external id',
  'test/api/knowledge/search/search.test.ts': 'full-text search and pg_trgm',
  'test/api/knowledge/suggestions/case-suggestions.test.ts': "suggestions over the case index with the reader's policy",
  'test/api/notifications/notification-center.test.ts': 'the notification centre and its unread counts',
};
