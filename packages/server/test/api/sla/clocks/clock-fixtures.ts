import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { SlaPolicyDefinition } from '../../../../src/modules/sla/index.ts';
import { bearer, type TestApp } from '../../../helpers/test-app.ts';

/**
 * Inserts an enabled policy with one version in force since 2020 (the policies API lives in its
 * own part of the module; the clocks' tests stay independent of it). Returns its id.
 */
export async function insertPolicy(t: TestApp, key: string, definition: SlaPolicyDefinition, options: { position?: number; effectiveFrom?: string; version?: number } = {}): Promise<string> {
  const existing = await t.sql<{ id: string }>('SELECT id FROM sla.policy WHERE key = $1', [key]);
  const id = existing[0]?.id ?? randomUUID();
  const version = options.version ?? 1;
  if (!existing[0]) {
    await t.sql(`INSERT INTO sla.policy (id, key, name, position, enabled, current_version, created_at, updated_at) VALUES ($1, $2, $3, $4, true, $5, now(), now())`, [
      id,
      key,
      `Policy ${key}`,
      options.position ?? 10,
      version,
    ]);
  } else {
    await t.sql('UPDATE sla.policy SET current_version = $2, updated_at = now() WHERE id = $1', [id, version]);
  }
  await t.sql(`INSERT INTO sla.policy_version (policy_id, version, effective_from, definition, created_at) VALUES ($1, $2, $3, $4, now())`, [
    id,
    version,
    options.effectiveFrom ?? '2020-01-01T00:00:00Z',
    JSON.stringify(definition),
  ]);
  return id;
}

export type Api = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

export function apiOf(t: TestApp): Api {
  return (token, method, url, payload, headers = {}) => t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, payload });
}

export interface CaseRef {
  id: string;
  version: number;
  status: string;
  dueAt: string | null;
  slaState: string | null;
}

export async function changeStatus(api: Api, token: string, c: CaseRef, status: string, reason?: string): Promise<CaseRef> {
  const res = await api(token, 'PATCH', `/cases/${c.id}`, { status, ...(reason ? { reason } : {}) }, { 'if-match': `"${c.version}"` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export interface TargetRow {
  id: string;
  key: string;
  kind: string;
  attempt: number;
  state: string;
  task_id: string | null;
  budget_seconds: number;
  consumed_seconds: number;
  elapsed_seconds: number | null;
  due_at: Date | null;
  next_fire_at: Date | null;
  breached_at: Date | null;
  running_since: Date | null;
  override_due_at: Date | null;
  calendar_version: number;
}

export async function targetsOf(t: TestApp, caseId: string): Promise<TargetRow[]> {
  return t.sql<TargetRow>('SELECT * FROM sla.target WHERE case_id = $1 ORDER BY key, attempt', [caseId]);
}

export async function targetOf(t: TestApp, caseId: string, key: string, attempt = 1): Promise<TargetRow> {
  const found = (await targetsOf(t, caseId)).find((r) => r.key === key && r.attempt === attempt);
  if (!found) throw new Error(`no target ${key}#${attempt} on case ${caseId}`);
  return found;
}

export async function slaAuditOf(t: TestApp, caseId: string): Promise<{ action: string; data: Record<string, unknown> }[]> {
  return t.sql("SELECT action, data FROM audit.event WHERE case_id = $1 AND action LIKE 'sla.%' ORDER BY id", [caseId]);
}

export const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
