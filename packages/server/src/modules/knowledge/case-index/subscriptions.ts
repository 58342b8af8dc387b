import type { CommandSubscribers } from '../../../platform/commands/index.ts';
import { updateCaseDocumentDepartment } from './case-document-store.ts';
import { indexCase } from './index-case.ts';

/** A change of these means the case's words changed (audit change names: `title`, `fields.description` …). */
function changesWords(field: string): boolean {
  return field === 'title' || field === 'type' || field.startsWith('fields.');
}

/**
 * Keeps knowledge.case_document in step with each case inside the command that changed it: a
 * case created, its text or category changed, its status changed (resolved cases are the ones
 * suggested), a public reply written (its words describe the resolution), a move to another
 * department (who may be shown it). One read and one upsert per event; other changes (queue,
 * assignee, priority) cost nothing. Returns the unsubscribe.
 */
export function subscribeKnowledgeCaseIndex(subscribers: CommandSubscribers): () => void {
  const off = [
    subscribers.subscribeInTransaction('case.created', (ctx, e) => indexCase(ctx.tx, e.payload.caseId, ctx.now, { withReplies: false })),
    subscribers.subscribeInTransaction('case.status-changed', (ctx, e) => indexCase(ctx.tx, e.payload.caseId, ctx.now, { withReplies: true })),
    subscribers.subscribeInTransaction('case.commented', (ctx, e) =>
      e.payload.visibility === 'public' ? indexCase(ctx.tx, e.payload.caseId, ctx.now, { withReplies: true }) : Promise.resolve(),
    ),
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
