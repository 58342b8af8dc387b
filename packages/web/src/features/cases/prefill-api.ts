import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';
import type { PrefillResponse } from './prefill-model.ts';

// The prefill's two calls (issue 22): suggest values for a pasted text, record what the agent did with them.

export type PrefillRequest = components['schemas']['AssistPrefillRequest'];
export type PrefillOutcomesRequest = components['schemas']['AssistPrefillOutcomesRequest'];

// TODO(i22-g): typed paths once part D's routes are in the generated client.
const post = api.POST as unknown as (path: string, init: { body: unknown; params?: { path: Record<string, string> } }) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export async function requestPrefill(body: PrefillRequest): Promise<PrefillResponse> {
  return dataOf(await post('/api/v1/assist/prefill', { body })) as PrefillResponse;
}

export async function recordPrefillOutcomes(id: string, body: PrefillOutcomesRequest): Promise<void> {
  await post('/api/v1/assist/prefills/{id}/outcomes', { params: { path: { id } }, body });
}
