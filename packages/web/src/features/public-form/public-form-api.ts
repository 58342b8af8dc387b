import { dataOf, type components, type paths } from '@docket/client';
import { api } from '../../app/api.ts';

// The public web form (issue 18) through the typed client: the customer's side needs no sign-in,
// the administration needs integration:admin.

type Schemas = components['schemas'];
export type PublicFormView = Schemas['PublicFormView'];
export type PublicFormField = PublicFormView['fields'][number];
export type SubmissionBody = paths['/api/v1/public/forms/{key}/submissions']['post']['requestBody']['content']['application/json'];
export type SubmissionResult = Schemas['PublicSubmissionResult'];
export type Tracking = Schemas['PublicTracking'];
export type PublicForm = Schemas['PublicForm'];
export type CreatePublicFormBody = paths['/api/v1/public-forms']['post']['requestBody']['content']['application/json'];
export type UpdatePublicFormBody = paths['/api/v1/public-forms/{key}']['put']['requestBody']['content']['application/json'];
export type ContactKind = PublicForm['contact'][number]['kind'];
export const CONTACT_KINDS = ['name', 'phone', 'email'] as const satisfies readonly ContactKind[];

const byKey = (key: string) => ({ params: { path: { key } } });
const byToken = (token: string) => ({ params: { path: { token } } });

export async function fetchPublicForm(key: string): Promise<PublicFormView> {
  return dataOf(await api.GET('/api/v1/public/forms/{key}', byKey(key)));
}

export async function submitPublicForm(key: string, body: SubmissionBody): Promise<SubmissionResult> {
  return dataOf(await api.POST('/api/v1/public/forms/{key}/submissions', { ...byKey(key), body }));
}

export async function fetchTracking(token: string): Promise<Tracking> {
  return dataOf(await api.GET('/api/v1/public/track/{token}', byToken(token)));
}

export async function replyOnTracking(token: string, body: string) {
  return dataOf(await api.POST('/api/v1/public/track/{token}/replies', { ...byToken(token), body: { body } }));
}

export async function listPublicForms(): Promise<PublicForm[]> {
  return dataOf(await api.GET('/api/v1/public-forms')).items;
}

export async function createPublicForm(body: CreatePublicFormBody): Promise<PublicForm> {
  return dataOf(await api.POST('/api/v1/public-forms', { body }));
}

export async function updatePublicForm(key: string, version: number, body: UpdatePublicFormBody): Promise<PublicForm> {
  return dataOf(await api.PUT('/api/v1/public-forms/{key}', { params: { path: { key }, header: { 'if-match': `"${version}"` } }, body }));
}

export async function deletePublicForm(key: string, version: number): Promise<void> {
  await api.DELETE('/api/v1/public-forms/{key}', { params: { path: { key }, header: { 'if-match': `"${version}"` } } });
}

/** A form's server field name (`fields.question`, `contact.phone`) as an antd form path. */
export function formPathOf(field: string): string[] {
  return field.split('.');
}
