import type { Static } from '@sinclair/typebox';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCaseTypeNames } from '../../cases/index.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { integrationProblems } from '../problems.ts';
import type { CreateMailboxBody, UpdateMailboxBody } from '../schemas.ts';
import { addressTaken, deleteMailboxIfVersion, findMailbox, insertMailbox, type MailboxRow, type MailboxValues, updateMailboxIfVersion } from './mailbox-store.ts';

export type { MailboxRow } from './mailbox-store.ts';

/** Source keys are reserved the same way: `email` names the channel, not a mailbox. */
async function valuesOf(ctx: CommandContext, input: Static<typeof UpdateMailboxBody>): Promise<MailboxValues> {
  const values: MailboxValues = {
    name: input.name.trim(),
    address: input.address.trim().toLowerCase(),
    caseType: input.caseType,
    language: input.language ?? 'zh-CN',
    active: input.active ?? true,
  };
  const errors: { field: string; reason: string }[] = [];
  if (values.name === '') errors.push({ field: 'name', reason: 'must not be blank' });
  if (!(await findCaseTypeNames(ctx)).has(values.caseType)) errors.push({ field: 'caseType', reason: `no case type ${values.caseType}` });
  if (errors.length > 0) throw httpProblems.validationFailed({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  return values;
}

export async function findMailboxOrThrow(ctx: CommandContext, key: string): Promise<MailboxRow> {
  const found = await findMailbox(ctx.tx, key);
  if (!found) throw integrationProblems.mailboxNotFound({ detail: `No mailbox ${key}` });
  return found;
}

const auditData = (row: { id: string; key: string; caseType: string; active: boolean }, version: number, extra: Record<string, unknown> = {}) => ({
  id: row.id,
  key: row.key,
  caseType: row.caseType,
  active: row.active,
  version,
  ...extra,
});

/** Creates a mailbox: the address customers write to, the case type new e-mails open, the reply language. Audited. */
export async function createMailbox(ctx: CommandContext, input: Static<typeof CreateMailboxBody>): Promise<MailboxRow> {
  assertIntegrationAdmin(ctx);
  const { key, ...rest } = input;
  const values = await valuesOf(ctx, rest);
  const exists = () => integrationProblems.mailboxExists({ detail: `A mailbox with key ${key} or this address exists` });
  if (await addressTaken(ctx.tx, values.address, null)) throw exists();
  const id = newId();
  if (!(await insertMailbox(ctx.tx, id, key, values, ctx.now))) throw exists();
  // The address is the bank's own, not a customer's: it may be audited.
  await recordAuditEvent(ctx, { action: 'integration.mailbox-saved', targetType: 'mailbox', targetId: key, data: auditData({ id, key, ...values }, 1, { address: values.address }) });
  return (await findMailbox(ctx.tx, key))!;
}

/** Replaces a mailbox (its key stays) if it is still at `expectedVersion`. Audited with the fields that changed. */
export async function updateMailbox(ctx: CommandContext, key: string, expectedVersion: number, input: Static<typeof UpdateMailboxBody>): Promise<MailboxRow> {
  assertIntegrationAdmin(ctx);
  const current = await findMailboxOrThrow(ctx, key);
  const stale = () => integrationProblems.mailboxVersionStale({ detail: `You sent version ${expectedVersion}; the mailbox is at ${current.version}. Reload it.`, currentVersion: current.version });
  if (current.version !== expectedVersion) throw stale();
  const values = await valuesOf(ctx, input);
  const changed = (Object.keys(values) as (keyof MailboxValues)[]).filter((field) => values[field] !== current[field]);
  if (changed.length === 0) return current;
  if (await addressTaken(ctx.tx, values.address, key)) throw integrationProblems.mailboxExists({ detail: 'Another mailbox has this address' });
  if (!(await updateMailboxIfVersion(ctx.tx, key, expectedVersion, values, ctx.now))) throw stale();
  await recordAuditEvent(ctx, { action: 'integration.mailbox-saved', targetType: 'mailbox', targetId: key, data: auditData({ id: current.id, key, ...values }, current.version + 1, { changed }) });
  return (await findMailbox(ctx.tx, key))!;
}

/** Deletes a mailbox; the e-mails it received stay on their cases. Audited. */
export async function deleteMailbox(ctx: CommandContext, key: string, expectedVersion: number): Promise<void> {
  assertIntegrationAdmin(ctx);
  const current = await findMailboxOrThrow(ctx, key);
  const stale = () => integrationProblems.mailboxVersionStale({ detail: `You sent version ${expectedVersion}; the mailbox is at ${current.version}. Reload it.`, currentVersion: current.version });
  if (current.version !== expectedVersion || !(await deleteMailboxIfVersion(ctx.tx, key, expectedVersion))) throw stale();
  await recordAuditEvent(ctx, { action: 'integration.mailbox-deleted', targetType: 'mailbox', targetId: key, data: auditData(current, current.version) });
}
