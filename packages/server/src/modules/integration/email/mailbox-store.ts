import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';

export type MailLanguage = 'zh-CN' | 'en-US';

export interface MailboxRow {
  id: string;
  key: string;
  name: string;
  address: string;
  caseType: string;
  language: MailLanguage;
  active: boolean;
  stats: { received: number; sent: number; failed: number; lastReceivedAt: Date | null };
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface MailboxValues {
  name: string;
  address: string;
  caseType: string;
  language: MailLanguage;
  active: boolean;
}

function selectMailboxes(tx: Db | Tx) {
  return tx
    .selectFrom('integration.mailbox as m')
    .selectAll('m')
    .select(sql<number>`(SELECT count(*)::int FROM integration.email_message e WHERE e.mailbox_key = m.key AND e.direction = 'in')`.as('received'))
    .select(sql<number>`(SELECT count(*)::int FROM integration.email_message e WHERE e.mailbox_key = m.key AND e.status = 'sent')`.as('sent'))
    .select(sql<number>`(SELECT count(*)::int FROM integration.email_message e WHERE e.mailbox_key = m.key AND e.status = 'failed')`.as('failed'))
    .select(sql<Date | null>`(SELECT max(e.created_at) FROM integration.email_message e WHERE e.mailbox_key = m.key AND e.direction = 'in')`.as('last_received_at'));
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectMailboxes>['executeTakeFirstOrThrow']>>;

function toRow(r: Selected): MailboxRow {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    address: r.address,
    caseType: r.case_type,
    language: r.language as MailLanguage,
    active: r.active,
    stats: { received: r.received, sent: r.sent, failed: r.failed, lastReceivedAt: r.last_received_at ? new Date(r.last_received_at) : null },
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listMailboxes(tx: Db | Tx): Promise<MailboxRow[]> {
  return (await selectMailboxes(tx).orderBy('m.key').execute()).map(toRow);
}

export async function findMailbox(tx: Db | Tx, key: string): Promise<MailboxRow | undefined> {
  const row = await selectMailboxes(tx).where('m.key', '=', key).executeTakeFirst();
  return row && toRow(row);
}

/** The active mailbox an SMTP recipient names (addresses compare without case). */
export async function findActiveMailboxByAddress(tx: Db | Tx, address: string): Promise<MailboxRow | undefined> {
  const row = await selectMailboxes(tx).where('m.address', '=', address.toLowerCase()).where('m.active', '=', true).executeTakeFirst();
  return row && toRow(row);
}

/** The active mailbox that opens cases of a type (the oldest when several do): where replies go from when no e-mail came in. */
export async function findActiveMailboxForCaseType(tx: Db | Tx, caseType: string): Promise<MailboxRow | undefined> {
  const row = await selectMailboxes(tx).where('m.case_type', '=', caseType).where('m.active', '=', true).orderBy('m.created_at').orderBy('m.key').executeTakeFirst();
  return row && toRow(row);
}

const columnsOf = (v: MailboxValues) => ({ name: v.name, address: v.address.toLowerCase(), case_type: v.caseType, language: v.language, active: v.active });

/** False when the key or the address is taken (a concurrent create included). */
export async function insertMailbox(tx: Tx, id: string, key: string, values: MailboxValues, now: Date): Promise<boolean> {
  const row = await tx
    .insertInto('integration.mailbox')
    .values({ id, key, ...columnsOf(values), version: 1, created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Another mailbox already has this address. */
export async function addressTaken(tx: Tx, address: string, exceptKey: string | null): Promise<boolean> {
  let query = tx.selectFrom('integration.mailbox').select('key').where('address', '=', address.toLowerCase());
  if (exceptKey) query = query.where('key', '<>', exceptKey);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function updateMailboxIfVersion(tx: Tx, key: string, expectedVersion: number, values: MailboxValues, now: Date): Promise<boolean> {
  const row = await tx
    .updateTable('integration.mailbox')
    .set({ ...columnsOf(values), version: sql`version + 1`, updated_at: now })
    .where('key', '=', key)
    .where('version', '=', expectedVersion)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteMailboxIfVersion(tx: Tx, key: string, expectedVersion: number): Promise<boolean> {
  const row = await tx.deleteFrom('integration.mailbox').where('key', '=', key).where('version', '=', expectedVersion).returning('id').executeTakeFirst();
  return row !== undefined;
}
