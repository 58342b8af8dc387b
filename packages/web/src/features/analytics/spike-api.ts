import { useQuery } from '@tanstack/react-query';
import { type components, dataOf } from '@docket/client';
import { api } from '../../app/api.ts';

export type SpikeRule = components['schemas']['AnalyticsSpikeRule'];
export type Spike = components['schemas']['AnalyticsSpike'];
export type SpikeEvaluation = components['schemas']['AnalyticsSpikeEvaluation'];
export type SpikeDimension = SpikeRule['dimension'];
export type SpikeTest = SpikeRule['test'];
export const SPIKE_DIMENSIONS: readonly SpikeDimension[] = ['category', 'product', 'branch', 'channel'];
export const SPIKE_TESTS: readonly SpikeTest[] = ['poisson', 'ewma'];

/** What the rule editor sends: the rule without its server-kept fields. */
export type SpikeRuleBody = Omit<SpikeRule, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'key'> & { key?: string };

export const spikeKeys = { all: ['analytics', 'spikes'] as const, rules: ['analytics', 'spikes', 'rules'] as const, list: ['analytics', 'spikes', 'list'] as const };

const byId = (id: string) => ({ params: { path: { id } } });
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const spikeApi = {
  createRule: async (body: SpikeRuleBody) => dataOf(await api.POST('/api/v1/analytics/spike-rules', { body })),
  updateRule: async (id: string, version: number, body: SpikeRuleBody) => dataOf(await api.PUT('/api/v1/analytics/spike-rules/{id}', { ...byId(id), headers: ifMatch(version), body })),
  deleteRule: async (id: string, version: number) => {
    dataOf(await api.DELETE('/api/v1/analytics/spike-rules/{id}', { ...byId(id), headers: ifMatch(version) }));
  },
  evaluate: async (id: string) => dataOf(await api.POST('/api/v1/analytics/spike-rules/{id}/evaluate', { ...byId(id), body: {} })),
};

export function useSpikeRules() {
  return useQuery({ queryKey: spikeKeys.rules, queryFn: async (): Promise<SpikeRule[]> => dataOf(await api.GET('/api/v1/analytics/spike-rules')).items });
}

export function useSpikes() {
  return useQuery({ queryKey: spikeKeys.list, queryFn: async (): Promise<Spike[]> => dataOf(await api.GET('/api/v1/analytics/spikes', { params: { query: { limit: 100 } } })).items });
}

export { optionLabel, windowPoints } from './spike-model.ts';
