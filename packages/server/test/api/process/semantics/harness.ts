import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { registerProcessJobs } from '../../../../src/modules/process/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { createJobHandlers } from '../../../../src/platform/jobs/index.ts';
import { createWorkerRegistry, type WorkerRegistry } from '../../../../src/platform/workers/index.ts';
import { testJobRunner } from '../../../helpers/job-runner.ts';
import { conformanceDir } from '../../../helpers/conformance-dir.ts';
import { bearer, createTestApp, type TestApp } from '../../../helpers/test-app.ts';

/**
 * The execution-semantics suite drives the engine only through the HTTP API of issue 14, on the
 * test clock. Workers are registered but never started: due jobs run only when a test moves the
 * clock (POST /api/v1/test-clock runs them before answering), so nothing happens behind a test's back.
 */

export const START = new Date('2026-03-02T08:00:00Z');

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '../../../fixtures/bpmn/semantics');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export interface ActiveElement {
  elementId: string;
  elementType: string;
}
export interface WaitingEvent {
  elementId: string;
  kind: 'timer' | 'message' | 'signal';
  dueAt?: string;
  name?: string;
}
export interface InstanceView {
  id: string;
  processKey: string;
  version: number;
  state: 'active' | 'completed' | 'terminated' | 'incident';
  variables: Record<string, unknown>;
  activeElements: ActiveElement[];
  waitingEvents: WaitingEvent[];
  parentId: string | null;
  childIds: string[];
  incidents?: { id: string; elementId: string; kind: string; message: string }[];
}
export interface HistoryEntry {
  elementId: string;
  elementType?: string;
  start: string;
  end: string | null;
  outcome: string | null;
}
export interface TaskView {
  id: string;
  elementId: string;
  name: string | null;
  processInstanceId: string;
  caseId: string | null;
  assignee: string | null;
  candidateGroups: string[];
  dueAt: string | null;
}

export interface Engine {
  t: TestApp;
  clock: TestClock;
  workers: WorkerRegistry;
  admin: string;
  adminId: string;
  close(): Promise<void>;
  /** Deploys BPMN XML; expects 201 and returns the deployed processes. */
  deploy(xml: string): Promise<{ key: string; version: number; id: string }[]>;
  deployRaw(xml: string, token?: string): Promise<LightMyRequestResponse>;
  deployFixture(name: string): Promise<{ key: string; version: number; id: string }[]>;
  /**
   * Deploys a fixture for the tests of a file without failing the file's setup: a refused
   * deployment fails only the tests that start its processes (their error quotes the refusal).
   */
  preload(name: string): Promise<void>;
  deployFailures: Map<string, string>;
  deployDecision(xml: string): Promise<LightMyRequestResponse>;
  startRaw(processKey: string, variables?: Record<string, unknown>, extra?: Record<string, unknown>): Promise<LightMyRequestResponse>;
  /** Starts an instance; expects 201 and returns its id. */
  start(processKey: string, variables?: Record<string, unknown>, extra?: Record<string, unknown>): Promise<string>;
  instance(id: string): Promise<InstanceView>;
  history(id: string): Promise<HistoryEntry[]>;
  tasks(instanceId: string): Promise<TaskView[]>;
  /** The one open task of this element in the instance. */
  task(instanceId: string, elementId: string): Promise<TaskView>;
  completeRaw(taskId: string, body?: Record<string, unknown>): Promise<LightMyRequestResponse>;
  complete(instanceId: string, elementId: string, variables?: Record<string, unknown>, outcome?: string): Promise<void>;
  claim(taskId: string): Promise<LightMyRequestResponse>;
  message(body: { name: string; correlationKey?: string; processInstanceId?: string; variables?: Record<string, unknown> }): Promise<LightMyRequestResponse>;
  signal(name: string, variables?: Record<string, unknown>): Promise<LightMyRequestResponse>;
  patchVariables(instanceId: string, variables: Record<string, unknown>): Promise<LightMyRequestResponse>;
  /** Moves the test clock forward (ISO duration) and waits until every job due by then ran. */
  advance(duration: string): Promise<void>;
  setClock(instant: string): Promise<void>;
  now(): Date;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Every row of the process and decision schemas as text: for "the refused command changed nothing". */
  processDump(): Promise<string>;
}

export async function createEngine(): Promise<Engine> {
  const clock = new TestClock(START);
  const workers = createWorkerRegistry();
  const t = await createTestApp({ clock, workers, config: { testClock: true } });
  const handlers = createJobHandlers();
  registerProcessJobs(handlers, { retentionMonths: 120, httpMaxTimeoutMs: 30_000 });
  workers.register(testJobRunner(t, { clock, handlers, pollIntervalMs: 50 }));
  // Sessions expire on the test clock too: signing in again after each move keeps one valid.
  let admin = await t.login('admin');
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(admin) });
  const adminId = (me.json().userId ?? me.json().id) as string;

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: bearer(admin) });
  const post = (url: string, payload?: unknown) => t.app.inject({ method: 'POST', url, headers: bearer(admin), payload: (payload ?? {}) as object });

  const deployFailures = new Map<string, string>();
  const engine: Engine = {
    t,
    deployFailures,
    clock,
    workers,
    get admin() {
      return admin;
    },
    adminId,
    get,
    post,
    async close() {
      await t.close();
    },
    deployRaw(xml, token) {
      return t.app.inject({ method: 'POST', url: '/api/v1/processes', headers: { ...bearer(token ?? admin), 'content-type': 'application/xml' }, payload: xml });
    },
    async deploy(xml) {
      const res = await engine.deployRaw(xml);
      if (res.statusCode !== 201) throw new Error(`deploy: expected 201, got ${res.statusCode}: ${res.body}`);
      return res.json().processes;
    },
    deployFixture(name) {
      return engine.deploy(fixture(name));
    },
    async preload(name) {
      const res = await engine.deployRaw(fixture(name));
      if (res.statusCode !== 201) deployFailures.set(name, `${res.statusCode} ${res.body.slice(0, 1500)}`);
    },
    deployDecision(xml) {
      return t.app.inject({ method: 'POST', url: '/api/v1/decisions', headers: { ...bearer(admin), 'content-type': 'application/xml' }, payload: xml });
    },
    startRaw(processKey, variables = {}, extra = {}) {
      return post('/api/v1/process-instances', { processKey, variables, ...extra });
    },
    async start(processKey, variables = {}, extra = {}) {
      const res = await engine.startRaw(processKey, variables, extra);
      if (res.statusCode !== 201) {
        const refused = [...deployFailures].map(([file, why]) => `\n  deploying ${file} was refused: ${why}`).join('');
        throw new Error(`start ${processKey}: expected 201, got ${res.statusCode}: ${res.body}${refused}`);
      }
      return res.json().id;
    },
    async instance(id) {
      const res = await get(`/api/v1/process-instances/${id}`);
      if (res.statusCode !== 200) throw new Error(`instance ${id}: ${res.statusCode} ${res.body}`);
      return res.json();
    },
    async history(id) {
      const res = await get(`/api/v1/process-instances/${id}/history`);
      if (res.statusCode !== 200) throw new Error(`history ${id}: ${res.statusCode} ${res.body}`);
      const body = res.json();
      const rows = (Array.isArray(body) ? body : (body.items ?? body.elementInstances ?? body.history)) as Record<string, unknown>[];
      return rows.map((r) => ({
        elementId: r.elementId as string,
        elementType: r.elementType as string | undefined,
        start: (r.start ?? r.startedAt) as string,
        end: (r.end ?? r.endedAt ?? null) as string | null,
        outcome: (r.outcome ?? null) as string | null,
      }));
    },
    async tasks(instanceId) {
      const res = await get(`/api/v1/tasks?processInstanceId=${instanceId}`);
      if (res.statusCode !== 200) throw new Error(`tasks ${instanceId}: ${res.statusCode} ${res.body}`);
      const body = res.json();
      return (Array.isArray(body) ? body : body.items) as TaskView[];
    },
    async task(instanceId, elementId) {
      const open = (await engine.tasks(instanceId)).filter((x) => x.elementId === elementId);
      if (open.length !== 1) throw new Error(`expected one open task ${elementId} in ${instanceId}, found ${open.length}`);
      return open[0]!;
    },
    completeRaw(taskId, body = {}) {
      return post(`/api/v1/tasks/${taskId}/complete`, { variables: {}, ...body });
    },
    async complete(instanceId, elementId, variables = {}, outcome) {
      const task = await engine.task(instanceId, elementId);
      const res = await engine.completeRaw(task.id, { variables, ...(outcome === undefined ? {} : { outcome }) });
      if (res.statusCode >= 300) throw new Error(`complete ${elementId}: ${res.statusCode} ${res.body}`);
    },
    claim(taskId) {
      return post(`/api/v1/tasks/${taskId}/claim`, {});
    },
    message(body) {
      return post('/api/v1/messages', { variables: {}, ...body });
    },
    signal(name, variables = {}) {
      return post('/api/v1/signals', { name, variables });
    },
    patchVariables(instanceId, variables) {
      return t.app.inject({ method: 'PATCH', url: `/api/v1/process-instances/${instanceId}/variables`, headers: bearer(admin), payload: { variables } });
    },
    async advance(duration) {
      const res = await post('/api/v1/test-clock', { advance: duration });
      if (res.statusCode !== 200) throw new Error(`advance ${duration}: ${res.statusCode} ${res.body}`);
      admin = await t.login('admin');
    },
    async setClock(instant) {
      const res = await post('/api/v1/test-clock', { set: instant });
      if (res.statusCode !== 200) throw new Error(`set clock ${instant}: ${res.statusCode} ${res.body}`);
      admin = await t.login('admin');
    },
    now: () => clock.now(),
    async processDump() {
      const tables = await t.sql<{ name: string }>("SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname IN ('process', 'decisions', 'decision') ORDER BY 1");
      let dump = '';
      for (const { name } of tables) {
        const rows = await t.sql<{ row: string }>(`SELECT t::text AS row FROM ${name} t ORDER BY 1`);
        dump += `${name}\n${rows.map((r) => r.row).join('\n')}\n`;
      }
      return dump;
    },
  };
  return engine;
}

/** Element ids of the active element instances, sorted (one entry per element instance). */
export function activeIds(view: InstanceView): string[] {
  return view.activeElements.map((e) => e.elementId).sort();
}

/** `elementId:kind` of what the instance waits for, sorted. */
export function waiting(view: InstanceView): string[] {
  return view.waitingEvents.map((e) => `${e.elementId}:${e.kind}`).sort();
}

/** Outcomes of every element instance of this element, in the order they started. */
export function outcomesOf(history: HistoryEntry[], elementId: string): (string | null)[] {
  return history
    .filter((h) => h.elementId === elementId)
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((h) => h.outcome);
}

/** Whether the history has an element instance of this element. */
export function entered(history: HistoryEntry[], elementId: string): boolean {
  return history.some((h) => h.elementId === elementId);
}

/** Asserts each listed element was entered with exactly these outcomes, and each `never` element was not entered. */
export function expectHistory(history: HistoryEntry[], expected: Record<string, (string | null)[]>, never: string[] = []): void {
  for (const [elementId, outcomes] of Object.entries(expected)) {
    expect(outcomesOf(history, elementId).sort(), `history of ${elementId}`).toEqual([...outcomes].sort());
  }
  for (const elementId of never) expect(entered(history, elementId), `${elementId} should never be entered`).toBe(false);
  for (const h of history) {
    if (h.outcome !== null) expect(h.end, `${h.elementId} ended with ${h.outcome} but has no end`).not.toBeNull();
  }
}

/**
 * An error end event that threw: entered once and ended. Whether it ended `completed` (Camunda 7)
 * or was ended with the scope its error interrupted (`canceled`, as Zeebe terminates it) the BPMN
 * specification leaves open, so both are accepted.
 */
export function expectThrown(history: HistoryEntry[], elementId: string): void {
  const entries = history.filter((h) => h.elementId === elementId);
  expect(entries, `${elementId} entered once`).toHaveLength(1);
  expect(entries[0]!.end, `${elementId} ended`).not.toBeNull();
  expect(['completed', 'canceled']).toContain(entries[0]!.outcome);
}

/** The folder holding the shared conformance material (test/helpers/conformance-dir.ts). */
export function findSharedConformance(): string {
  return conformanceDir();
}
