import { describe, expect, it } from 'vitest';
import { labelIn, localeOf } from './field-labels.ts';

describe('labelIn', () => {
  it('takes the part of a bilingual label in the caller language, and a one-language label whole', () => {
    expect(labelIn('客户姓名 Customer name', 'zh-CN')).toBe('客户姓名');
    expect(labelIn('客户姓名 Customer name', 'en-US')).toBe('Customer name');
    expect(labelIn('监管转办 Referred by regulator (12378)', 'en-US')).toBe('Referred by regulator (12378)');
    expect(labelIn('Alert id', 'zh-CN')).toBe('Alert id');
    expect(labelIn('预警编号', 'en-US')).toBe('预警编号');
  });

  it('reads the locale from Accept-Language, Chinese by default', () => {
    expect(localeOf('en-US,en;q=0.9')).toBe('en-US');
    expect(localeOf('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeOf(undefined)).toBe('zh-CN');
  });
});
