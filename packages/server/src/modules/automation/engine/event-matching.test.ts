import { describe, expect, it } from 'vitest';
import { domainEvent } from '../../../platform/events/index.ts';
import { buildRuleIndex, doesEventMatchTrigger, subjectOfEvent } from './event-rules.ts';
import type { Rule, RuleTrigger } from './model.ts';
import { renderText, renderValue, templateProblem } from './templates.ts';

const rule = (trigger: RuleTrigger): Rule =>
  ({ id: 'r1', key: 'r', name: 'r', triggerKind: trigger.kind, trigger, condition: { kind: 'always' }, actions: [], loopLimit: 3, departmentIds: [] }) as unknown as Rule;

describe('which events trigger which rules', () => {
  it('indexes rules by the domain event type they listen to', () => {
    const index = buildRuleIndex([
      rule({ kind: 'case-event', on: 'status-changed', to: 'rejected' }),
      rule({ kind: 'record-event', on: 'changed', objectType: 'customer' }),
      rule({ kind: 'event', eventType: 'sla.target-breached' }),
      rule({ kind: 'date', field: 'birthday' }),
    ]);
    expect([...index.keys()].sort()).toEqual(['case.status-changed', 'record.changed', 'sla.target-breached']);
  });

  it('matches a status change by its target status, a field change by the fields named, a record by its type', () => {
    const rejected = domainEvent('case.status-changed', 'case', 'c1', { caseId: 'c1', version: 2, from: 'open', to: 'rejected' });
    expect(doesEventMatchTrigger(rule({ kind: 'case-event', on: 'status-changed', to: 'rejected' }), rejected)).toBe(true);
    expect(doesEventMatchTrigger(rule({ kind: 'case-event', on: 'status-changed', to: 'resolved' }), rejected)).toBe(false);
    const changed = domainEvent('case.fields-changed', 'case', 'c1', { caseId: 'c1', version: 3, changed: ['priority'] });
    expect(doesEventMatchTrigger(rule({ kind: 'case-event', on: 'fields-changed', fields: ['fields.category'] }), changed)).toBe(false);
    expect(doesEventMatchTrigger(rule({ kind: 'case-event', on: 'fields-changed', fields: ['priority'] }), changed)).toBe(true);
    const record = domainEvent('record.changed', 'record', 'r1', { recordId: 'r1', objectType: 'account', version: 2, changed: ['fields.birthday'] });
    expect(doesEventMatchTrigger(rule({ kind: 'record-event', on: 'changed', objectType: 'customer' }), record)).toBe(false);
    expect(subjectOfEvent(record)).toEqual({ type: 'record', id: 'r1' });
  });

  it('matches a process event by its own event type, about the process case', () => {
    const published = domainEvent('process.event-published', 'process-instance', 'p1', { eventType: 'loan.approved', instanceId: 'p1', elementId: 'e', caseId: 'c9', payload: {} });
    expect(doesEventMatchTrigger(rule({ kind: 'event', eventType: 'process.event-published', processEventType: 'loan.approved' }), published)).toBe(true);
    expect(doesEventMatchTrigger(rule({ kind: 'event', eventType: 'process.event-published', processEventType: 'loan.rejected' }), published)).toBe(false);
    expect(subjectOfEvent(published)).toEqual({ type: 'case', id: 'c9' });
  });
});

describe('action templates', () => {
  const context = { case: { number: 'FEE-2026-000001', priority: 'high', fields: { amount: 12 } } };
  it('renders paths as text, keeps a whole placeholder’s value, and evaluates =FEEL', () => {
    expect(renderText('复核 {{case.number}}（{{case.missing}}）', context)).toBe('复核 FEE-2026-000001（）');
    expect(renderValue('{{case.fields.amount}}', context)).toBe(12);
    expect(renderValue('=if case.priority = "high" then "low" else "high"', context)).toBe('low');
  });
  it('names what it cannot read', () => {
    expect(templateProblem('x {{ case.number')).toMatch(/placeholder/);
    expect(templateProblem('=case.priority = = ')).toMatch(/FEEL/);
    expect(templateProblem('{{case.number}}')).toBeNull();
  });
});
