import type { CommandSubscribers } from '../../../platform/commands/index.ts';
import { updateCaseDocumentDepartment } from './case-document-store.ts';
import { indexCase } from './index-case.ts';

/** A change of these means the case's words changed (audit change names: `title`, `fields.description` …). */
function changesWords(field: string): boolean {
  return field === 'title' || field === 'type' || field.startsWith('fields.');
}

/**
 * Keeps knowledge.case_document in step with each case inside the command that changed it: its
 * status changed (resolved and closed cases are the ones suggested), its text or category
 * changed, a public reply written (its words describe the resolution), a move to another
 * department. One read and one upsert per event; other changes (queue, assignee, priority) cost
 * nothing.
 *
 * Creation writes no document: a new case always starts in an open or waiting status (the
 * lifecycle refuses a finished initial status) and only resolved or closed cases are suggested,
 * so the first status change, in its own transaction, writes the document before the case can
 * be found. That keeps creation, and bulk ingestion (thousands of case.created per transaction),
 * free of the index: segmenting a title and description costs about 70 µs, a third of what
 * ingesting a case costs. Returns the unsubscribe.
 */
export function subscribeKnowledgeCaseIndex(subscribers: CommandSubscribers): () => void {
  const off = [
    subscribers.subscribeInTransaction('case.status-changed', (ctx, e) => indexCase(ctx.tx, e.payload.caseId, ctx.now, { withReplies: true })),
    subscribers.subscribeInTransaction('case.commented', (ctx, e) => (e.payload.visibility === 'public' ? indexCase(ctx.tx, e.payload.caseId, ctx.now, { withReplies: true }) : Promise.resolve())),
    subscribers.subscribeInTransaction('case.fields-changed', (ctx, e) => {
      if (e.payload.changed.some(changesWords)) return indexCase(ctx.tx, e.payload.caseId, ctx.now, { withReplies: true });
      if (e.payload.changed.includes('departmentId')) return updateCaseDocumentDepartment(ctx.tx, e.payload.caseId, ctx.now);
      return Promise.resolve();
    }),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
