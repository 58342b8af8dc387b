import { useQuery } from '@tanstack/react-query';
import { type CaseType, type components, dataOf } from '@docket/client';
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

interface SelectComponent {
  key?: string;
  values?: { label: string; value: string }[];
}

/**
 * A category's or product's label as the case type's form offers it (the select's option), so the
 * screen shows 收费 Fees rather than the stored code; the code when no case type offers it.
 */
export function optionLabel(caseTypes: CaseType[] | undefined, typeKeys: string[], fieldKey: string, value: string): string {
  for (const type of caseTypes ?? []) {
    if (!typeKeys.includes(type.key)) continue;
    const components = ((type.schema as { components?: SelectComponent[] } | null)?.components ?? []) as SelectComponent[];
    const option = components.find((c) => c.key === fieldKey)?.values?.find((v) => v.value === value);
    if (option) return option.label;
  }
  return value;
}

/** The counts of the same window 1..N weeks back and now, labelled by each window's last day: what the chart and its table show. */
export function windowPoints(spike: Pick<Spike, 'baseline' | 'observed' | 'windowEnd'>): { end: string; count: number; current: boolean }[] {
  const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const n = spike.baseline.length;
  return [...spike.baseline.map((count, i) => ({ end: shift(spike.windowEnd, -7 * (n - i)), count, current: false })), { end: spike.windowEnd, count: spike.observed, current: true }];
}
