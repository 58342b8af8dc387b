import type { Static } from '@sinclair/typebox';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { type FieldError, httpProblems, Problem } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { createCase, findCurrentCaseTypeForCreateOrThrow, listFieldDefinitions, readCase } from '../../cases/index.ts';
import { integrationProblems } from '../problems.ts';
import { countSentSince, findPublicForm, findRecentSubmission, insertSubmissionLog, insertTracking, type PublicFormRow } from './form-store.ts';
import { checkFormToken, contentHash, newTrackingToken } from './form-token.ts';
import { CONTACT_DATA_CLASS } from './public-form-commands.ts';
import type { SubmissionBody } from './schemas.ts';

export type SubmissionInput = Static<typeof SubmissionBody>;
export const MAX_LINKS = 3;
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const LINK = /https?:\/\/|www\./gi;

export interface SubmissionResult {
  number: string;
  trackingUrl: string;
  trackingToken: string;
  duplicate: boolean;
}

/** A public form as the public may see it: switched-off forms are not there. */
export async function findActiveFormOrThrow(ctx: CommandContext, key: string): Promise<PublicFormRow> {
  const form = await findPublicForm(ctx.tx, key);
  if (!form?.active) throw integrationProblems.publicFormNotFound({ detail: `No public form ${key}` });
  return form;
}

/**
 * Per client address: at most `perHour` submissions and replies in the last hour (429 with
 * retryAfterSeconds, which the route turns into Retry-After). Counted in the database, so every
 * Docket process behind the load balancer sees the same count.
 */
export async function assertWithinRate(ctx: CommandContext, clientAddress: string, perHour: number): Promise<void> {
  const { count, oldest } = await countSentSince(ctx.tx, clientAddress, new Date(ctx.now.getTime() - HOUR_MS));
  if (count < perHour) return;
  const retryAfterSeconds = Math.max(1, Math.ceil(((oldest?.getTime() ?? ctx.now.getTime()) + HOUR_MS - ctx.now.getTime()) / 1000));
  throw httpProblems.tooManyRequests({ detail: `At most ${perHour} submissions an hour from one address; try again in ${retryAfterSeconds} s`, retryAfterSeconds });
}

function countLinks(value: unknown): number {
  return typeof value === 'string' ? (value.match(LINK)?.length ?? 0) : 0;
}

/** Abuse checks that need no case type: honeypot, token age, consent, links. */
function findAbuseProblems(ctx: CommandContext, form: PublicFormRow, input: SubmissionInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.website !== undefined && input.website !== '') errors.push({ field: 'website', reason: 'must be empty', code: 'must-be-empty' });
  const token = checkFormToken(ctx.keyRing, form.key, input.formToken, ctx.now);
  if (!token.ok) errors.push({ field: 'formToken', reason: token.reason, code: token.code });
  if (input.consent !== true) errors.push({ field: 'consent', reason: 'must be true: the bank needs your consent to process what you send', code: 'consent' });
  const linked = [['subject', countLinks(input.subject)] as const, ...Object.entries(input.fields).map(([k, v]) => [`fields.${k}`, countLinks(v)] as const)];
  const links = linked.reduce((n, [, c]) => n + c, 0);
  if (links > MAX_LINKS)
    for (const [field, c] of linked) if (c > 0) errors.push({ field, reason: `holds ${c} links; at most ${MAX_LINKS} links may be sent in all`, code: 'too-many-links', params: { limit: MAX_LINKS } });
  return errors;
}

/** The submitted fields, checked against the form; contact values also fill fields of their data class. */
async function caseInputOf(ctx: CommandContext, form: PublicFormRow, input: SubmissionInput) {
  const caseType = await findCurrentCaseTypeForCreateOrThrow(ctx, form.caseType);
  const definitions = listFieldDefinitions(caseType.schema);
  const errors: FieldError[] = [];
  const onForm = new Map(form.fields.map((f) => [f.key, f]));
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.fields)) {
    if (!onForm.has(key)) errors.push({ field: `fields.${key}`, reason: 'is not on this form', code: 'unknown-field' });
    else if (value !== null && value !== '') fields[key] = value;
  }
  for (const f of form.fields) if (f.required && fields[f.key] === undefined) errors.push({ field: `fields.${f.key}`, reason: 'is required', code: 'required' });
  const customer: Record<string, string> = {};
  // A contact value also fills a field of its class: a problem with that field is the contact's.
  const fromContact: Record<string, string> = {};
  for (const c of form.contact) {
    const value = input.contact?.[c.kind]?.trim();
    if (!value) {
      if (c.required) errors.push({ field: `contact.${c.kind}`, reason: 'is required', code: 'required' });
      continue;
    }
    customer[c.kind] = value;
    const target = definitions.find((d) => d.dataClass === CONTACT_DATA_CLASS[c.kind]);
    if (target) {
      fields[target.key] = value;
      fromContact[`fields.${target.key}`] = `contact.${c.kind}`;
    }
  }
  for (const kind of Object.keys(input.contact ?? {})) {
    if (!form.contact.some((c) => c.kind === kind)) errors.push({ field: `contact.${kind}`, reason: 'is not on this form', code: 'unknown-field' });
  }
  if (input.subject.trim() === '') errors.push({ field: 'subject', reason: 'must not be blank', code: 'required' });
  if (errors.length > 0) throw httpProblems.validationFailed({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
  const caseInput = {
    type: form.caseType,
    title: input.subject.trim(),
    channel: 'web-form',
    fields,
    ...(Object.keys(customer).length > 0 ? { customer } : {}),
  };
  return { caseInput, fromContact };
}

// The case API calls them customer.* and title; the form calls them contact.* and subject.
function asFormField(field: string, fromContact: Record<string, string>): string {
  if (field === 'title') return 'subject';
  if (fromContact[field]) return fromContact[field];
  return field.startsWith('customer.') ? `contact.${field.slice('customer.'.length)}` : field;
}

/**
 * A customer's submission (as system:ingest:web-form, the client address in ctx.clientIp):
 * abuse checks, then the case of the form's type with channel web-form, and a tracking token.
 * The same content from the same address within 10 minutes answers with the case it opened.
 */
export async function submitPublicForm(ctx: CommandContext, formKey: string, input: SubmissionInput, perHour: number): Promise<SubmissionResult> {
  const form = await findActiveFormOrThrow(ctx, formKey);
  const abuse = findAbuseProblems(ctx, form, input);
  if (abuse.length > 0) throw httpProblems.validationFailed({ detail: abuse.map((e) => `${e.field}: ${e.reason}`).join('; '), errors: abuse });
  const clientAddress = ctx.clientIp ?? 'unknown';
  await assertWithinRate(ctx, clientAddress, perHour);
  const hash = contentHash(ctx.keyRing, [form.key, input.subject.trim(), input.fields, input.contact ?? {}]);
  const earlier = await findRecentSubmission(ctx.tx, clientAddress, hash, new Date(ctx.now.getTime() - DUPLICATE_WINDOW_MS));
  let caseId: string;
  let number: string;
  if (earlier) {
    caseId = earlier;
    number = (await readCase(ctx, earlier)).number;
  } else {
    const { caseInput, fromContact } = await caseInputOf(ctx, form, input);
    try {
      const created = await createCase(ctx, caseInput);
      caseId = created.case.id;
      number = created.case.number;
    } catch (error) {
      if (error instanceof Problem && Array.isArray(error.extensions.errors)) {
        // Deduplicated: a contact value that fills both customer.* and a field is refused once.
        const errors = [...new Map((error.extensions.errors as FieldError[]).map((e) => [asFormField(e.field, fromContact), { ...e, field: asFormField(e.field, fromContact) }])).values()];
        throw httpProblems.validationFailed({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
      }
      throw error;
    }
  }
  const tracking = newTrackingToken();
  await insertTracking(ctx.tx, tracking.hash, caseId, form.key, ctx.now);
  await insertSubmissionLog(ctx.tx, { id: newId(), kind: 'submission', clientAddress, formKey: form.key, contentHash: hash, caseId }, ctx.now);
  await recordAuditEvent(ctx, {
    action: 'integration.public-form-submitted',
    targetType: 'case',
    targetId: caseId,
    caseId,
    data: { form: form.key, number, duplicate: earlier !== undefined },
  });
  return { number, trackingUrl: `/track/${tracking.token}`, trackingToken: tracking.token, duplicate: earlier !== undefined };
}
