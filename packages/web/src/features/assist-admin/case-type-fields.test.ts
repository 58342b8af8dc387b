import { describe, expect, it } from 'vitest';
import type { CaseType } from '@docket/client';
import { fieldLabelOf, valueFieldsOf } from './case-type-fields.ts';

const complaint = {
  key: 'complaint',
  schema: {
    components: [
      { type: 'text', text: '# 投诉' },
      { type: 'textfield', key: 'customerName', label: '客户姓名' },
      { type: 'group', components: [{ type: 'select', key: 'category', label: '投诉类别' }] },
      { type: 'textarea', key: 'description' },
    ],
  },
} as unknown as CaseType;

describe('the fields assistance may fill', () => {
  it('lists the value fields in form order, groups flattened, layout left out; labels fall back to keys', () => {
    expect(valueFieldsOf(complaint)).toEqual([
      { key: 'customerName', label: '客户姓名' },
      { key: 'category', label: '投诉类别' },
      { key: 'description', label: 'description' },
    ]);
    expect(fieldLabelOf([complaint], 'complaint', 'category')).toBe('投诉类别');
    expect(fieldLabelOf([complaint], 'complaint', 'gone')).toBe('gone');
    expect(valueFieldsOf(undefined)).toEqual([]);
  });
});
