import { describe, expect, it } from 'vitest';
import { validateFields } from './field-validation.ts';
import { findSchemaProblems, type FormSchema } from './form-schema.ts';

const complaintSchema: FormSchema = {
  type: 'default',
  components: [
    { type: 'textfield', key: 'customerName', label: 'Name', validate: { required: true, maxLength: 20 }, properties: { dataClass: 'name' } },
    { type: 'textfield', key: 'residentId', label: 'Resident id', properties: { dataClass: 'resident-id' } },
    { type: 'textfield', key: 'phone', label: 'Phone', properties: { dataClass: 'phone' } },
    {
      type: 'group',
      label: 'Money',
      components: [
        { type: 'number', key: 'amount', label: 'Amount', validate: { min: 0, max: 1_000_000 } },
        { type: 'textfield', key: 'card', label: 'Card', properties: { dataClass: 'bank-card' } },
      ],
    },
    {
      type: 'select',
      key: 'category',
      label: 'Category',
      values: [
        { label: 'Fees', value: 'fees' },
        { label: 'Service', value: 'service' },
      ],
      validate: { required: true },
    },
    { type: 'checkbox', key: 'elderly', label: 'Elderly customer' },
    { type: 'datetime', key: 'happenedOn', subtype: 'date', label: 'Date' },
    { type: 'textfield', key: 'branchCode', label: 'Branch', validate: { pattern: '[A-Z]{3}\\d{2}' } },
  ],
};

describe('validateFields', () => {
  it('accepts a complete, valid set of values', () => {
    expect(
      validateFields(complaintSchema, {
        customerName: '张三',
        residentId: '11010519491231002X',
        phone: '13812345678',
        amount: 100.5,
        card: '6222021234567894',
        category: 'fees',
        elderly: true,
        happenedOn: '2026-11-01',
        branchCode: 'BJS01',
      }),
    ).toEqual([]);
  });

  it('lists every offending field with its reason', () => {
    const errors = validateFields(complaintSchema, {
      residentId: '110105194912310021',
      phone: '12345',
      amount: -1,
      card: '6222021234567890',
      category: 'other',
      elderly: 'yes',
      happenedOn: '2026-13-45',
      branchCode: 'bjs01',
      surprise: 1,
    });
    expect(errors).toEqual([
      { field: 'fields.surprise', reason: 'is not a field of this case type', code: 'unknown-field' },
      { field: 'fields.customerName', reason: 'is required', code: 'required' },
      { field: 'fields.residentId', reason: 'check digit does not match (GB 11643)', code: 'check-digit', params: { standard: 'GB 11643' } },
      { field: 'fields.phone', reason: 'must be a phone number', code: 'phone' },
      { field: 'fields.amount', reason: 'must be at least 0', code: 'too-small', params: { limit: 0 } },
      { field: 'fields.card', reason: 'check digit does not match (Luhn)', code: 'check-digit', params: { standard: 'Luhn' } },
      { field: 'fields.category', reason: 'must be one of fees, service', code: 'not-allowed-value', params: { allowed: 'fees, service' } },
      { field: 'fields.elderly', reason: 'must be true or false', code: 'not-boolean' },
      { field: 'fields.happenedOn', reason: 'must be a date YYYY-MM-DD', code: 'date-format' },
      { field: 'fields.branchCode', reason: 'does not match the required pattern', code: 'pattern' },
    ]);
  });

  it('checks only the given keys of a partial update, but refuses emptying a required one', () => {
    expect(validateFields(complaintSchema, { phone: '13812345678' }, { partial: true })).toEqual([]);
    expect(validateFields(complaintSchema, { customerName: '' }, { partial: true })).toEqual([{ field: 'fields.customerName', reason: 'is required', code: 'required' }]);
  });
});

describe('findSchemaProblems', () => {
  it('refuses duplicate keys, unknown types and unknown data classes', () => {
    const problems = findSchemaProblems({
      components: [
        { type: 'textfield', key: 'a' },
        { type: 'textfield', key: 'a' },
        { type: 'hologram', key: 'b' },
        { type: 'textfield', key: 'c', properties: { dataClass: 'dna' } },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual(['schema.components[1].key', 'schema.components[2].type', 'schema.components[3].properties.dataClass']);
  });
  it('refuses a schema without components', () => {
    expect(findSchemaProblems({})).toEqual([{ field: 'schema.components', reason: 'must be an array of form-js components' }]);
  });
});
