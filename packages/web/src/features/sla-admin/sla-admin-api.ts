import { useQuery } from '@tanstack/react-query';
import { csrfHeaders, toProblemError, type CasePriority } from '@docket/client';

// The calendars (issue 16, H1) and SLA policy (H2) APIs, typed here from their contracts while the
// generated client catches up; the shapes are the server's sla/model.ts ones.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeSpan {
  start: string;
  end: string;
}

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name?: string;
  spans?: TimeSpan[];
}

export interface CalendarDefinition {
  timeZone?: string;
  alwaysOpen?: boolean;
  weekly?: Partial<Record<Weekday, TimeSpan[]>>;
  days?: CalendarDay[];
}

export interface ResolvedCalendar {
  timeZone: string;
  alwaysOpen: boolean;
  weekly: Record<Weekday, TimeSpan[]>;
  days: CalendarDay[];
}

export interface CalendarSummary {
  id: string;
  key: string;
  name: string;
  parentKey: string | null;
  departmentId: string | null;
  departmentName: string | null;
  currentVersion: number;
  timeZone: string;
  alwaysOpen: boolean;
  updatedAt: string;
}

export interface CalendarVersionEntry {
  version: number;
  effectiveFrom: string;
  reason: string | null;
  createdAt: string;
  createdByName: string | null;
  correction: boolean;
}

export interface Calendar extends CalendarSummary {
  version: number;
  effectiveFrom: string;
  definition: CalendarDefinition;
  resolved: ResolvedCalendar;
  versions: CalendarVersionEntry[];
}

export const DAY_KINDS = ['workday', 'rest', 'holiday', 'makeup-workday'] as const;
export type DayKind = (typeof DAY_KINDS)[number];

export interface CalendarDayView {
  date: string;
  weekday: string;
  kind: DayKind;
  name: string | null;
  spans: TimeSpan[];
  workingSeconds: number;
}

export interface CreateCalendarBody {
  key: string;
  name: string;
  parentKey?: string;
  departmentId?: string;
  definition: CalendarDefinition;
  effectiveFrom?: string;
}

export interface UpdateCalendarBody {
  name?: string;
  parentKey?: string;
  definition: CalendarDefinition;
  effectiveFrom?: string;
  reason: string;
}

export const SLA_TARGET_KINDS = ['first-response', 'next-response', 'resolution', 'step'] as const;
export type SlaTargetKind = (typeof SLA_TARGET_KINDS)[number];

export interface SlaConditions {
  caseTypes?: string[];
  channels?: string[];
  priorities?: CasePriority[];
  customerTiers?: string[];
  riskLevels?: string[];
  tags?: string[];
  departmentIds?: string[];
  expression?: string;
}

export const LEVEL_AT_KINDS = ['share', 'before-due', 'breach', 'after-due'] as const;
export type SlaLevelAt = { kind: 'share'; share: number } | { kind: 'before-due'; duration: string } | { kind: 'breach' } | { kind: 'after-due'; duration: string };

export const RECIPIENT_KINDS = ['assignee', 'supervisors', 'department-head', 'role', 'group', 'user'] as const;
export type SlaRecipient =
  | { kind: 'assignee' }
  | { kind: 'supervisors' }
  | { kind: 'department-head' }
  | { kind: 'role'; role: string }
  | { kind: 'group'; group: string }
  | { kind: 'user'; userId: string };

export const ACTION_TYPES = ['notify', 'raise-priority', 'transfer', 'route-to-reviewer', 'start-process', 'add-tag'] as const;
export type SlaAction =
  | { type: 'notify'; recipients: SlaRecipient[] }
  | { type: 'raise-priority'; to?: CasePriority }
  | { type: 'transfer'; queue?: string; departmentId?: string; unassign?: boolean }
  | { type: 'route-to-reviewer'; reviewer: SlaRecipient }
  | { type: 'start-process'; processKey: string }
  | { type: 'add-tag'; tag: string };

export interface SlaLevelDefinition {
  at: SlaLevelAt;
  actions: SlaAction[];
}

export interface SlaTargetDefinition {
  key: string;
  kind: SlaTargetKind;
  label?: string;
  step?: { processKey: string; elementId: string };
  duration: string;
  durationByPriority?: Partial<Record<CasePriority, string>>;
  calendar?: string;
  pauseStatuses?: string[];
  levels: SlaLevelDefinition[];
}

export interface SlaPolicyDefinition {
  conditions: SlaConditions;
  targets: SlaTargetDefinition[];
}

export interface SlaPolicySummary {
  id: string;
  key: string;
  name: string;
  position: number;
  enabled: boolean;
  pack: string | null;
  currentVersion: number;
  effectiveFrom: string;
  definition: SlaPolicyDefinition;
  updatedAt: string;
}

export interface SlaPolicy extends SlaPolicySummary {
  versions: { version: number; effectiveFrom: string; reason: string | null; createdAt: string; createdByName: string | null }[];
}

export interface CreatePolicyBody {
  key: string;
  name: string;
  enabled?: boolean;
  position?: number;
  definition: SlaPolicyDefinition;
  effectiveFrom?: string;
}

export interface UpdatePolicyBody {
  name?: string;
  enabled?: boolean;
  definition?: SlaPolicyDefinition;
  effectiveFrom?: string;
  reason: string;
}

export interface SlaPack {
  key: string;
  name: Record<string, string>;
  description: Record<string, string>;
  policies: string[];
  applied: boolean;
}

export interface MatchCase {
  type: string;
  channel?: string;
  priority?: CasePriority;
  customerTier?: string;
  riskLevel?: string;
  tags?: string[];
  departmentId?: string;
  fields?: Record<string, unknown>;
}

export type MatchBody = ({ caseId: string } | { case: MatchCase }) & { at?: string };

export interface MatchResult {
  policy: { id: string; key: string; name: string; version: number } | null;
  targets: {
    key: string;
    kind: SlaTargetKind;
    label: string | null;
    duration: string;
    budgetSeconds: number;
    calendar: { key: string; name: string; version: number };
    /** Null: starts later (next response at a customer's reply, a step at its task). */
    startsAt: string | null;
    dueAt: string | null;
  }[];
  evaluated: { policyKey: string; policyName: string; matched: boolean; failed: string[]; error?: string | null }[];
}

/** One JSON request with the session cookie and CSRF header; a non-2xx answer throws a ProblemError, as the typed client does. */
export async function requestJson<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'GET' ? {} : csrfHeaders()) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toProblemError(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

export const slaAdminApi = {
  listCalendars: () => requestJson<{ items: CalendarSummary[] }>('GET', '/api/v1/calendars').then((r) => r.items),
  getCalendar: (key: string, version?: number) => requestJson<Calendar>('GET', `/api/v1/calendars/${enc(key)}${version ? `?version=${version}` : ''}`),
  calendarDays: (key: string, from: string, to: string) => requestJson<{ items: CalendarDayView[] }>('GET', `/api/v1/calendars/${enc(key)}/days?from=${from}&to=${to}`).then((r) => r.items),
  createCalendar: (body: CreateCalendarBody) => requestJson<Calendar>('POST', '/api/v1/calendars', body),
  updateCalendar: (key: string, body: UpdateCalendarBody) => requestJson<Calendar>('PUT', `/api/v1/calendars/${enc(key)}`, body),
  listPolicies: () => requestJson<{ items: SlaPolicySummary[] }>('GET', '/api/v1/sla/policies').then((r) => r.items),
  getPolicy: (key: string) => requestJson<SlaPolicy>('GET', `/api/v1/sla/policies/${enc(key)}`),
  createPolicy: (body: CreatePolicyBody) => requestJson<SlaPolicy>('POST', '/api/v1/sla/policies', body),
  updatePolicy: (key: string, body: UpdatePolicyBody) => requestJson<SlaPolicy>('PUT', `/api/v1/sla/policies/${enc(key)}`, body),
  reorderPolicies: (keys: string[]) => requestJson<unknown>('PUT', '/api/v1/sla/policies/order', { keys }),
  matchPolicy: (body: MatchBody) => requestJson<MatchResult>('POST', '/api/v1/sla/policies/match', body),
  listPacks: () => requestJson<SlaPack[] | { items: SlaPack[] }>('GET', '/api/v1/sla/packs').then((r) => (Array.isArray(r) ? r : r.items)),
  applyPack: (key: string) => requestJson<unknown>('POST', `/api/v1/sla/packs/${enc(key)}/apply`, {}),
};

export const slaKeys = {
  calendars: ['sla-admin', 'calendars'] as const,
  calendar: (key: string, version?: number) => ['sla-admin', 'calendars', key, version ?? 'current'] as const,
  days: (key: string, from: string, to: string) => ['sla-admin', 'calendars', key, 'days', from, to] as const,
  policies: ['sla-admin', 'policies'] as const,
  policy: (key: string) => ['sla-admin', 'policies', key] as const,
  packs: ['sla-admin', 'packs'] as const,
};

export function useCalendars() {
  return useQuery({ queryKey: slaKeys.calendars, queryFn: slaAdminApi.listCalendars });
}

export function useCalendar(key: string, version?: number) {
  return useQuery({ queryKey: slaKeys.calendar(key, version), queryFn: () => slaAdminApi.getCalendar(key, version) });
}

export function useCalendarDays(key: string, from: string, to: string) {
  return useQuery({ queryKey: slaKeys.days(key, from, to), queryFn: () => slaAdminApi.calendarDays(key, from, to) });
}

export function usePolicies(enabled = true) {
  return useQuery({ queryKey: slaKeys.policies, enabled, queryFn: slaAdminApi.listPolicies });
}

export function usePolicy(key: string | undefined) {
  return useQuery({ queryKey: slaKeys.policy(key ?? ''), enabled: Boolean(key), queryFn: () => slaAdminApi.getPolicy(key!) });
}

export function usePacks() {
  return useQuery({ queryKey: slaKeys.packs, queryFn: slaAdminApi.listPacks });
}
