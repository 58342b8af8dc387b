import { describe, expect, it } from 'vitest';
import { enUS } from './en-US.ts';
import { createTranslate } from './i18n.ts';
import { zhCN } from './zh-CN.ts';

describe('i18n catalogues', () => {
  it('zh-CN and en-US have exactly the same keys', () => {
    expect(Object.keys(enUS).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('no message is empty and placeholders match between languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, zh] of Object.entries(zhCN)) {
      const en = enUS[key as keyof typeof zhCN];
      expect(zh.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(en), key).toEqual(placeholders(zh));
    }
  });

  it('fills placeholders', () => {
    expect(createTranslate('en-US')('workspace.shown', { count: 3 })).toBe('3 shown');
    expect(createTranslate('zh-CN')('workspace.shown', { count: 3 })).toBe('已显示 3 条');
  });
});
