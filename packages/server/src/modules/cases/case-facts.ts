import type { Db, Tx } from '../../platform/db/database.ts';
import { isEnvelope } from '../../platform/crypto/index.ts';
import type { CaseRow } from './case-row.ts';
import { findCaseTypeVersionCached } from './case-type-cache.ts';
import { findFieldDefinitions } from './case-type-fields.ts';
import { caseProblems } from './problems.ts';
import { findCaseById, findCaseType } from './store.ts';
import { listFieldDefinitions } from './form-schema.ts';
import { DEFAULT_LIFECYCLE } from './case-lifecycle.ts';

/**
 * What another module (a process started for the case) may copy out of a case. Nothing here is
 * personal data: fields of a data class are encrypted at rest and never leave the case, and a
 * free-text value the detector sealed stays behind too, so a copy stored in clear elsewhere
 * cannot become a second, unencrypted home of a customer's identity.
 */
export interface CaseFacts {
  caseId: CaseRow['id'];
  number: string;
  caseType: string;
  caseTypeVersion: number;
  /** The process the case's type version names (`processKey` on the case type); null: none. */
  processKey: string | null;
  priority: CaseRow['priority'];
  channel: string | null;
  departmentId: string | null;
  createdBy: string;
  tags: string[];
  /** The customer's service tier (customer.tier, never sealed); null: no customer or no tier. */
  customerTier: string | null;
  status: string;
  statusCategory: CaseRow['statusCategory'];
  /** Form fields without a data class whose value is stored in clear. */
  fields: Record<string, unknown>;
}

/** The process a case type version names, from memory once read (a saved version never changes). */
export async function findCaseTypeProcessKey(tx: Db | Tx, caseType: string, version: number): Promise<string | null> {
  return (await findCaseTypeVersionCached(tx, caseType, version))?.processKey ?? null;
}

export async function findCaseFactsOrThrow(tx: Db | Tx, caseId: string): Promise<CaseFacts> {
  const found = await findCaseById(tx, caseId);
  if (!found) throw caseProblems.notFound({ detail: `No case ${caseId}` });
  const caseType = await findCaseTypeVersionCached(tx, found.typeKey, found.typeVersion);
  const definitions = await findFieldDefinitions(tx, found.typeKey, found.typeVersion);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(found.fields)) {
    const definition = definitions.get(key);
    if (!definition || definition.dataClass !== null) continue;
    if (typeof value === 'string' && isEnvelope(value)) continue;
    fields[key] = value;
  }
  return {
    caseId: found.id,
    number: found.number,
    caseType: found.typeKey,
    caseTypeVersion: found.typeVersion,
    processKey: caseType?.processKey ?? null,
    priority: found.priority,
    channel: found.channel,
    departmentId: found.departmentId,
    createdBy: found.createdBy,
    tags: found.tags,
    customerTier: typeof found.customer?.tier === 'string' ? found.customer.tier : null,
    status: found.status,
    statusCategory: found.statusCategory,
    fields,
  };
}

/**
 * Separation of duties in approvals (issue 15): who made the case, and whether its type version
 * forbids its maker from checking it. Without reading the fields (cheap, on every approval).
 */
export async function findCaseMakerOrThrow(tx: Db | Tx, caseId: string): Promise<{ createdBy: string; separationOfDuties: boolean }> {
  const found = await findCaseById(tx, caseId);
  if (!found) throw caseProblems.notFound({ detail: `No case ${caseId}` });
  const caseType = await findCaseTypeVersionCached(tx, found.typeKey, found.typeVersion);
  return { createdBy: found.createdBy, separationOfDuties: caseType?.separationOfDuties ?? false };
}

/**
 * The statuses of a case type version's lifecycle with their categories (issue 16: an SLA clock
 * pauses on the statuses of category waiting unless its target names others).
 */
export async function findCaseTypeStatuses(tx: Db | Tx, caseType: string, version: number): Promise<{ key: string; category: CaseRow['statusCategory'] }[]> {
  const found = await findCaseTypeVersionCached(tx, caseType, version);
  return (found?.lifecycle ?? DEFAULT_LIFECYCLE).statuses.map((s) => ({ key: s.key, category: s.category }));
}

/**
 * Issue 18 (a customer's e-mail answers a finished case): the status a resolved or closed case
 * reopens to — the first transition of its lifecycle from `from` to an unfinished status.
 */
export async function findReopenStatus(tx: Db | Tx, caseType: string, version: number, from: string): Promise<string | undefined> {
  const lifecycle = (await findCaseTypeVersionCached(tx, caseType, version))?.lifecycle ?? DEFAULT_LIFECYCLE;
  const unfinished = new Set(lifecycle.statuses.filter((s) => s.category === 'open' || s.category === 'waiting').map((s) => s.key));
  return lifecycle.transitions.find((t) => t.from === from && unfinished.has(t.to))?.to;
}

/** Issue 18 (a case number in an e-mail's subject): the case's id, without a permission check (the caller checks). */
export async function findCaseIdByNumber(tx: Db | Tx, number: string): Promise<string | undefined> {
  const row = await tx.selectFrom('cases.case').select('id').where('number', '=', number).executeTakeFirst();
  return row?.id;
}

/**
 * Issue 18 (a case opened from an e-mail): which fields of a case type's current form an e-mail
 * fills — the text (the field `description`, else the first text area) and the fields of data
 * class name and email (the sender). Undefined where the form has none.
 */
export async function findEmailFillableFields(tx: Db | Tx, caseType: string): Promise<{ text?: string; name?: string; email?: string }> {
  const found = await findCaseType(tx, caseType);
  if (!found) return {};
  const fields = listFieldDefinitions(found.schema);
  const text = fields.find((f) => f.key === 'description' && (f.type === 'textarea' || f.type === 'textfield')) ?? fields.find((f) => f.type === 'textarea');
  return { text: text?.key, name: fields.find((f) => f.dataClass === 'name')?.key, email: fields.find((f) => f.dataClass === 'email')?.key };
}
