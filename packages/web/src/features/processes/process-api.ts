import { useQuery } from '@tanstack/react-query';
import { engineRequest, itemsOf } from './engine-http.ts';

/** A reason the model compiler refused a definition, or a warning it deployed with. */
export interface ModelProblem {
  elementId: string | null;
  code: string;
  message?: string;
}

export interface ProcessSummary {
  key: string;
  name?: string | null;
  latestVersion?: number;
  version?: number;
  versionCount?: number;
  versions?: number;
  deployedAt?: string | null;
}

export interface ProcessVersion {
  id: string;
  version: number;
  name?: string | null;
  deployedAt?: string | null;
  deploymentId?: string;
  warnings?: ModelProblem[];
}

export interface ProcessDetail {
  key: string;
  name?: string | null;
  version: number;
  id?: string;
  xml: string;
  versions: ProcessVersion[];
  warnings?: ModelProblem[];
}

export interface DeployAnswer {
  /** `duplicate`: the file's process equals its latest version, which is answered; nothing new was deployed. */
  processes: { key: string; version: number; id: string; duplicate?: boolean }[];
  warnings?: ModelProblem[];
}

export type InstanceState = 'active' | 'completed' | 'terminated' | 'incident';
export const INSTANCE_STATES: readonly InstanceState[] = ['active', 'incident', 'completed', 'terminated'];

export interface InstanceSummary {
  id: string;
  processKey: string;
  version: number;
  state: InstanceState;
  caseId?: string | null;
  businessKey?: string | null;
  startedAt?: string;
  endedAt?: string | null;
}

export interface Incident {
  id: string;
  elementId: string;
  kind: string;
  message?: string;
  createdAt?: string;
}

export interface InstanceDetail extends InstanceSummary {
  variables: Record<string, unknown>;
  activeElements: { elementId: string; elementType: string }[];
  waitingEvents: { elementId: string; kind: 'timer' | 'message' | 'signal'; dueAt?: string | null; name?: string | null }[];
  parentId?: string | null;
  childIds?: string[];
  incidents?: Incident[];
}

export interface HistoryEntry {
  id?: string;
  elementId: string;
  elementType: string;
  startedAt: string;
  endedAt?: string | null;
  outcome?: string | null;
  state?: string;
}

export const processesKey = ['processes'] as const;

/** The deployed process's latest version number and how many versions it has, whatever the list names them. */
export function summaryFigures(p: ProcessSummary): { latest: number | undefined; count: number | undefined } {
  return { latest: p.latestVersion ?? p.version, count: p.versionCount ?? p.versions };
}

export function useProcesses() {
  return useQuery({
    queryKey: processesKey,
    queryFn: async () => itemsOf(await engineRequest<{ items: ProcessSummary[] } | ProcessSummary[]>('GET', '/api/v1/processes')),
  });
}

export function useProcess(key: string, version?: number) {
  return useQuery({
    queryKey: ['process', key, version ?? 'latest'],
    queryFn: () => engineRequest<ProcessDetail>('GET', `/api/v1/processes/${encodeURIComponent(key)}`, { query: { version } }),
  });
}

export function deployProcess(xml: string): Promise<DeployAnswer> {
  return engineRequest<DeployAnswer>('POST', '/api/v1/processes', { json: { xml } });
}

export function useInstances(filter: { processKey?: string; state?: InstanceState; caseId?: string }) {
  return useQuery({
    queryKey: ['process-instances', filter],
    queryFn: async () => itemsOf(await engineRequest<{ items: InstanceSummary[] } | InstanceSummary[]>('GET', '/api/v1/process-instances', { query: filter })),
  });
}

export const instanceKey = (id: string) => ['process-instance', id] as const;

export function useInstance(id: string) {
  return useQuery({
    queryKey: instanceKey(id),
    queryFn: () => engineRequest<InstanceDetail>('GET', `/api/v1/process-instances/${encodeURIComponent(id)}`),
  });
}

export function useInstanceHistory(id: string) {
  return useQuery({
    queryKey: [...instanceKey(id), 'history'],
    queryFn: async () => itemsOf(await engineRequest<{ items: HistoryEntry[] } | HistoryEntry[]>('GET', `/api/v1/process-instances/${encodeURIComponent(id)}/history`)),
  });
}

export function retryIncident(id: string): Promise<unknown> {
  return engineRequest('POST', `/api/v1/incidents/${encodeURIComponent(id)}/retry`, { json: {} });
}

/** A 422 deploy answer's list of problems, whichever member the problem document carries them in. */
export function modelProblemsOf(problem: { problems?: unknown; errors?: unknown } | undefined): ModelProblem[] {
  const list = problem?.problems ?? problem?.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
    .map((p) => {
      // The decisions module names a problem in words only (`problem`), without a code.
      const message = typeof p.message === 'string' ? p.message : typeof p.problem === 'string' ? p.problem : undefined;
      return { elementId: typeof p.elementId === 'string' ? p.elementId : null, code: typeof p.code === 'string' ? p.code : 'other', message };
    });
}

/** Element id → name, read from the definition's XML (the history and the tasks name elements by id). */
export function elementNamesOf(xml: string | undefined): Map<string, string> {
  const names = new Map<string, string>();
  if (!xml || typeof DOMParser === 'undefined') return names;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  for (const element of Array.from(doc.getElementsByTagName('*'))) {
    const id = element.getAttribute('id');
    const name = element.getAttribute('name');
    if (id && name) names.set(id, name);
  }
  return names;
}
