import type { CommandContext } from '../../../platform/commands/index.ts';
import { findCaseHeadings } from '../../cases/index.ts';
import type { TaskRow } from './task-store.ts';

/**
 * Each task with its case's number and title, the title only when the caller may read the case
 * (the case's own policy; a candidate of a task does not read its case by that) and masked as the
 * case view masks it: a title is free text and may hold personal data. One query per page.
 */
export async function withCaseHeadings<T extends TaskRow>(ctx: CommandContext, tasks: T[]): Promise<T[]> {
  const headings = await findCaseHeadings(
    ctx,
    tasks.flatMap((t) => (t.caseId ? [t.caseId] : [])),
  );
  return tasks.map((t) => {
    const heading = t.caseId ? headings.get(t.caseId) : undefined;
    return { ...t, caseNumber: heading?.number ?? null, caseTitle: heading?.title ?? null };
  });
}
