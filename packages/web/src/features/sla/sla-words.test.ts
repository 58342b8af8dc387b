import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { slaLevelWhen, slaTargetName } from './sla-words.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en-US');

describe('slaTargetName', () => {
  it('names case-level clocks by kind and a step clock by its task', () => {
    expect(slaTargetName({ kind: 'first-response', taskName: null, label: 'FR' }, zh)).toBe('首次响应');
    expect(slaTargetName({ kind: 'resolution', taskName: null, label: null }, zh)).toBe('办结');
    expect(slaTargetName({ kind: 'next-response', taskName: null, label: null }, en)).toBe('Next response');
    expect(slaTargetName({ kind: 'step', taskName: '风险分析', label: 'analysis' }, zh)).toBe('风险分析');
    expect(slaTargetName({ kind: 'step', taskName: null, label: null }, zh)).toBe('步骤');
  });
});

describe('slaLevelWhen', () => {
  it('words each kind of level in business time', () => {
    expect(slaLevelWhen({ kind: 'share', share: 0.75 }, zh)).toBe('用时达 75%');
    expect(slaLevelWhen({ kind: 'before-due', duration: 'PT1H' }, zh)).toBe('到期前 1 小时');
    expect(slaLevelWhen({ kind: 'breach' }, zh)).toBe('到期时');
    expect(slaLevelWhen({ kind: 'after-due', duration: 'PT2H' }, zh)).toBe('超时 2 小时后');
    expect(slaLevelWhen({ kind: 'after-due', duration: 'PT2H' }, en)).toBe('2 h after due');
    expect(slaLevelWhen({ kind: 'before-due', duration: 'P1D' }, en)).toBe('24 h before due');
  });
});
