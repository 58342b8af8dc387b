import { useQuery } from '@tanstack/react-query';
import { dataOf, type components, type Department, type paths } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan, useReachableDepartments } from '../../app/access.tsx';
import type { Translate } from '../../i18n/i18n.ts';
import { useDepartments } from '../admin/admin-queries.ts';

// The routing administration API (issue 17) through the typed client: queues, rules and their
// tester, agents' routing profiles and the areas each branch serves.

type Schemas = components['schemas'];

export type Queue = Schemas['Queue'];
export type CreateQueueBody = paths['/api/v1/queues']['post']['requestBody']['content']['application/json'];
export type UpdateQueueBody = paths['/api/v1/queues/{id}']['put']['requestBody']['content']['application/json'];
export type RoutingStrategy = Queue['strategy'];
export type DispatchMode = Queue['mode'];

export type RoutingRule = Schemas['RoutingRule'];
export type RuleConditions = Schemas['RoutingConditions'];
export type RuleActions = Schemas['RoutingActions'];
export type CreateRuleBody = paths['/api/v1/routing/rules']['post']['requestBody']['content']['application/json'];
export type SaveRuleBody = paths['/api/v1/routing/rules/{id}']['put']['requestBody']['content']['application/json'];
export type TestRoutingBody = paths['/api/v1/routing/test']['post']['requestBody']['content']['application/json'];
export type DescribedCase = NonNullable<TestRoutingBody['case']>;
export type RoutingTestResult = Schemas['RoutingTestResult'];
export type RoutingCandidate = Schemas['RoutingCandidate'];
export type PassedOverCode = RoutingCandidate['passedOver'][number]['code'];
export type RoutingOutcome = RoutingTestResult['outcome'];
export type BranchBy = NonNullable<RoutingTestResult['branch']>['by'];

export type RoutingProfile = Schemas['RoutingProfile'];
export type RoutingCapacity = Schemas['RoutingCapacity'];
export type RoutingLoad = Schemas['RoutingLoad'];
export type Presence = RoutingProfile['presence'];
export type SaveProfileBody = paths['/api/v1/routing/profiles/{userId}']['put']['requestBody']['content']['application/json'];

export const ROUTING_STRATEGIES = ['round-robin', 'least-loaded', 'best-skill'] as const satisfies readonly RoutingStrategy[];
export const DISPATCH_MODES = ['push', 'pull'] as const satisfies readonly DispatchMode[];
export const PRESENCES = ['available', 'busy', 'away', 'offline'] as const satisfies readonly Presence[];
export const SLA_STATES = ['on-track', 'at-risk', 'breached', 'paused'] as const satisfies readonly NonNullable<RuleConditions['slaStates']>[number][];
export const RULE_SUBJECTS = ['case', 'task'] as const satisfies readonly RoutingRule['appliesTo'][];

const byId = (id: string) => ({ params: { path: { id } } });

export const routingAdminApi = {
  listQueues: async () => dataOf(await api.GET('/api/v1/queues')).items,
  createQueue: async (body: CreateQueueBody) => dataOf(await api.POST('/api/v1/queues', { body })),
  // The whole queue as it should be, against the version the editor read: a 412 means someone else saved first.
  updateQueue: async (id: string, version: number, body: UpdateQueueBody) => dataOf(await api.PUT('/api/v1/queues/{id}', { ...byId(id), headers: { 'if-match': `"${version}"` }, body })),
  listRules: async () => dataOf(await api.GET('/api/v1/routing/rules')).items,
  getRule: async (key: string) => dataOf(await api.GET('/api/v1/routing/rules/{id}', byId(key))),
  createRule: async (body: CreateRuleBody) => dataOf(await api.POST('/api/v1/routing/rules', { body })),
  saveRule: async (key: string, body: SaveRuleBody) => dataOf(await api.PUT('/api/v1/routing/rules/{id}', { ...byId(key), body })),
  reorderRules: async (keys: string[]) => dataOf(await api.PUT('/api/v1/routing/rules/order', { body: { keys } })),
  testRouting: async (body: TestRoutingBody) => dataOf(await api.POST('/api/v1/routing/test', { body })),
  listProfiles: async () => dataOf(await api.GET('/api/v1/routing/profiles')).items,
  saveProfile: async (userId: string, body: SaveProfileBody) => dataOf(await api.PUT('/api/v1/routing/profiles/{userId}', { params: { path: { userId } }, body })),
  getBranchAreas: async (departmentId: string) => dataOf(await api.GET('/api/v1/routing/branch-areas/{departmentId}', { params: { path: { departmentId } } })).areas,
  saveBranchAreas: async (departmentId: string, areas: string[]) => dataOf(await api.PUT('/api/v1/routing/branch-areas/{departmentId}', { params: { path: { departmentId } }, body: { areas } })).areas,
};

export const routingAdminKeys = {
  queues: ['routing-admin', 'queues'] as const,
  rules: ['routing-admin', 'rules'] as const,
  rule: (key: string) => ['routing-admin', 'rules', key] as const,
  profiles: ['routing-admin', 'profiles'] as const,
  branchAreas: (departmentId: string) => ['routing-admin', 'branch-areas', departmentId] as const,
};

export function useQueues() {
  return useQuery({ queryKey: routingAdminKeys.queues, queryFn: routingAdminApi.listQueues });
}

export function useRules() {
  return useQuery({ queryKey: routingAdminKeys.rules, queryFn: routingAdminApi.listRules });
}

export function useRule(key: string | undefined) {
  return useQuery({ queryKey: routingAdminKeys.rule(key ?? ''), enabled: Boolean(key), queryFn: () => routingAdminApi.getRule(key!) });
}

export function useProfiles() {
  return useQuery({ queryKey: routingAdminKeys.profiles, queryFn: routingAdminApi.listProfiles });
}

export function useBranchAreas(departmentId: string) {
  return useQuery({ queryKey: routingAdminKeys.branchAreas(departmentId), queryFn: () => routingAdminApi.getBranchAreas(departmentId) });
}

/**
 * The departments the reader may see: every one for a user administrator (GET /departments needs
 * user:admin), else those their roles reach (a supervisor's own subtree), so names still read as names.
 */
export function useVisibleDepartments(): { data: Department[] | undefined; isLoading: boolean } {
  const userAdmin = useCan('user:admin');
  const all = useDepartments(userAdmin);
  const reachable = useReachableDepartments('case:read');
  return userAdmin ? { data: all.data, isLoading: all.isLoading } : { data: reachable.data, isLoading: reachable.isLoading };
}

/** A department's name; one outside what the reader may list reads "another department", never an id. */
export function departmentLabel(departments: Department[] | undefined, id: string | null | undefined, t: Translate): string {
  if (!id) return '—';
  return departments?.find((d) => d.id === id)?.name ?? t('routingAdmin.otherDepartment');
}
