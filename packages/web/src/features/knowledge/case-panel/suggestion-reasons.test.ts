import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../../i18n/i18n.ts';
import { describeReason, optionLabelsOf, type ReasonVocabulary } from './suggestion-reasons.ts';

const complaintForm = {
  components: [
    { key: 'customerName', type: 'textfield' },
    {
      key: 'category',
      type: 'select',
      values: [
        { label: '收费 Fees', value: 'fees' },
        { label: '信用卡 Credit card', value: 'credit-card' },
      ],
    },
    { type: 'group', components: [{ key: 'channel', type: 'radio', values: [{ label: '网点 Branch', value: 'branch' }] }] },
  ],
};
const vocabulary = (locale: ReasonVocabulary['locale']): ReasonVocabulary => ({ locale, caseTypeNames: { complaint: '投诉 Complaint' }, optionLabels: optionLabelsOf(complaintForm) });

describe('why a suggestion was made, in words', () => {
  it('names the shared words, the case type and the product in the reader’s language, never the codes', () => {
    const zh = createTranslate('zh-CN');
    expect(describeReason({ kind: 'text', terms: ['信用卡', '年费'] }, vocabulary('zh-CN'), zh)).toBe('共同词语：信用卡、年费');
    expect(describeReason({ kind: 'case-type', value: 'complaint' }, vocabulary('zh-CN'), zh)).toBe('同为“投诉”工单');
    expect(describeReason({ kind: 'product', value: 'credit-card' }, vocabulary('zh-CN'), zh)).toBe('同一产品：信用卡');
    const en = createTranslate('en-US');
    expect(describeReason({ kind: 'category', value: 'fees' }, vocabulary('en-US'), en)).toBe('Same category: Fees');
    expect(describeReason({ kind: 'case-type', value: 'complaint' }, vocabulary('en-US'), en)).toBe('Same case type: Complaint');
    expect(describeReason({ kind: 'text', terms: ['annual', 'fee'] }, vocabulary('en-US'), en)).toBe('Shared words: annual, fee');
  });

  it('counts helpful feedback, once in the singular', () => {
    const en = createTranslate('en-US');
    expect(describeReason({ kind: 'helpful', count: 1 }, vocabulary('en-US'), en)).toBe('Found helpful once on similar cases');
    expect(describeReason({ kind: 'helpful', count: 4 }, vocabulary('en-US'), en)).toBe('Found helpful 4 times on similar cases');
    expect(describeReason({ kind: 'helpful', count: 4 }, vocabulary('zh-CN'), createTranslate('zh-CN'))).toBe('在相似工单上 4 次被认为有帮助');
  });

  it('shows a value no form knows as it was written (a category name, a tag)', () => {
    expect(describeReason({ kind: 'tag', value: '年费减免' }, vocabulary('zh-CN'), createTranslate('zh-CN'))).toBe('同一标签：年费减免');
  });

  it('reads the option labels of nested form components', () => {
    expect(optionLabelsOf(complaintForm)).toEqual({ fees: '收费 Fees', 'credit-card': '信用卡 Credit card', branch: '网点 Branch' });
    expect(optionLabelsOf(undefined)).toEqual({});
  });
});
