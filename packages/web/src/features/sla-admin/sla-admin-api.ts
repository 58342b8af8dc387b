import { useQuery } from '@tanstack/react-query';
import { dataOf, type components, type paths } from '@docket/client';
import { api } from '../../app/api.ts';

// The calendars and SLA policy APIs (issue 16) through the typed client; the shapes are the
// server's sla/model.ts ones, named here as the editors use them.

type Schemas = components['schemas'];

export type CalendarDefinition = Schemas['CalendarDefinition'];
export type CalendarSummary = Schemas['CalendarSummary'];
export type Calendar = Schemas['Calendar'];
export type ResolvedCalendar = Calendar['resolved'];
export type CalendarDay = ResolvedCalendar['days'][number];
export type TimeSpan = CalendarDay extends { spans?: (infer S)[] } ? S : never;
export type CalendarDayView = paths['/api/v1/calendars/{id}/days']['get']['responses'][200]['content']['application/json']['items'][number];
export type DayKind = CalendarDayView['kind'];
export type CreateCalendarBody = paths['/api/v1/calendars']['post']['requestBody']['content']['application/json'];
export type UpdateCalendarBody = paths['/api/v1/calendars/{id}']['put']['requestBody']['content']['application/json'];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly CalendarDayView['weekday'][];
export type Weekday = (typeof WEEKDAYS)[number];
export const DAY_KINDS = ['workday', 'rest', 'holiday', 'makeup-workday'] as const satisfies readonly DayKind[];

export type SlaPolicyDefinition = Schemas['SlaPolicyDefinition'];
export type SlaConditions = SlaPolicyDefinition['conditions'];
export type SlaTargetDefinition = SlaPolicyDefinition['targets'][number];
export type SlaTargetKind = SlaTargetDefinition['kind'];
export type SlaLevelDefinition = SlaTargetDefinition['levels'][number];
export type SlaLevelAt = SlaLevelDefinition['at'];
export type SlaAction = SlaLevelDefinition['actions'][number];
export type SlaRecipient = Extract<SlaAction, { type: 'notify' }>['recipients'][number];
export type SlaPolicySummary = Schemas['SlaPolicy'];
export type SlaPolicy = Schemas['SlaPolicyDetail'];
export type SlaPack = Schemas['SlaPack'];
export type CreatePolicyBody = paths['/api/v1/sla/policies']['post']['requestBody']['content']['application/json'];
export type UpdatePolicyBody = paths['/api/v1/sla/policies/{id}']['put']['requestBody']['content']['application/json'];
export type MatchBody = paths['/api/v1/sla/policies/match']['post']['requestBody']['content']['application/json'];
export type MatchCase = NonNullable<MatchBody['case']>;
export type MatchResult = Schemas['SlaPolicyMatch'];

export const SLA_TARGET_KINDS = ['first-response', 'next-response', 'resolution', 'step'] as const satisfies readonly SlaTargetKind[];
export const LEVEL_AT_KINDS = ['share', 'before-due', 'breach', 'after-due'] as const satisfies readonly SlaLevelAt['kind'][];
export const RECIPIENT_KINDS = ['assignee', 'supervisors', 'department-head', 'role', 'group', 'user'] as const satisfies readonly SlaRecipient['kind'][];
export const ACTION_TYPES = ['notify', 'raise-priority', 'transfer', 'route-to-reviewer', 'start-process', 'add-tag'] as const satisfies readonly SlaAction['type'][];

const id = (key: string) => ({ params: { path: { id: key } } });

export const slaAdminApi = {
  listCalendars: async () => dataOf(await api.GET('/api/v1/calendars')).items,
  getCalendar: async (key: string, version?: number) => dataOf(await api.GET('/api/v1/calendars/{id}', { params: { path: { id: key }, query: version ? { version } : {} } })),
  calendarDays: async (key: string, from: string, to: string) => dataOf(await api.GET('/api/v1/calendars/{id}/days', { params: { path: { id: key }, query: { from, to } } })).items,
  createCalendar: async (body: CreateCalendarBody) => dataOf(await api.POST('/api/v1/calendars', { body })),
  updateCalendar: async (key: string, body: UpdateCalendarBody) => dataOf(await api.PUT('/api/v1/calendars/{id}', { ...id(key), body })),
  listPolicies: async () => dataOf(await api.GET('/api/v1/sla/policies')).items,
  getPolicy: async (key: string) => dataOf(await api.GET('/api/v1/sla/policies/{id}', id(key))),
  createPolicy: async (body: CreatePolicyBody) => dataOf(await api.POST('/api/v1/sla/policies', { body })),
  updatePolicy: async (key: string, body: UpdatePolicyBody) => dataOf(await api.PUT('/api/v1/sla/policies/{id}', { ...id(key), body })),
  reorderPolicies: async (keys: string[]) => dataOf(await api.PUT('/api/v1/sla/policies/order', { body: { keys } })),
  matchPolicy: async (body: MatchBody) => dataOf(await api.POST('/api/v1/sla/policies/match', { body })),
  listPacks: async () => dataOf(await api.GET('/api/v1/sla/packs')),
  applyPack: async (key: string) => dataOf(await api.POST('/api/v1/sla/packs/{key}/apply', { params: { path: { key } } })),
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
