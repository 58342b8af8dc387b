import { describe, expect, it } from 'vitest';
import type { CaseType } from '@docket/client';
import { formFieldsOf, splitLabelForAdmin } from './public-form-fields.ts';

describe('public form fields', () => {
  it("lists a case type's value fields, groups flattened, sensitive ones marked", () => {
    const caseType = {
      schema: {
        components: [
          { type: 'textfield', key: 'customerName', label: '客户姓名 Customer name', properties: { dataClass: 'name' } },
          { type: 'group', components: [{ type: 'select', key: 'topic', label: '咨询主题 Topic' }] },
          { type: 'text', text: 'layout only' },
          { type: 'textarea', key: 'question', label: '问题 Question' },
        ],
      },
    } as unknown as CaseType;
    expect(formFieldsOf(caseType)).toEqual([
      { key: 'customerName', label: '客户姓名 Customer name', sensitive: true },
      { key: 'topic', label: '咨询主题 Topic', sensitive: false },
      { key: 'question', label: '问题 Question', sensitive: false },
    ]);
    expect(formFieldsOf(undefined)).toEqual([]);
  });

  it('shows the half of a bilingual label in the reader’s language', () => {
    expect(splitLabelForAdmin('问题 Question', 'zh-CN')).toBe('问题');
    expect(splitLabelForAdmin('问题 Question', 'en-US')).toBe('Question');
    expect(splitLabelForAdmin('Amount', 'zh-CN')).toBe('Amount');
  });
});
