import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { cleanDefinition, describeAction, describeDuration, describeFailedCondition, describeFieldPath, describeLevelAt, durationSeconds, fieldPathToName } from './policy-model.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en-US');

describe('the policy editor model', () => {
  it('turns the server’s field paths into form names', () => {
    expect(fieldPathToName('definition.targets[1].duration')).toEqual(['definition', 'targets', 1, 'duration']);
    expect(fieldPathToName('definition.targets.0.levels.2.at.share')).toEqual(['definition', 'targets', 0, 'levels', 2, 'at', 'share']);
    expect(fieldPathToName('/definition/conditions/expression')).toEqual(['definition', 'conditions', 'expression']);
  });

  it('says where a problem is in the reader’s words, never as a raw path', () => {
    expect(describeFieldPath('definition.targets[1].duration', zh)).toBe('目标 2 · 时长');
    expect(describeFieldPath('definition.targets[0].levels[1].actions[0].queue', en)).toBe('Target 1 · Level 2 · Action 1 · Queue');
    expect(describeFieldPath('definition.conditions.expression', zh)).toBe('匹配条件 · FEEL 表达式');
  });

  it('reads ISO 8601 durations, a day being 24 business hours', () => {
    expect(durationSeconds('PT48H')).toBe(172_800);
    expect(durationSeconds('P3D')).toBe(259_200);
    expect(durationSeconds('PT1H30M')).toBe(5400);
    expect(durationSeconds('48h')).toBeUndefined();
    expect(durationSeconds('PT')).toBeUndefined();
    expect(describeDuration('P1DT2H', zh)).toBe('1 天 2 小时');
    expect(describeDuration('PT30M', en)).toBe('30 min');
    expect(describeDuration('soon', zh)).toBe('无法识别的时长');
  });

  it('describes levels, actions and failed conditions in words', () => {
    expect(describeLevelAt({ kind: 'share', share: 0.75 }, zh)).toBe('用时达到 75%');
    expect(describeLevelAt({ kind: 'before-due', duration: 'PT1H' }, zh)).toBe('到期前 1 小时');
    expect(describeLevelAt({ kind: 'after-due', duration: 'PT2H' }, en)).toBe('2 h after due');
    expect(describeAction({ type: 'notify', recipients: [{ kind: 'assignee' }, { kind: 'supervisors' }] }, zh)).toBe('通知: 处理人、主管');
    expect(describeAction({ type: 'raise-priority' }, zh)).toBe('提高优先级: 提高一级');
    expect(describeFailedCondition('channel', zh)).toBe('渠道不符');
    expect(describeFailedCondition('something-new', en)).toBe('A condition does not hold');
  });

  it('leaves the editor’s empty inputs out of the definition it sends', () => {
    const cleaned = cleanDefinition({
      conditions: { caseTypes: ['complaint'], channels: [], expression: '  ' },
      targets: [
        {
          key: 'resolution',
          kind: 'resolution',
          duration: 'pt72h',
          durationByPriority: { urgent: 'PT24H', low: '' },
          calendar: '',
          pauseStatuses: [],
          label: 'ignored unless a step',
          levels: [{ at: { kind: 'before-due', duration: 'PT1H' }, actions: [{ type: 'transfer', queue: ' consumer-protection ', unassign: false }] }],
        },
      ],
    });
    expect(cleaned).toEqual({
      conditions: { caseTypes: ['complaint'] },
      targets: [
        {
          key: 'resolution',
          kind: 'resolution',
          label: 'ignored unless a step',
          duration: 'PT72H',
          durationByPriority: { urgent: 'PT24H' },
          levels: [{ at: { kind: 'before-due', duration: 'PT1H' }, actions: [{ type: 'transfer', queue: 'consumer-protection' }] }],
        },
      ],
    });
  });
});
