import { useQuery } from '@tanstack/react-query';
import { engineRequest, itemsOf } from '../processes/engine-http.ts';
import type { ModelProblem } from '../processes/process-api.ts';

/** A decision's latest version, as the list gives it. The key is the decision's id in its DMN file. */
export interface DecisionSummary {
  key: string;
  name?: string | null;
  version: number;
  id?: string;
  deploymentId?: string;
  deployedAt?: string | null;
}

export interface DecisionDetail {
  key: string;
  name?: string | null;
  latestVersion: number;
  /** Newest first. */
  versions?: { version: number; id?: string; deployedAt?: string | null }[];
  /** The DMN file of the latest version. */
  xml: string;
}

export interface DeployDecisionsAnswer {
  decisions?: { key: string; version: number; id: string }[];
  warnings?: ModelProblem[];
}

export interface EvaluationAnswer {
  result?: unknown;
  resultList?: Record<string, unknown>[];
  /** The ids of the rules that matched, in the decision tables of the file. */
  matchedRules?: string[];
  version?: number;
}

export const decisionsKey = ['decisions'] as const;

export function useDecisions() {
  return useQuery({
    queryKey: decisionsKey,
    queryFn: async () => itemsOf(await engineRequest<{ items: DecisionSummary[] } | DecisionSummary[]>('GET', '/api/v1/decisions')),
  });
}

export function useDecision(key: string, version?: number) {
  return useQuery({
    queryKey: ['decision', key, version ?? 'latest'],
    queryFn: () => engineRequest<DecisionDetail>('GET', `/api/v1/decisions/${encodeURIComponent(key)}`, { query: { version } }),
  });
}

export const deployDecisions = (xml: string) => engineRequest<DeployDecisionsAnswer>('POST', '/api/v1/decisions', { json: { xml } });

export const evaluateDecision = (key: string, body: { decisionId?: string; variables: Record<string, unknown> }) =>
  engineRequest<EvaluationAnswer>('POST', `/api/v1/decisions/${encodeURIComponent(key)}/evaluate`, { json: body });

/** The decisions a DMN file holds (id and name), read from its XML when the API does not list them. */
export function decisionsInXml(xml: string | undefined): { id: string; name: string | null }[] {
  if (!xml || typeof DOMParser === 'undefined') return [];
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return Array.from(doc.getElementsByTagNameNS('*', 'decision'))
    .map((d) => ({ id: d.getAttribute('id') ?? '', name: d.getAttribute('name') }))
    .filter((d) => d.id);
}

/** The rule ids a DMN file gives its decision tables, in order, per decision: a matched rule's number in its table and its decision. */
export function ruleIdsInXml(xml: string | undefined): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  if (!xml || typeof DOMParser === 'undefined') return rules;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  for (const decision of Array.from(doc.getElementsByTagNameNS('*', 'decision'))) {
    const ids = Array.from(decision.getElementsByTagNameNS('*', 'rule')).map((r) => r.getAttribute('id') ?? '');
    rules.set(decision.getAttribute('id') ?? '', ids);
  }
  return rules;
}

/** Variables typed as JSON: an object, or the reason it is not one. */
export function parseVariables(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; reason: 'json' | 'object' } {
  if (!text.trim()) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'json' };
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ok: true, value: value as Record<string, unknown> } : { ok: false, reason: 'object' };
}
