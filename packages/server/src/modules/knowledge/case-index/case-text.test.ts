import { describe, expect, it } from 'vitest';
import { withoutPersonalData } from './case-text.ts';

describe('withoutPersonalData', () => {
  it.each([
    ['客户身份证11010519491231002X办卡', ['11010519491231002X', '110105', '002X']],
    ['来电13812345678询问年费', ['13812345678', '138', '5678']],
    ['卡号 6222021234567894 被扣年费', ['6222021234567894', '6222', '7894']],
    ['账号：6217000012345678901 冻结', ['6217000012345678901', '8901']],
    ['客户138****5678投诉', ['138', '5678', '*']],
    ['卡 6222 **** **** 7894 年费', ['6222', '7894', '*']],
    ['证件 110105********002X 核实', ['110105', '002X', '*']],
    ['账户 ****8901 余额', ['8901', '*']],
    ['邮件 z***@bank.cn 回复', ['bank.cn', '*']],
  ])('cuts the personal data out of %s', (text, gone) => {
    const cleaned = withoutPersonalData(text);
    for (const g of gone) expect(cleaned).not.toContain(g);
  });

  it('keeps the words and ordinary numbers around them', () => {
    expect(withoutPersonalData('信用卡年费 200 元，来电13812345678')).toContain('信用卡年费 200 元');
    expect(withoutPersonalData('订单 2026 年 3 月 * 备注')).toContain('订单 2026 年 3 月');
  });
});
