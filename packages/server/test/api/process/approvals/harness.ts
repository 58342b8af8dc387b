import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';

// The approval API tests: one app per file, people by name, the BPMN of test/fixtures/bpmn/approvals.

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '../../../fixtures/bpmn/approvals');

export interface ApprovalWorld {
  t: TestApp;
  admin: string;
  ids: Record<string, string>;
  tokens: Record<string, string>;
  api(token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Starts an instance as `token` and returns its id. */
  start(token: string, processKey: string, variables: Record<string, unknown>): Promise<string>;
  /** The open tasks of an instance by element id (several per element: a list, oldest first). */
  openTasks(instanceId: string): Promise<Record<string, string[]>>;
  taskRow(id: string): Promise<{ state: string; assignee: string | null; completed_by: string | null; outcome: string | null; owner: string | null; delegation_state: string | null; kind: string }>;
  variables(instanceId: string): Promise<Record<string, unknown>>;
  instanceState(instanceId: string): Promise<string>;
  audit(action: string, taskId: string): Promise<{ actor_name: string; reason: string | null; data: Record<string, unknown> }[]>;
}

export async function approvalWorld(people: Record<string, string[]>, fixtures: string[], groups: Record<string, string[]> = {}): Promise<ApprovalWorld> {
  const t = await createTestApp();
  const admin = await t.login('admin');
  const api: ApprovalWorld['api'] = (token, method, url, payload) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  for (const [name, roles] of Object.entries(people)) {
    ids[name] = await t.createUser(name, roles);
    tokens[name] = await t.login(name);
  }
  for (const [key, members] of Object.entries(groups)) {
    const res = await api(admin, 'POST', '/groups', { key, name: key, kind: 'group', memberIds: members.map((m) => ids[m]) });
    if (res.statusCode !== 201) throw new Error(`group ${key}: ${res.body}`);
  }
  for (const fixture of fixtures) {
    const res = await api(admin, 'POST', '/processes', { xml: readFileSync(path.join(FIXTURES, fixture), 'utf8') });
    if (res.statusCode !== 201) throw new Error(`deploy ${fixture}: ${res.statusCode} ${res.body}`);
  }
  return {
    t,
    admin,
    ids,
    tokens,
    api,
    async start(token, processKey, variables) {
      const res = await api(token, 'POST', '/process-instances', { processKey, variables });
      if (res.statusCode !== 201) throw new Error(`start ${processKey}: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    },
    async openTasks(instanceId) {
      const rows = await t.sql<{ id: string; element_id: string }>("SELECT id, element_id FROM process.task WHERE instance_id = $1 AND state = 'open' ORDER BY created_at, id", [instanceId]);
      const byElement: Record<string, string[]> = {};
      for (const row of rows) byElement[row.element_id] = [...(byElement[row.element_id] ?? []), row.id];
      return byElement;
    },
    async taskRow(id) {
      return (await t.sql('SELECT state, assignee, completed_by, outcome, owner, delegation_state, kind FROM process.task WHERE id = $1', [id]))[0] as never;
    },
    async variables(instanceId) {
      return ((await t.sql<{ variables: Record<string, unknown> }>('SELECT variables FROM process.instance WHERE id = $1', [instanceId]))[0]?.variables ?? {}) as Record<string, unknown>;
    },
    async instanceState(instanceId) {
      return (await t.sql<{ state: string }>('SELECT state FROM process.instance WHERE id = $1', [instanceId]))[0]!.state;
    },
    async audit(action, taskId) {
      return t.sql('SELECT actor_name, reason, data FROM audit.event WHERE action = $1 AND target_id = $2 ORDER BY occurred_at, id', [action, taskId]);
    },
  };
}
