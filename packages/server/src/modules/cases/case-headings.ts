import { sql, type RawBuilder } from 'kysely';
import type { CommandContext } from '../../platform/commands/index.ts';
import { isAllowedOnCase, type PolicyCase } from '../access/index.ts';
import { presentFreeText } from './free-text-personal-data.ts';

// What other modules' lists (the to-do list of issue 15) show and filter of a case, without
// reading the case tables themselves: the SQL of cases.case stays in this module.

/** A case as a row of another list shows it: its number, and its title when the reader may read the case. */
export interface CaseHeading {
  number: string;
  /** null when the reader may not read the case; else as the case view shows it (personal data masked). */
  title: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findCaseHeadings(ctx: CommandContext, caseIds: readonly string[]): Promise<Map<string, CaseHeading>> {
  const ids = [...new Set(caseIds)].filter((id) => UUID.test(id));
  const headings = new Map<string, CaseHeading>();
  if (ids.length === 0) return headings;
  const result = await sql<{
    id: string;
    number: string;
    title: string;
    type_key: string;
    created_by: string;
    assignee_id: string | null;
    department_id: string | null;
    tags: string[];
    sensitivity: PolicyCase['sensitivity'];
  }>`SELECT id, number, title, type_key, created_by, assignee_id, department_id, tags, sensitivity FROM cases.case WHERE id = ANY(${ids}::uuid[])`.execute(ctx.tx);
  for (const r of result.rows) {
    const record: PolicyCase = { typeKey: r.type_key, createdBy: r.created_by, assigneeId: r.assignee_id, departmentId: r.department_id, tags: r.tags, sensitivity: r.sensitivity };
    // The title column holds the masked copy (personal data sealed beside it): a list shows that,
    // and the reader's field rules for the title's data classes still apply on top (hidden → ****).
    const title = isAllowedOnCase(ctx.actor, 'case:read', record) ? presentFreeText(r.title, ctx.actor, record, 'title') : null;
    headings.set(r.id, { number: r.number, title });
  }
  return headings;
}

/** SQL: the case behind `caseId` (a uuid column of the caller's query) is of this type. */
export function caseIsOfType(caseId: RawBuilder<unknown>, typeKey: string): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM cases.case c WHERE c.id = ${caseId} AND c.type_key = ${typeKey})`;
}

/** SQL: the case behind `caseId` has a number containing `text` (case-insensitive). */
export function caseNumberContains(caseId: RawBuilder<unknown>, text: string): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM cases.case c WHERE c.id = ${caseId} AND c.number ILIKE ${`%${escapeLike(text)}%`})`;
}

/** SQL: the ids of the unfinished cases `userId` created (index case_unfinished_created_by_queue_due_idx). */
export function unfinishedCasesCreatedBy(userId: string): RawBuilder<unknown> {
  if (!UUID.test(userId)) return sql`SELECT NULL::uuid AS id WHERE false`;
  return sql`SELECT id FROM cases.case WHERE created_by = ${userId}::uuid AND status_category IN ('open', 'waiting')`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
