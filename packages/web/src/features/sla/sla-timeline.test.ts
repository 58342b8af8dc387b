import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { slaTimelineDetail } from './sla-timeline.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en-US');

describe('slaTimelineDetail', () => {
  it('names the target of a clock event in words', () => {
    expect(slaTimelineDetail('sla.target-started', { key: 'first-response', kind: 'first-response' }, zh, 'zh-CN')).toBe('目标：首次响应');
    expect(slaTimelineDetail('sla.target-met', { key: 'review', kind: 'step', taskName: '复核' }, en, 'en-US')).toBe('Target: 复核');
  });

  it("shows an override's old and new due times", () => {
    const detail = slaTimelineDetail('sla.due-overridden', { key: 'resolution', kind: 'resolution', from: '2026-10-09T09:30:00.000Z', to: null }, en, 'en-US');
    expect(detail).toMatch(/^Target: Resolution, Due: 10\/09\/2026, \d\d:30 → —$/);
  });

  it('words an escalation action and a level fired late', () => {
    expect(slaTimelineDetail('sla.escalated', { key: 'resolution', kind: 'resolution', action: { type: 'raise-priority' } }, zh, 'zh-CN')).toBe('目标：办结，提升优先级');
    expect(slaTimelineDetail('sla.target-breached', { key: 'resolution', late: true }, zh, 'zh-CN')).toBe('目标：resolution（补发：系统停机期间已到时）');
  });

  it('says nothing for other events or empty data', () => {
    expect(slaTimelineDetail('case.created', { key: 'x' }, zh, 'zh-CN')).toBeUndefined();
    expect(slaTimelineDetail('sla.target-paused', {}, zh, 'zh-CN')).toBeUndefined();
    expect(slaTimelineDetail('sla.target-paused', null, zh, 'zh-CN')).toBeUndefined();
  });
});
