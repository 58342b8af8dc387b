import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import {
  cleanConditions,
  describeActions,
  describeConditions,
  describeFailedCondition,
  describePassedOver,
  describeRuleField,
  describeSkill,
  movedKeys,
  ruleFieldName,
  ruleToValues,
  valuesToCreateBody,
  valuesToSaveBody,
  type RoutingNames,
} from './rule-model.ts';
import type { RoutingRule } from './routing-admin-api.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en-US');
const names: RoutingNames = {
  caseType: (key) => ({ complaint: '投诉 Complaint', consultation: '咨询 Consultation' })[key] ?? key,
  queue: (id) => (id === 'q-cp' ? '消保投诉专席' : id),
};

const hotline: RoutingRule = {
  id: '0193a000-0000-7000-8000-000000000011',
  key: 'hotline-12378',
  name: '12378 热线投诉',
  position: 1,
  enabled: true,
  appliesTo: 'case',
  effectiveFrom: '2026-12-01T00:00:00.000Z',
  effectiveTo: null,
  conditions: { channels: ['12378'], caseTypes: ['complaint'] },
  actions: { queueId: 'q-cp', priorityBoost: 1 },
  version: 2,
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('the rule editor model', () => {
  it('reads a rule into the form and saves it back as a new version with the reason', () => {
    const values = ruleToValues(hotline);
    expect(values.actions.keepWithPreviousHandler).toBe(false);
    expect(valuesToSaveBody(values, ' 监管要求 ')).toEqual({
      name: '12378 热线投诉',
      enabled: true,
      appliesTo: 'case',
      effectiveFrom: '2026-12-01T00:00:00.000Z',
      effectiveTo: null,
      conditions: { caseTypes: ['complaint'], channels: ['12378'] },
      actions: { queueId: 'q-cp', priorityBoost: 1 },
      reason: '监管要求',
    });
  });

  it('leaves the editor’s blanks out and sends "keep with previous handler" only when ticked', () => {
    expect(cleanConditions({ channels: [], tags: ['elderly', ' '], feel: '  ', customerRegions: ['1101'] })).toEqual({ tags: ['elderly'], customerRegions: ['1101'] });
    const body = valuesToCreateBody({
      key: ' complaints-to-branch ',
      name: '投诉推送到网点',
      enabled: true,
      appliesTo: 'case',
      conditions: { caseTypes: ['complaint'] },
      actions: {
        pushToCustomerBranch: true,
        keepWithPreviousHandler: false,
        keepWithPreviousHandlerDays: 7,
        requiredSkills: [
          { skill: ' case-type:complaint ', minLevel: 3 },
          { skill: '', minLevel: 1 },
        ],
        priorityBoost: 0,
      },
    });
    expect(body).toEqual({
      key: 'complaints-to-branch',
      name: '投诉推送到网点',
      enabled: true,
      appliesTo: 'case',
      conditions: { caseTypes: ['complaint'] },
      actions: { pushToCustomerBranch: true, requiredSkills: [{ skill: 'case-type:complaint', minLevel: 3 }] },
    });
    const kept = valuesToCreateBody({ ...ruleToValues(hotline), key: 'k', actions: { keepWithPreviousHandler: true, keepWithPreviousHandlerDays: 7 } });
    expect(kept.actions).toEqual({ keepWithPreviousHandlerDays: 7 });
  });

  it('summarises conditions and actions in words, never as codes', () => {
    expect(describeConditions(hotline.conditions, 'case', zh, names)).toEqual(['工单类型: 投诉 Complaint', '渠道: 12378 热线']);
    expect(describeConditions({ tags: ['elderly', 'foreign'], priorities: ['urgent'] }, 'case', en, names)).toEqual(['Tags (any of): Elderly, Foreign', 'Priorities: Urgent']);
    expect(describeConditions({}, 'task', zh, names)).toEqual(['所有流程任务']);
    expect(describeActions(hotline.actions, zh, names)).toEqual(['转入队列「消保投诉专席」', '优先级提高 1 级']);
    expect(
      describeActions({ pushToCustomerBranch: true, keepWithPreviousHandlerDays: 7, requiredSkills: [{ skill: 'case-type:complaint', minLevel: 4 }], requiredLanguages: ['en'] }, zh, names),
    ).toEqual(['推送到客户所属网点', '需要技能：工单类型「投诉 Complaint」 不低于 4 级', '需要语言：英语', '7 天内交给上次的处理人']);
    expect(describeActions({}, en, names)).toEqual(['Queue unchanged']);
  });

  it('names skills by their convention prefix', () => {
    expect(describeSkill('product:credit-card', zh, names)).toBe('产品「credit-card」');
    expect(describeSkill('case-type:consultation', en, names)).toBe('Case type “咨询 Consultation”');
    expect(describeSkill('mandarin', zh, names)).toBe('mandarin');
  });

  it('says why a rule did not match and why a candidate was passed over', () => {
    expect(describeFailedCondition({ condition: 'channels', actual: 'phone' }, zh, names)).toBe('渠道不符（此工单：电话）');
    expect(describeFailedCondition({ condition: 'caseTypes', actual: 'consultation' }, en, names)).toBe('Case type differs (this case: 咨询 Consultation)');
    expect(describeFailedCondition({ condition: 'tags', actual: [] }, zh, names)).toBe('没有所需标签（此工单：（未填写））');
    expect(describeFailedCondition({ condition: 'effectiveFrom', actual: '2027-01-01' }, zh, names)).toBe('规则尚未生效');
    expect(describeFailedCondition({ condition: 'somethingNew', actual: 1 }, en, names)).toBe('A condition does not hold (this case: 1)');
    expect(describePassedOver({ code: 'at-capacity' }, zh, names)).toBe('已达接单上限');
    expect(describePassedOver({ code: 'missing-skill', detail: 'case-type:complaint' }, zh, names)).toBe('缺少所需技能: 工单类型「投诉 Complaint」');
    expect(describePassedOver({ code: 'missing-language', detail: 'en' }, en, names)).toBe('Lacks a required language: English');
    // The server's own words are not shown: the code already says why.
    expect(describePassedOver({ code: 'offline', detail: 'since 08:00' }, zh, names)).toBe('离线');
  });

  it('places a server problem on the field it names', () => {
    expect(ruleFieldName('conditions.feel')).toEqual(['conditions', 'feel']);
    expect(ruleFieldName('/actions/requiredSkills/1/minLevel')).toEqual(['actions', 'requiredSkills', 1, 'minLevel']);
    expect(ruleFieldName('body.actions.queueId')).toEqual(['actions', 'queueId']);
    expect(describeRuleField('conditions.feel', zh)).toBe('FEEL 表达式');
    expect(describeRuleField('actions.queueId', zh)).toBe('目标队列');
    expect(describeRuleField('actions.requiredSkills[1].minLevel', en)).toBe('Required skills 2');
    expect(describeRuleField('effectiveTo', zh)).toBe('失效时间');
  });

  it('moves a rule one step in the match order', () => {
    expect(movedKeys(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(movedKeys(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(movedKeys(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });
});
