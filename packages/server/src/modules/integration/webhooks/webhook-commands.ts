import type { CommandContext } from '../../../platform/commands/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { integrationProblems } from '../problems.ts';
import { PING_EVENT } from './event-types.ts';
import { checkWebhookInput, type WebhookInput } from './webhook-input.ts';
import { generateWebhookSecret, sealWebhookSecret, secretHint } from './webhook-secret.ts';
import {
  deleteWebhookIfVersion,
  findDelivery,
  findWebhook,
  insertDelivery,
  insertWebhook,
  rotateWebhookSecret,
  updateWebhookIfVersion,
  type DeliveryRow,
  type WebhookRow,
  type WebhookValues,
} from './webhook-store.ts';

/** How long the secret a rotation replaces still signs deliveries, so receivers can switch over. */
export const PREVIOUS_SECRET_VALIDITY_MS = 24 * 60 * 60 * 1000;

export async function findWebhookOrThrow(ctx: CommandContext, id: string): Promise<WebhookRow> {
  const found = await findWebhook(ctx.tx, id);
  if (!found) throw integrationProblems.webhookNotFound({ detail: `No webhook ${id}` });
  return found;
}

/** A webhook and its signing secret, which the caller sees this once (integration:admin). */
export async function createWebhook(ctx: CommandContext, input: WebhookInput): Promise<{ webhook: WebhookRow; secret: string }> {
  assertIntegrationAdmin(ctx);
  const values = await checkWebhookInput(ctx, input);
  const id = newId<string>();
  const secret = generateWebhookSecret();
  await insertWebhook(ctx.tx, { ...values, id, secretSealed: sealWebhookSecret(ctx.keyRing, id, secret), secretHint: secretHint(secret), createdBy: ctx.actor.userId, now: ctx.now });
  await recordAuditEvent(ctx, {
    action: 'integration.webhook-created',
    targetType: 'webhook',
    targetId: id,
    data: { id, name: values.name, eventTypes: values.eventTypes, caseTypes: values.caseTypes, departmentIds: values.departmentIds, ownerId: values.ownerId, active: values.active },
  });
  return { webhook: (await findWebhook(ctx.tx, id))!, secret };
}

function changedFields(current: WebhookRow, next: WebhookValues): string[] {
  const same = (a: unknown, b: unknown) => (Array.isArray(a) && Array.isArray(b) ? JSON.stringify([...a].sort()) === JSON.stringify([...b].sort()) : a === b);
  return (Object.keys(next) as (keyof WebhookValues)[]).filter((field) => !same(current[field], next[field]));
}

const staleProblem = (current: WebhookRow, expected: number) =>
  integrationProblems.webhookVersionStale({ detail: `You sent version ${expected}; the webhook is at ${current.version}. Reload it.`, currentVersion: current.version });

/** Replaces a webhook if it is still at `expectedVersion`; audited with the names of the changed fields. */
export async function updateWebhook(ctx: CommandContext, id: string, expectedVersion: number, input: WebhookInput): Promise<WebhookRow> {
  assertIntegrationAdmin(ctx);
  const current = await findWebhookOrThrow(ctx, id);
  if (current.version !== expectedVersion) throw staleProblem(current, expectedVersion);
  const values = await checkWebhookInput(ctx, input);
  const changed = changedFields(current, values);
  if (changed.length === 0) return current;
  if (!(await updateWebhookIfVersion(ctx.tx, id, expectedVersion, values, ctx.now))) throw staleProblem(current, expectedVersion);
  // The URL is a changed field's name only: it may carry a path the receiver considers private.
  await recordAuditEvent(ctx, { action: 'integration.webhook-changed', targetType: 'webhook', targetId: id, data: { id, version: current.version + 1, changed } });
  return (await findWebhook(ctx.tx, id))!;
}

/** Deletes a webhook and its delivery log. */
export async function deleteWebhook(ctx: CommandContext, id: string, expectedVersion: number): Promise<void> {
  assertIntegrationAdmin(ctx);
  const current = await findWebhookOrThrow(ctx, id);
  if (current.version !== expectedVersion || !(await deleteWebhookIfVersion(ctx.tx, id, expectedVersion))) throw staleProblem(current, expectedVersion);
  await recordAuditEvent(ctx, { action: 'integration.webhook-deleted', targetType: 'webhook', targetId: id, data: { id, name: current.name, version: current.version } });
}

/** A new secret, shown once; the previous one keeps signing (as a second v1) for 24 hours. */
export async function rotateSecret(ctx: CommandContext, id: string): Promise<{ webhook: WebhookRow; secret: string }> {
  assertIntegrationAdmin(ctx);
  await findWebhookOrThrow(ctx, id);
  const secret = generateWebhookSecret();
  const previousValidUntil = new Date(ctx.now.getTime() + PREVIOUS_SECRET_VALIDITY_MS);
  await rotateWebhookSecret(ctx.tx, id, sealWebhookSecret(ctx.keyRing, id, secret), secretHint(secret), previousValidUntil, ctx.now);
  await recordAuditEvent(ctx, { action: 'integration.webhook-secret-rotated', targetType: 'webhook', targetId: id, data: { id, previousSecretValidUntil: previousValidUntil.toISOString() } });
  return { webhook: (await findWebhook(ctx.tx, id))!, secret };
}

/** A webhook.ping delivery, due now. */
export async function pingWebhook(ctx: CommandContext, id: string): Promise<DeliveryRow> {
  assertIntegrationAdmin(ctx);
  await findWebhookOrThrow(ctx, id);
  const deliveryId = newId<string>();
  return insertDelivery(
    ctx.tx,
    { id: deliveryId, webhookId: id, eventId: `ping:${deliveryId}`, eventType: PING_EVENT, caseId: null, payload: { webhookId: id }, occurredAt: ctx.now, replayOf: null },
    ctx.now,
  );
}

/** The event of a delivery sent again, as a new delivery due now (the body is built afresh). */
export async function replayDelivery(ctx: CommandContext, webhookId: string, deliveryId: string): Promise<DeliveryRow> {
  assertIntegrationAdmin(ctx);
  await findWebhookOrThrow(ctx, webhookId);
  const original = await findDelivery(ctx.tx, webhookId, deliveryId);
  if (!original) throw integrationProblems.deliveryNotFound({ detail: `No delivery ${deliveryId} of webhook ${webhookId}` });
  const replay = await insertDelivery(
    ctx.tx,
    {
      id: newId<string>(),
      webhookId,
      eventId: original.eventId,
      eventType: original.eventType,
      caseId: original.caseId,
      payload: original.payload,
      occurredAt: original.occurredAt,
      replayOf: original.id,
    },
    ctx.now,
  );
  await recordAuditEvent(ctx, {
    action: 'integration.webhook-delivery-replayed',
    targetType: 'webhook',
    targetId: webhookId,
    data: { webhookId, deliveryId: replay.id, replayOf: original.id, eventType: original.eventType },
  });
  return replay;
}
