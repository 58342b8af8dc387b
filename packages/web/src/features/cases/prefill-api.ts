import { dataOf, type components, type paths } from '@docket/client';
import { api } from '../../app/api.ts';
import type { PrefillResponse } from './prefill-model.ts';

// The prefill's calls (issue 22): suggest values for a pasted text, record what the agent did
// with them, and where the case would likely go (the dispatch suggestion).

export type PrefillRequest = paths['/api/v1/assist/prefill']['post']['requestBody']['content']['application/json'];
export type PrefillOutcomesRequest = paths['/api/v1/assist/prefills/{id}/outcomes']['post']['requestBody']['content']['application/json'];
export type DispatchResponse = components['schemas']['AssistDispatchResponse'];

export async function requestPrefill(body: PrefillRequest): Promise<PrefillResponse> {
  return dataOf(await api.POST('/api/v1/assist/prefill', { body }));
}

export async function recordPrefillOutcomes(id: string, body: PrefillOutcomesRequest): Promise<void> {
  dataOf(await api.POST('/api/v1/assist/prefills/{id}/outcomes', { params: { path: { id } }, body }));
}

export async function requestDispatch(text: string, channel?: string): Promise<DispatchResponse> {
  return dataOf(await api.POST('/api/v1/assist/dispatch', { body: { text, ...(channel ? { channel } : {}) } }));
}
