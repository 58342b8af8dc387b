import { describe, expect, it } from 'vitest';
import { ACTIONS } from '@docket/client';
import { CONSOLE_FEATURES, menuFeatures, sectionOf } from './features.tsx';
import { enUS } from '../i18n/en-US.ts';

describe('the console feature registry', () => {
  it('offers a menu entry only for the actions the user holds', () => {
    // Anyone may hold process tasks, so the to-do list needs no action.
    expect(menuFeatures([], 'main').map((f) => f.path)).toEqual(['', 'tasks']);
    expect(menuFeatures(['case:create', 'audit:read'], 'main').map((f) => f.path)).toEqual(['', 'cases/new', 'tasks', 'audit']);
    expect(menuFeatures([...ACTIONS], 'main').map((f) => f.section)).toEqual(['workspace', 'new', 'tasks', 'designer', 'audit', 'admin']);
    // SLA settings: the menu entry for administrators; calendars alone (agents may read them) add none.
    expect(menuFeatures(['sla:admin', 'calendar:read'], 'main').map((f) => f.section)).toEqual(['workspace', 'tasks', 'sla-admin']);
    expect(menuFeatures(['calendar:read'], 'main').map((f) => f.section)).toEqual(['workspace', 'tasks']);
    expect(menuFeatures(['process:read', 'decision:read'], 'main').map((f) => f.section)).toEqual(['workspace', 'tasks', 'processes', 'decisions']);
    // Deploying or evaluating alone opens no screen: both sit on the read screens.
    expect(menuFeatures(['process:deploy', 'process:start', 'decision:evaluate'], 'main').map((f) => f.section)).toEqual(['workspace', 'tasks']);
    // Issue 17: the live view of queues and agents for routing:read (supervisors), nothing for an agent.
    expect(menuFeatures(['routing:read'], 'main').map((f) => f.section)).toContain('routing-live');
    expect(menuFeatures(['case:create', 'case:assign'], 'main').map((f) => f.section)).not.toContain('routing-live');
    expect(menuFeatures([], 'account').map((f) => f.path)).toEqual(['account']);
    // Issue 19: the knowledge base for whoever may read it, after the to-do list.
    expect(menuFeatures(['knowledge:read'], 'main').map((f) => f.section)).toEqual(['workspace', 'tasks', 'knowledge']);
    expect(menuFeatures(['knowledge:write', 'knowledge:admin'], 'main').map((f) => f.section)).not.toContain('knowledge');
  });

  it('highlights the section of the screen shown, the workspace for a case and for an unknown path', () => {
    expect(sectionOf('/')).toBe('workspace');
    expect(sectionOf('/cases/new')).toBe('new');
    expect(sectionOf('/cases/4f0c')).toBe('workspace');
    expect(sectionOf('/designer/complaint')).toBe('designer');
    expect(sectionOf('/audit/cases/4f0c')).toBe('audit');
    expect(sectionOf('/tasks/0193')).toBe('tasks');
    expect(sectionOf('/processes/credit-approval')).toBe('processes');
    expect(sectionOf('/process-instances/0193')).toBe('processes');
    expect(sectionOf('/decisions/risk-rating')).toBe('decisions');
    expect(sectionOf('/admin/sla-policies/cn-complaint')).toBe('sla-admin');
    expect(sectionOf('/admin/calendars/cn-mainland')).toBe('sla-admin');
    expect(sectionOf('/admin/routing/rules/hotline-12378')).toBe('routing-live');
    // Issue 18: integration settings sit under administration, with no menu entry of their own.
    expect(sectionOf('/admin/integrations/sources/core-banking-alerts/dead-letters')).toBe('admin');
    expect(sectionOf('/admin/integrations/webhooks/0193/deliveries')).toBe('admin');
    expect(sectionOf('/routing/live')).toBe('routing-live');
    expect(sectionOf('/knowledge/articles/0193/edit')).toBe('knowledge');
    expect(sectionOf('/knowledge/search')).toBe('knowledge');
    expect(sectionOf('/nowhere')).toBe('workspace');
  });

  it('gives every screen a distinct path, every menu entry a translated label and every section an entry', () => {
    const paths = CONSOLE_FEATURES.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    const entries = CONSOLE_FEATURES.filter((f) => f.menu);
    for (const entry of entries) expect(enUS[entry.menu!.label]).toBeTruthy();
    expect(new Set(CONSOLE_FEATURES.map((f) => f.section))).toEqual(new Set(entries.map((f) => f.section)));
  });
});
