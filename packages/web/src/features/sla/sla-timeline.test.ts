import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { isDueTimeField, slaChangeFieldLabel, slaTimelineDetail } from './sla-timeline.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en-US');

describe('slaTimelineDetail', () => {
  it('names the target of a clock event in words', () => {
    expect(slaTimelineDetail('sla.target-started', { key: 'first-response', kind: 'first-response' }, zh)).toBe('目标：首次响应');
    expect(slaTimelineDetail('sla.target-met', { key: 'review', kind: 'step', taskName: '复核' }, en)).toBe('Target: 复核');
  });

  it("names a clock's due-time change in words and knows which changes are instants", () => {
    expect(slaChangeFieldLabel('sla.resolution.dueAt', zh)).toBe('办结到期时间');
    expect(slaChangeFieldLabel('sla.review.dueAt', en)).toBe('Due time of review');
    expect(slaChangeFieldLabel('priority', zh)).toBeUndefined();
    expect(isDueTimeField('sla.first-response.dueAt')).toBe(true);
    expect(isDueTimeField('dueAt')).toBe(true);
    expect(isDueTimeField('title')).toBe(false);
  });

  it('words an escalation action and a level fired late', () => {
    expect(slaTimelineDetail('sla.escalated', { key: 'resolution', kind: 'resolution', action: { type: 'raise-priority' } }, zh)).toBe('目标：办结，提升优先级');
    expect(slaTimelineDetail('sla.target-breached', { key: 'resolution', late: true }, zh)).toBe('目标：resolution（补发：系统停机期间已到时）');
  });

  it('says nothing for other events or empty data', () => {
    expect(slaTimelineDetail('case.created', { key: 'x' }, zh)).toBeUndefined();
    expect(slaTimelineDetail('sla.target-paused', {}, zh)).toBeUndefined();
    expect(slaTimelineDetail('sla.target-paused', null, zh)).toBeUndefined();
  });
});
