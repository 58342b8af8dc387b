import { useQuery } from '@tanstack/react-query';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';

/** A decision's latest version, as the list gives it. The key is the decision's id in its DMN file. */
export type DecisionSummary = components['schemas']['DecisionVersion'];
export type DecisionDetail = { key: string; name: string; latestVersion: number; versions: DecisionSummary[]; xml: string };
export type EvaluationAnswer = { result: unknown; resultList: Record<string, unknown>[]; matchedRules: string[] };

export const decisionsKey = ['decisions'] as const;

export function useDecisions() {
  return useQuery({
    queryKey: decisionsKey,
    queryFn: async () => dataOf(await api.GET('/api/v1/decisions')).items,
  });
}

export function useDecision(key: string) {
  return useQuery({
    queryKey: ['decision', key],
    queryFn: async (): Promise<DecisionDetail> => dataOf(await api.GET('/api/v1/decisions/{key}', { params: { path: { key } } })),
  });
}

export const deployDecisions = async (xml: string) => dataOf(await api.POST('/api/v1/decisions', { body: { xml } }));

export const evaluateDecision = async (key: string, body: { decisionId?: string; variables: Record<string, unknown> }): Promise<EvaluationAnswer> =>
  dataOf(await api.POST('/api/v1/decisions/{key}/evaluate', { params: { path: { key } }, body }));

// POST /decisions/evaluate-draft may not be in the generated client yet: called by path through the same client.
const loose = api as unknown as { POST(path: string, init: { body: unknown }): Promise<{ data?: unknown; error?: unknown; response: Response }> };

/** Evaluates a decision of a model as edited (the designer), without deploying it; needs decision:deploy. */
export const evaluateDraft = async (body: { xml: string; decisionKey: string; variables: Record<string, unknown> }): Promise<EvaluationAnswer> =>
  dataOf(await loose.POST('/api/v1/decisions/evaluate-draft', { body })) as EvaluationAnswer;

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

/**
 * dmn-js reads DMN 1.3; DMN 1.4 and 1.5 files differ from it in their namespaces (and in
 * elements the viewer does not draw), so the viewer gets them under the 1.3 namespaces, as the
 * server reads them.
 */
export function asDmn13(xml: string): string {
  return xml.replace(/https:\/\/www\.omg\.org\/spec\/DMN\/(?:20211108|20230324)\/(MODEL|DMNDI)\//g, 'https://www.omg.org/spec/DMN/20191111/$1/');
}
