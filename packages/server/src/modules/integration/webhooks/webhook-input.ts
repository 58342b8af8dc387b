import type { Static } from '@sinclair/typebox';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { findPolicySubjectOfUser } from '../../access/index.ts';
import type { CreateWebhookBody } from '../schemas.ts';
import { isWebhookEventType } from './event-types.ts';
import { webhookUrlProblem } from './url-check.ts';
import { findActivePerson, findUnknownDepartments, type WebhookValues } from './webhook-store.ts';

export type WebhookInput = Static<typeof CreateWebhookBody>;

const unique = (values: string[]) => [...new Set(values)];

/** The input checked against the catalogue, the URL rules and the people; a 400 names every bad field. */
export async function checkWebhookInput(ctx: CommandContext, input: WebhookInput): Promise<WebhookValues> {
  const errors: { field: string; reason: string }[] = [];
  const name = input.name.trim();
  if (name === '') errors.push({ field: 'name', reason: 'must not be blank' });
  const urlProblem = webhookUrlProblem(input.url);
  if (urlProblem) errors.push({ field: 'url', reason: urlProblem });
  const eventTypes = unique(input.eventTypes);
  eventTypes.forEach((type, i) => {
    if (!isWebhookEventType(type)) errors.push({ field: `eventTypes/${i}`, reason: `${type} is not an event type (GET /webhooks/event-types lists them)` });
  });
  if (eventTypes.includes('*') && eventTypes.length > 1) errors.push({ field: 'eventTypes', reason: "'*' means every type: give it alone" });
  const departmentIds = unique(input.departmentIds ?? []);
  for (const unknown of await findUnknownDepartments(ctx.tx, departmentIds)) {
    errors.push({ field: `departmentIds/${departmentIds.indexOf(unknown)}`, reason: 'no such department' });
  }
  const ownerId = input.ownerId ?? ctx.actor.userId;
  const ownerField = input.ownerId === undefined ? 'ownerId (the caller)' : 'ownerId';
  const person = await findActivePerson(ctx.tx, ownerId);
  if (!person) {
    errors.push({ field: ownerField, reason: 'must be an active person, not a system actor' });
  } else {
    const subject = await findPolicySubjectOfUser(ctx.tx, ownerId);
    if (!subject?.permissions.some((p) => p.action === 'case:read')) errors.push({ field: ownerField, reason: 'must be allowed to read cases (case:read)' });
  }
  if (errors.length > 0) throw httpProblems.validationFailed({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  return { name, url: input.url, eventTypes, caseTypes: unique(input.caseTypes ?? []), departmentIds, ownerId, active: input.active ?? true };
}
