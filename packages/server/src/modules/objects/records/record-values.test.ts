import { describe, expect, it } from 'vitest';
import type { ObjectFieldDefinition } from '../model.ts';
import { validateTypeDefinition } from '../types/type-definition.ts';
import { recordDatesOf, searchTextOf, validateRecordValues } from './record-values.ts';

const label = { 'zh-CN': '字段', 'en-US': 'Field' };
const fields: ObjectFieldDefinition[] = [
  { key: 'name', type: 'text', label, required: true, validate: { minLength: 2, maxLength: 4 } },
  { key: 'residentId', type: 'text', label, dataClass: 'resident-id' },
  { key: 'birthday', type: 'date', label },
  { key: 'lastContact', type: 'datetime', label },
  { key: 'balance', type: 'money', label, validate: { max: 1000 } },
  {
    key: 'segments',
    type: 'multi-select',
    label,
    options: [
      { value: 'vip', label },
      { value: 'elderly', label },
    ],
  },
];

describe('record values', () => {
  it('names each bad value and its reason', () => {
    const errors = validateRecordValues(fields, { name: '张', birthday: '2023-02-29', balance: '1000.01', segments: ['vip', 'vip'], lastContact: '2026-01-01 10:00' });
    expect(errors).toEqual([
      { field: 'fields.name', reason: 'must be at least 2 characters' },
      { field: 'fields.birthday', reason: 'must be a date YYYY-MM-DD' },
      { field: 'fields.lastContact', reason: 'must be a date and time with its offset (ISO 8601)' },
      { field: 'fields.balance', reason: 'must be at most 1000' },
      { field: 'fields.segments', reason: 'repeats an option' },
    ]);
  });

  it('checks only the given keys of a patch, but a required one may not be emptied', () => {
    expect(validateRecordValues(fields, { birthday: '2024-02-29' }, { partial: true })).toEqual([]);
    expect(validateRecordValues(fields, { name: null }, { partial: true })).toEqual([{ field: 'fields.name', reason: 'is required', code: 'required' }]);
  });

  it('indexes dates by month and day, a leap day as 229, a datetime by its date in UTC+8', () => {
    expect(recordDatesOf({ birthday: '2000-02-29', lastContact: '2026-12-31T17:30:00Z' }, fields)).toEqual([
      { fieldKey: 'birthday', value: '2000-02-29', monthDay: 229 },
      { fieldKey: 'lastContact', value: '2027-01-01', monthDay: 101 },
    ]);
  });

  it('never puts a sensitive value into the search text', () => {
    expect(searchTextOf('CUS-000001', { name: 'Zhang', residentId: '11010519491231002X' }, fields, 'name')).toBe('cus-000001 zhang');
  });
});

describe('object type definitions', () => {
  it('accepts a sound definition and refuses a data class on a date, naming it', () => {
    expect(validateTypeDefinition({ displayField: 'name', fields }, () => false, 'customer')).toEqual([]);
    expect(validateTypeDefinition({ displayField: 'name', fields: [...fields, { key: 'x', type: 'date', label, dataClass: 'phone' }] }, () => false, 'customer')).toEqual([
      { field: 'fields[6].dataClass', reason: 'fits only text and long-text fields' },
    ]);
  });
});
