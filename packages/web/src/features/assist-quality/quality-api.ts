import { type components, dataOf } from '@docket/client';
import { api } from '../../app/api.ts';

// GET /api/v1/cases/{id}/quality, POST …/quality/inspect, GET /api/v1/assist/quality and
// …/summary (schemas in packages/server/src/modules/assist/quality/schemas.ts).

export type CaseQuality = components['schemas']['AssistCaseQuality'];
export type QualityFinding = components['schemas']['AssistQualityFinding'];
export type QualityListItem = components['schemas']['AssistQualityListItem'];
export type QualitySummary = components['schemas']['AssistQualitySummary'];
export type QualityCheck = QualityFinding['check'];

export const QUALITY_CHECKS: readonly QualityCheck[] = ['missing-disclosure', 'forbidden-promise', 'rude-reply', 'unanswered-question', 'missed-deadline'];

export interface QualityFilter {
  check?: QualityCheck;
  caseType?: string;
  /** YYYY-MM-DD, inclusive both. */
  from: string;
  to: string;
}

export const qualityKeys = {
  all: ['assist', 'quality'] as const,
  ofCase: (caseId: string) => ['case', caseId, 'quality'] as const,
  list: (filter: QualityFilter) => ['assist', 'quality', 'list', filter] as const,
  summary: (from: string, to: string) => ['assist', 'quality', 'summary', from, to] as const,
};

export const qualityApi = {
  ofCase: async (caseId: string): Promise<CaseQuality> => dataOf(await api.GET('/api/v1/cases/{id}/quality', { params: { path: { id: caseId } } })),
  inspect: async (caseId: string): Promise<CaseQuality> => dataOf(await api.POST('/api/v1/cases/{id}/quality/inspect', { params: { path: { id: caseId } } })),
  list: async (filter: QualityFilter, cursor?: string) => dataOf(await api.GET('/api/v1/assist/quality', { params: { query: { ...filter, limit: 20, ...(cursor ? { cursor } : {}) } } })),
  summary: async (from: string, to: string): Promise<QualitySummary> => dataOf(await api.GET('/api/v1/assist/quality/summary', { params: { query: { from, to } } })),
};
