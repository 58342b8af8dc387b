import { csrfHeaders, toProblemError, type CasePriority } from '@docket/client';
import type { SlaRisk } from './sla-time.ts';

// GET /api/v1/cases/{id}/sla and POST …/sla/{key}/override (the clocks part of issue 16; schema
// `CaseSla` in packages/server/src/modules/sla/schemas.ts). The shapes are written out here so the
// console builds before the typed client has these paths.
// TODO(#16): use `components['schemas']['CaseSla']` and `api.GET` once the client is regenerated with them.

export type SlaTargetKind = 'first-response' | 'next-response' | 'resolution' | 'step';
export type SlaLevelAt = { kind: 'share'; share: number } | { kind: 'before-due'; duration: string } | { kind: 'breach' } | { kind: 'after-due'; duration: string };

export interface SlaTargetView {
  id: string;
  caseId: string;
  taskId: string | null;
  taskName: string | null;
  key: string;
  kind: SlaTargetKind;
  label: string | null;
  attempt: number;
  state: 'running' | 'paused' | 'met' | 'canceled';
  risk: SlaRisk | null;
  onTime: boolean | null;
  policy: { id: string; key: string; name: string; version: number } | null;
  calendar: { id: string; key: string; name: string; version: number };
  priority: CasePriority;
  startedAt: string;
  dueAt: string | null;
  atRiskAt: string | null;
  breachedAt: string | null;
  stoppedAt: string | null;
  budgetSeconds: number;
  usedSeconds: number;
  remainingSeconds: number | null;
  pauseStatuses: string[];
  levels: { index: number; at: SlaLevelAt; actions: string[]; fired: boolean; fireAt: string | null }[];
  override: { dueAt: string; reason: string; by: string; byName: string | null } | null;
}

export interface CaseSlaView {
  items: SlaTargetView[];
  now: string;
}

export const caseSlaKey = (caseId: string) => ['case', caseId, 'sla'] as const;

async function sendJson<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json', ...csrfHeaders() }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toProblemError(response);
  return (await response.json()) as T;
}

/** The case's clocks, newest attempt first per key, and the server's now. */
export function fetchCaseSla(caseId: string): Promise<CaseSlaView> {
  return sendJson('GET', `/api/v1/cases/${encodeURIComponent(caseId)}/sla`);
}

/** Sets a clock's due time by hand, with a reason (needs case:assign on the case). */
export function overrideSlaDue(caseId: string, key: string, body: { dueAt: string; reason: string }): Promise<CaseSlaView> {
  return sendJson('POST', `/api/v1/cases/${encodeURIComponent(caseId)}/sla/${encodeURIComponent(key)}/override`, body);
}
