import type { Static } from '@sinclair/typebox';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { type FieldError, httpProblems } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { findCurrentCaseTypeForCreateOrThrow, listFieldDefinitions } from '../../cases/index.ts';
import { assertIntegrationAdmin } from '../access.ts';
import { integrationProblems } from '../problems.ts';
import { deletePublicFormIfVersion, findPublicForm, insertPublicForm, type PublicFormRow, type PublicFormValues, updatePublicFormIfVersion } from './form-store.ts';
import type { CreatePublicFormBody, UpdatePublicFormBody } from './schemas.ts';

export type CreatePublicFormInput = Static<typeof CreatePublicFormBody>;
export type UpdatePublicFormInput = Static<typeof UpdatePublicFormBody>;

/** Data classes a contact field of the form fills (besides customer.*) when the case type has such a field. */
export const CONTACT_DATA_CLASS = { name: 'name', phone: 'phone', email: 'email' } as const;

function valuesOf(input: UpdatePublicFormInput): PublicFormValues {
  return {
    caseType: input.caseType,
    titles: { 'zh-CN': input.titles['zh-CN'].trim(), 'en-US': input.titles['en-US'].trim() },
    intro: input.intro ?? null,
    fields: input.fields.map((f) => (f.required ? { key: f.key, required: true } : { key: f.key })),
    contact: input.contact,
    active: input.active ?? true,
  };
}

/**
 * A form may ask only for fields of its case type that are of no sensitive data class: a page
 * anyone can open is not where an id number or a card number is typed. The case type's required
 * fields must all be on the form (or be filled from a contact field of their class).
 */
async function findFormProblems(ctx: CommandContext, values: PublicFormValues): Promise<FieldError[]> {
  const caseType = await findCurrentCaseTypeForCreateOrThrow(ctx, values.caseType).catch(() => undefined);
  if (!caseType) return [{ field: 'caseType', reason: `no case type ${values.caseType}` }];
  const errors: FieldError[] = [];
  if (values.titles['zh-CN'] === '') errors.push({ field: 'titles.zh-CN', reason: 'must not be blank' });
  if (values.titles['en-US'] === '') errors.push({ field: 'titles.en-US', reason: 'must not be blank' });
  const definitions = new Map(listFieldDefinitions(caseType.schema).map((d) => [d.key, d]));
  const seen = new Set<string>();
  values.fields.forEach((f, i) => {
    const definition = definitions.get(f.key);
    if (!definition) errors.push({ field: `fields[${i}].key`, reason: `is not a field of case type ${values.caseType}` });
    else if (definition.dataClass !== null) errors.push({ field: `fields[${i}].key`, reason: `is of the sensitive data class ${definition.dataClass}; a public form cannot ask for it` });
    if (seen.has(f.key)) errors.push({ field: `fields[${i}].key`, reason: 'is on the form twice' });
    seen.add(f.key);
  });
  const kinds = new Set<string>();
  values.contact.forEach((c, i) => {
    if (kinds.has(c.kind)) errors.push({ field: `contact[${i}].kind`, reason: 'is on the form twice' });
    kinds.add(c.kind);
  });
  const requiredContactClasses = new Set<string>(values.contact.filter((c) => c.required).map((c) => CONTACT_DATA_CLASS[c.kind]));
  for (const d of definitions.values()) {
    if (!d.component.validate?.required || seen.has(d.key)) continue;
    if (d.dataClass !== null && requiredContactClasses.has(d.dataClass)) continue;
    errors.push({ field: 'fields', reason: `must include ${d.key}, which case type ${values.caseType} requires` });
  }
  return errors;
}

async function assertFormValid(ctx: CommandContext, values: PublicFormValues): Promise<void> {
  const errors = await findFormProblems(ctx, values);
  if (errors.length > 0) throw httpProblems.validationFailed({ detail: errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors });
}

export async function findPublicFormOrThrow(ctx: CommandContext, key: string): Promise<PublicFormRow> {
  const found = await findPublicForm(ctx.tx, key);
  if (!found) throw integrationProblems.publicFormNotFound({ detail: `No public form ${key}` });
  return found;
}

/** A new public form at version 1 (integration:admin); audited. */
export async function createPublicForm(ctx: CommandContext, input: CreatePublicFormInput): Promise<PublicFormRow> {
  assertIntegrationAdmin(ctx);
  const values = valuesOf(input);
  await assertFormValid(ctx, values);
  if (!(await insertPublicForm(ctx.tx, newId(), input.key, values, ctx.now))) throw integrationProblems.publicFormExists({ detail: `Key ${input.key} is taken` });
  await recordAuditEvent(ctx, {
    action: 'integration.public-form-saved',
    targetType: 'public-form',
    targetId: input.key,
    data: { key: input.key, version: 1, created: true, caseType: values.caseType, fields: values.fields.map((f) => f.key), active: values.active },
  });
  return (await findPublicForm(ctx.tx, input.key))!;
}

function stale(expected: number, current: number) {
  return integrationProblems.publicFormVersionStale({ detail: `You sent version ${expected}; the form is at ${current}. Reload it.`, currentVersion: current });
}

/** Replaces a form if it is still at `expectedVersion` (If-Match); audited. */
export async function updatePublicForm(ctx: CommandContext, key: string, expectedVersion: number, input: UpdatePublicFormInput): Promise<PublicFormRow> {
  assertIntegrationAdmin(ctx);
  const current = await findPublicFormOrThrow(ctx, key);
  if (current.version !== expectedVersion) throw stale(expectedVersion, current.version);
  const values = valuesOf(input);
  await assertFormValid(ctx, values);
  if (!(await updatePublicFormIfVersion(ctx.tx, key, expectedVersion, values, ctx.now))) throw stale(expectedVersion, current.version);
  await recordAuditEvent(ctx, {
    action: 'integration.public-form-saved',
    targetType: 'public-form',
    targetId: key,
    data: { key, version: expectedVersion + 1, caseType: values.caseType, fields: values.fields.map((f) => f.key), active: values.active },
  });
  return (await findPublicForm(ctx.tx, key))!;
}

/** Deletes a form (If-Match); its tracking links keep working, they belong to the cases. */
export async function deletePublicForm(ctx: CommandContext, key: string, expectedVersion: number): Promise<void> {
  assertIntegrationAdmin(ctx);
  const current = await findPublicFormOrThrow(ctx, key);
  if (current.version !== expectedVersion || !(await deletePublicFormIfVersion(ctx.tx, key, expectedVersion))) throw stale(expectedVersion, current.version);
  await recordAuditEvent(ctx, { action: 'integration.public-form-deleted', targetType: 'public-form', targetId: key, data: { key, version: current.version } });
}
