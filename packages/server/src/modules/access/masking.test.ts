import { describe, expect, it } from 'vitest';
import { maskValue } from './masking.ts';

describe('maskValue', () => {
  it.each([
    ['resident-id', '11010519491231002X', '110105********002X'],
    ['phone', '13812345678', '138****5678'],
    ['bank-card', '6222021234567894', '6222 **** **** 7894'],
    ['name', '张三', '张*'],
    ['name', '欧阳娜娜', '欧***'],
    ['email', 'zhang.san@bank.cn', 'z***@bank.cn'],
    ['address', '北京市海淀区中关村大街1号', '北京市海淀区****'],
    ['account', '6217000012345678', '****5678'],
    ['uscc', '91350100M000100Y43', '91************0Y43'],
  ])('masks a %s', (dataClass, value, masked) => {
    expect(maskValue(dataClass, value)).toBe(masked);
  });
  it('never returns the value for an unknown class or a non-string', () => {
    expect(maskValue('mystery', 'secret')).toBe('****');
    expect(maskValue('phone', 13812345678)).toBe('****');
  });
});
