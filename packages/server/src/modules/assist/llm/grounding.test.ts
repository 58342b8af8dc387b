import { describe, expect, it } from 'vitest';
import { buildAnswerSchema } from './answer-schema.ts';
import { groundAnswer, InvalidLlmAnswer } from './grounding.ts';
import { findSensitiveSpans, maskText } from './masking.ts';
import { locate, numbersIn } from './text-location.ts';
import type { LlmCaseType } from './types.ts';

const complaint: LlmCaseType = {
  key: 'complaint',
  fields: [
    { key: 'customerName', type: 'textfield', label: '客户姓名', dataClass: 'name', required: true },
    { key: 'residentId', type: 'textfield', label: '身份证号', dataClass: 'resident-id' },
    { key: 'phone', type: 'textfield', label: '联系电话', dataClass: 'phone', required: true },
    { key: 'bankCard', type: 'textfield', label: '银行卡号', dataClass: 'bank-card' },
    { key: 'category', type: 'select', label: '投诉类别', required: true, options: [{ value: 'fees', label: '收费' }, { value: 'service', label: '服务态度' }, 'other'] },
    { key: 'amount', type: 'number', label: '金额' },
    { key: 'happenedOn', type: 'datetime', subtype: 'date', label: '日期' },
    { key: 'regulatorReferral', type: 'checkbox', label: '监管转办' },
    { key: 'tags', type: 'taglist', label: '标签' },
  ],
};

function ground(text: string, answer: Record<string, unknown>) {
  const masked = maskText(text, findSensitiveSpans(text));
  return { masked, ...groundAnswer(complaint, text, masked, answer) };
}

describe('text location', () => {
  it('finds a quote exactly, or across spaces, dashes, commas and full-width digits', () => {
    expect(locate('电话 138-1234-5678 找我', '13812345678')).toEqual({ start: 3, end: 16 });
    expect(locate('扣了５０，０００元', '50000')).toEqual({ start: 2, end: 8 });
    expect(locate('扣了12.5元', '125')).toBeUndefined();
  });

  it('reads 5万, 1,200.50 and plain numbers with their spans', () => {
    expect(numbersIn('扣了5万元，又扣1,200.50').map((n) => n.value)).toEqual([50000, 5, 1200.5]);
  });
});

describe('the answer schema', () => {
  it('asks each field as value, quote and confidence or null, selects as enums, and leaves tags out', () => {
    const schema = buildAnswerSchema(complaint) as { required: string[]; properties: Record<string, { anyOf: { properties?: { value: unknown } }[] }> };
    expect(schema.required).toEqual(['customerName', 'residentId', 'phone', 'bankCard', 'category', 'amount', 'happenedOn', 'regulatorReferral']);
    expect(schema.properties.category!.anyOf[0]!.properties!.value).toEqual({ type: 'string', enum: ['fees', 'service', 'other'] });
    expect(schema.properties.amount!.anyOf[0]!.properties!.value).toEqual({ type: 'number' });
    expect(schema.properties.happenedOn!.anyOf[0]!.properties!.value).toEqual({ type: 'string', format: 'date' });
  });
});

describe('grounding the answer in the original text', () => {
  const text = '我叫张三，身份证11010519491231002X，电话13812345678。3月5日卡6222021234567894被扣了5万元手续费，监管转过来的。';

  it('restores placeholders and suggests each value with its span in the original text', () => {
    const { suggestions, refusals } = ground(text, {
      customerName: { value: '张三', quote: '我叫张三', confidence: 0.9 },
      residentId: { value: '⟦RESIDENT_ID_1⟧', quote: '身份证⟦RESIDENT_ID_1⟧', confidence: 0.95 },
      phone: { value: '⟦PHONE_1⟧', quote: '电话⟦PHONE_1⟧', confidence: 0.95 },
      bankCard: { value: '⟦CARD_1⟧', quote: '卡⟦CARD_1⟧', confidence: 0.9 },
      category: { value: 'fees', quote: '被扣了5万元手续费', confidence: 0.8 },
      amount: { value: 50000, quote: '被扣了5万元手续费', confidence: 0.8 },
      happenedOn: { value: '2026-03-05', quote: '3月5日', confidence: 0.7 },
      regulatorReferral: { value: true, quote: '监管转过来的', confidence: 0.7 },
    });
    expect(refusals).toEqual([]);
    const byField = Object.fromEntries(suggestions.map((s) => [s.field, { value: s.value, quote: text.slice(s.source.start, s.source.end) }]));
    expect(byField).toEqual({
      customerName: { value: '张三', quote: '张三' },
      residentId: { value: '11010519491231002X', quote: '11010519491231002X' },
      phone: { value: '13812345678', quote: '13812345678' },
      bankCard: { value: '6222021234567894', quote: '6222021234567894' },
      category: { value: 'fees', quote: '被扣了5万元手续费' },
      amount: { value: 50000, quote: '5万' },
      happenedOn: { value: '2026-03-05', quote: '3月5日' },
      regulatorReferral: { value: true, quote: '监管转过来的' },
    });
  });

  it('drops invented values: a quote and value not in the text, a placeholder never given, a number never written', () => {
    const { suggestions, refusals, valuesGiven } = ground(text, {
      customerName: { value: '李四', quote: '我叫李四', confidence: 0.9 },
      phone: { value: '⟦PHONE_2⟧', quote: '电话⟦PHONE_2⟧', confidence: 0.9 },
      category: { value: 'service', quote: '柜员态度很差', confidence: 0.9 },
      amount: { value: 30000, quote: '扣了3万', confidence: 0.9 },
      happenedOn: { value: '2026-04-09', quote: '3月5日', confidence: 0.9 },
    });
    expect(suggestions).toEqual([]);
    expect(valuesGiven).toBe(5);
    expect(refusals.map((r) => [r.field, r.reason])).toEqual([
      ['customerName', 'not-in-text'],
      ['phone', 'not-in-text'],
      ['category', 'not-in-text'],
      ['amount', 'not-in-text'],
      ['happenedOn', 'not-in-text'],
    ]);
  });

  it('drops an id whose check digit is wrong and a card failing Luhn, and an option that does not exist', () => {
    const typo = '身份证110105194912310021，卡号6222021234567895';
    const { suggestions, refusals } = ground(typo, {
      residentId: { value: '⟦RESIDENT_ID_1⟧', quote: '身份证⟦RESIDENT_ID_1⟧', confidence: 0.9 },
      bankCard: { value: '⟦CARD_1⟧', quote: '卡号⟦CARD_1⟧', confidence: 0.9 },
      category: { value: 'wealth', quote: '身份证', confidence: 0.9 },
    });
    expect(suggestions).toEqual([]);
    expect(refusals.map((r) => [r.field, r.reason, r.source && typo.slice(r.source.start, r.source.end)])).toEqual([
      ['residentId', 'check-digit', '110105194912310021'],
      ['bankCard', 'check-digit', '6222021234567895'],
      ['category', 'not-in-options', '身份证'],
    ]);
  });

  it('refuses an answer that is not an object', () => {
    expect(() => ground(text, [] as unknown as Record<string, unknown>)).toThrow(InvalidLlmAnswer);
  });
});
