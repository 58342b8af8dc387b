import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';

// GET /api/v1/cases/{id}/sla and POST …/sla/{key}/override (schema `CaseSla`,
// packages/server/src/modules/sla/schemas.ts), through the typed client.

export type CaseSlaView = components['schemas']['CaseSla'];
export type SlaTargetView = components['schemas']['SlaTarget'];
export type SlaTargetKind = SlaTargetView['kind'];
export type SlaLevelAt = SlaTargetView['levels'][number]['at'];

export const caseSlaKey = (caseId: string) => ['case', caseId, 'sla'] as const;

/** The case's clocks, newest attempt first per key, and the server's now. */
export async function fetchCaseSla(caseId: string): Promise<CaseSlaView> {
  return dataOf(await api.GET('/api/v1/cases/{id}/sla', { params: { path: { id: caseId } } }));
}

/** Sets a clock's due time by hand, with a reason (needs case:assign on the case). */
export async function overrideSlaDue(caseId: string, key: string, body: { dueAt: string; reason: string }): Promise<CaseSlaView> {
  return dataOf(await api.POST('/api/v1/cases/{id}/sla/{key}/override', { params: { path: { id: caseId, key } }, body }));
}
