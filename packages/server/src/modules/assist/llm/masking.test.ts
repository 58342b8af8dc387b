import { describe, expect, it } from 'vitest';
import { findSensitiveSpans, maskText, originalRangeOf, restorePlaceholders, type SensitiveSpanFinder } from './masking.ts';

const mask = (text: string, finders: SensitiveSpanFinder[] = []) => maskText(text, findSensitiveSpans(text, finders));

describe('masking before the LLM call', () => {
  it('replaces resident ids, cards, phones, accounts and e-mails by placeholders, the same value by the same one', () => {
    // given
    const text = '身份证11010519491231002X，卡号6222 0212 3456 7894，电话138-1234-5678，再说一遍13812345678，邮箱zhang.san@bank.example';
    // when
    const masked = mask(text);
    // then
    expect(masked.text).toBe('身份证⟦RESIDENT_ID_1⟧，卡号⟦CARD_1⟧，电话⟦PHONE_1⟧，再说一遍⟦PHONE_1⟧，邮箱⟦EMAIL_1⟧');
    for (const secret of ['11010519491231002X', '6222', '1234', '5678', 'zhang.san']) expect(masked.text).not.toContain(secret);
    expect(masked.occurrences).toHaveLength(5);
  });

  it('masks what fails its check digit too: a mistyped id or card is still somebody’s', () => {
    const masked = mask('id 110105194912310021, card 6222021234567895, ref 2026120512345');
    expect(masked.text).toBe('id ⟦RESIDENT_ID_1⟧, card ⟦CARD_1⟧, ref ⟦NUMBER_1⟧');
  });

  it('keeps amounts, dates and short numbers for the model to read', () => {
    expect(mask('2026年3月5日扣了50,000元手续费，第3次').text).toBe('2026年3月5日扣了50,000元手续费，第3次');
  });

  it('masks what the entity finder reports, and the union where two sources overlap', () => {
    const names: SensitiveSpanFinder = (text) => [{ start: text.indexOf('张三'), end: text.indexOf('张三') + 2, kind: 'NAME' }];
    expect(mask('我是张三，手机13812345678', [names]).text).toBe('我是⟦NAME_1⟧，手机⟦PHONE_1⟧');
    const tooShort: SensitiveSpanFinder = () => [{ start: 2, end: 8, kind: 'NUMBER' }];
    expect(mask('手机13812345678', [tooShort]).text).toBe('手机⟦PHONE_1⟧');
  });

  it('restores placeholders, and refuses one the text never had', () => {
    const masked = mask('电话13812345678');
    expect(restorePlaceholders(masked, '⟦PHONE_1⟧')).toBe('13812345678');
    expect(restorePlaceholders(masked, 'call ⟦PHONE_1⟧ now')).toBe('call 13812345678 now');
    expect(restorePlaceholders(masked, '⟦PHONE_2⟧')).toBeUndefined();
  });

  it('maps a range of the masked text back to the original, widening a bound inside a placeholder', () => {
    const text = '卡6222021234567894被吞，电话13812345678';
    const masked = mask(text);
    const at = masked.text.indexOf('被吞');
    expect(originalRangeOf(masked, at, at + 2)).toEqual({ start: text.indexOf('被吞'), end: text.indexOf('被吞') + 2 });
    const phone = masked.text.indexOf('⟦PHONE_1⟧');
    const range = originalRangeOf(masked, phone + 2, phone + 4);
    expect(text.slice(range.start, range.end)).toBe('13812345678');
  });
});
