import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import type { RuleDefinition } from './automation-api.ts';
import { describeAction, describeTrigger, ruleFieldName, ruleToValues, valuesToDefinition, type RuleNames } from './rule-model.ts';

const customer = {
  key: 'customer',
  name: { 'zh-CN': '客户', 'en-US': 'Customer' },
  role: 'customer',
  fields: [
    { key: 'name', type: 'text', label: { 'zh-CN': '姓名', 'en-US': 'Name' } },
    { key: 'birthday', type: 'date', label: { 'zh-CN': '生日', 'en-US': 'birthday' } },
    { key: 'relationshipManager', type: 'user', label: { 'zh-CN': '客户经理', 'en-US': 'relationship manager' } },
  ],
};
const names = (locale: RuleNames['locale']): RuleNames => ({ locale, objectTypes: [customer] });

const birthdayRule: RuleDefinition & { key: string } = {
  key: 'birthday-follow-up',
  name: '生日关怀',
  trigger: { kind: 'date', objectType: 'customer', field: 'birthday', offsetDays: -7, recurrence: 'yearly', at: '09:00' },
  condition: { kind: 'always' },
  actions: [{ type: 'create-task', title: '生日关怀：{{record.fields.name}}', assignee: { userField: 'relationshipManager' }, dueInDays: 7 }],
  loopLimit: 3,
  departmentIds: [],
};

describe('a rule in words', () => {
  it('says a date trigger as days before the field, in either language', () => {
    expect(describeTrigger(birthdayRule.trigger, createTranslate('zh-CN'), names('zh-CN'))).toBe('客户：每年生日前 7 天 09:00');
    expect(describeTrigger(birthdayRule.trigger, createTranslate('en-US'), names('en-US'))).toBe('Customer: every year, 7 days before birthday at 09:00');
  });

  it('names the person of a user field by its label', () => {
    expect(describeAction(birthdayRule.actions[0]!, birthdayRule.trigger, createTranslate('zh-CN'), names('zh-CN'))).toBe('创建任务“生日关怀：{{record.fields.name}}”，交给客户经理，7 天后到期');
  });
});

describe('the designer form', () => {
  it('gives back the definition it was filled from', () => {
    const { key: _key, ...definition } = birthdayRule;
    expect(valuesToDefinition(ruleToValues(birthdayRule))).toEqual(definition);
  });

  it('splits the offset into a direction and days, so nobody types a minus sign', () => {
    expect(ruleToValues(birthdayRule).trigger).toMatchObject({ direction: 'before', days: 7 });
  });

  it('puts a problem on the form field it names', () => {
    expect(ruleFieldName('trigger.offsetDays')).toEqual(['trigger', 'days']);
    expect(ruleFieldName('actions[0].assignee.userField')).toEqual(['actions', 0, 'assigneeField']);
    expect(ruleFieldName('actions[1].recipients[0].userId')).toEqual(['actions', 1, 'assigneeUserId']);
    expect(ruleFieldName('actions[2].fields.tier')).toEqual(['actions', 2, 'fieldRows']);
    expect(ruleFieldName('condition.expression')).toEqual(['condition', 'expression']);
  });
});
