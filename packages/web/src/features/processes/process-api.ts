import { useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';

type Schemas = components['schemas'];

/** A reason the model compiler refused a definition, or a warning it deployed with. `code` is stable; `message` is the server's English. */
export type ModelProblem = { elementId: string | null; code: string; message?: string };
export type ProcessSummary = Schemas['ProcessSummary'];
export type ProcessDetail = Schemas['ProcessDetail'];
export type ProcessVersion = ProcessDetail['versions'][number];
export type DeployAnswer = Schemas['ProcessDeployment'];
export type InstanceSummary = Schemas['ProcessInstanceSummary'];
export type InstanceDetail = Schemas['ProcessInstance'];
export type InstanceState = InstanceSummary['state'];
export type Incident = InstanceDetail['incidents'][number];
export type HistoryEntry = Schemas['ProcessInstanceHistory']['items'][number];

export const INSTANCE_STATES: readonly InstanceState[] = ['active', 'incident', 'completed', 'terminated'];

export const processesKey = ['processes'] as const;

export function useProcesses(enabled = true) {
  return useQuery({
    queryKey: processesKey,
    enabled,
    queryFn: async () => dataOf(await api.GET('/api/v1/processes')).items,
  });
}

export function useProcess(key: string, version?: number) {
  return useQuery({
    queryKey: ['process', key, version ?? 'latest'],
    queryFn: async () => dataOf(await api.GET('/api/v1/processes/{key}', { params: { path: { key }, query: version ? { version } : {} } })),
  });
}

export async function deployProcess(xml: string): Promise<DeployAnswer> {
  return dataOf(await api.POST('/api/v1/processes', { body: { xml } }));
}

export function useInstances(filter: { processKey?: string; state?: InstanceState; caseId?: string }) {
  const query = Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as typeof filter;
  return useQuery({
    queryKey: ['process-instances', query],
    queryFn: async () => dataOf(await api.GET('/api/v1/process-instances', { params: { query: { ...query, limit: 200 } } })).items,
  });
}

export const instanceKey = (id: string) => ['process-instance', id] as const;

export function useInstance(id: string) {
  return useQuery({
    queryKey: instanceKey(id),
    queryFn: async () => dataOf(await api.GET('/api/v1/process-instances/{id}', { params: { path: { id } } })),
  });
}

export function useInstanceHistory(id: string) {
  return useQuery({
    queryKey: [...instanceKey(id), 'history'],
    queryFn: async () => dataOf(await api.GET('/api/v1/process-instances/{id}/history', { params: { path: { id } } })).items,
  });
}

export async function retryIncident(id: string): Promise<void> {
  await api.POST('/api/v1/incidents/{id}/retry', { params: { path: { id } } });
}

/** A refused deployment's list of problems (the problem document's `problems` member), whichever module refused it. */
export function modelProblemsOf(problem: { problems?: unknown } | undefined): ModelProblem[] {
  const list = problem?.problems;
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
