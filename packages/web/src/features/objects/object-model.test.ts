import { describe, expect, it } from 'vitest';
import { errorReportCsv, formatFieldValue, importReasonCode, formSections, listColumns, placeTypeErrors, relationsOfType, roleAccessToType } from './object-model.ts';
import { RECORD_ACTIONS, type ObjectFieldDefinition, type Relation } from './objects-api.ts';

const field = (key: string, extra: Partial<ObjectFieldDefinition> = {}): ObjectFieldDefinition => ({ key, type: 'text', label: { 'zh-CN': key, 'en-US': key }, ...extra });
const customerFields = [field('name', { listed: true }), field('mobile', { dataClass: 'phone' }), field('idNumber', { dataClass: 'resident-id' }), field('tier', { type: 'select', listed: true })];

describe('the record form and list from a type layout', () => {
  it('puts fields in the layout sections, then every field no section names', () => {
    const sections = formSections(customerFields, { sections: [{ title: { 'zh-CN': '联系', 'en-US': 'Contact' }, fields: ['mobile', 'gone', 'name'] }] });
    expect(sections.map((s) => s.fields.map((f) => f.key))).toEqual([
      ['mobile', 'name'],
      ['idNumber', 'tier'],
    ]);
    expect(sections[1]!.title).toBeNull();
  });

  it('takes the layout columns, else the listed fields', () => {
    expect(listColumns(customerFields, { columns: ['tier', 'mobile'] }).map((f) => f.key)).toEqual(['tier', 'mobile']);
    expect(listColumns(customerFields, {}).map((f) => f.key)).toEqual(['name', 'tier']);
  });
});

describe('a field value as text', () => {
  const words = { yes: '是', no: '否' };
  it('shows option labels, money with its currency, and a masked value as the server sent it', () => {
    const tier = field('tier', { type: 'multi-select', options: [{ value: 'vip', label: { 'zh-CN': '贵宾', 'en-US': 'VIP' } }] });
    expect(formatFieldValue(tier, ['vip', 'other'], 'zh-CN', words)).toBe('贵宾、other');
    expect(formatFieldValue(field('balance', { type: 'money' }), '1234.5', 'zh-CN', words)).toBe('¥1,234.50');
    expect(formatFieldValue(field('mobile', { dataClass: 'phone' }), '138****0000', 'zh-CN', words)).toBe('138****0000');
    expect(formatFieldValue(field('vip', { type: 'boolean' }), false, 'zh-CN', words)).toBe('否');
  });
});

describe('relations seen from one type', () => {
  const relation = (key: string, fromType: string, toType: string | null): Relation => ({
    id: key,
    key,
    fromType,
    toKind: toType ? 'object' : 'case',
    toType,
    cardinality: 'one-to-many',
    name: { 'zh-CN': `${key}-正`, 'en-US': key },
    inverseName: { 'zh-CN': `${key}-反`, 'en-US': key },
    createdAt: '2026-12-13T00:00:00Z',
    updatedAt: '2026-12-13T00:00:00Z',
  });
  it('names an outgoing relation by its name and an incoming one by its inverse name', () => {
    const rows = relationsOfType('customer', [relation('accounts', 'customer', 'account'), relation('owner', 'holding', 'customer'), relation('cases', 'customer', null), relation('x', 'a', 'b')]);
    expect(rows.map((r) => [r.relation.key, r.direction, r.name['zh-CN'], r.otherType])).toEqual([
      ['accounts', 'outgoing', 'accounts-正', 'account'],
      ['owner', 'incoming', 'owner-反', 'holding'],
      ['cases', 'outgoing', 'cases-正', null],
    ]);
  });
});

describe('what a role may do with records of a type', () => {
  it('reads caseTypes, the widest scope and the sensitive fields as the policy engine does', () => {
    const access = roleAccessToType(
      [
        { action: 'record:read', scope: 'department', caseTypes: ['customer'], fields: { 'class:resident-id': 'hidden' } },
        { action: 'record:read', scope: 'subtree', fields: { mobile: 'readable' } },
        { action: 'record:update', scope: 'own', caseTypes: ['account'] },
        { action: 'case:read' },
      ],
      'customer',
      customerFields,
      RECORD_ACTIONS,
    );
    expect(access).toEqual({
      actions: [{ action: 'record:read', scope: 'subtree' }],
      sensitive: [
        { key: 'mobile', access: 'readable' },
        // The second permission has no rule for it: masked, the default for a data class, wins over hidden.
        { key: 'idNumber', access: 'masked' },
      ],
    });
    expect(roleAccessToType([{ action: 'record:read', caseTypes: ['account'] }], 'customer', customerFields, RECORD_ACTIONS)).toBeNull();
  });
});

describe('a save problem on the designer', () => {
  it('puts field errors on their rows and name errors on the basics form', () => {
    const placed = placeTypeErrors([
      { field: 'fields[2].key', reason: 'taken' },
      { field: '/fields/0/options', reason: 'empty' },
      { field: 'name.en-US', reason: 'too long' },
      { field: 'numberPrefix', reason: 'bad' },
      { field: 'layout.columns[0]', reason: 'unknown field' },
    ]);
    expect([...placed.fields]).toEqual([
      [2, ['key: taken']],
      [0, ['options: empty']],
    ]);
    expect(placed.basics).toEqual([
      { field: 'nameEn', reason: 'too long' },
      { field: 'numberPrefix', reason: 'bad' },
    ]);
    expect(placed.other).toEqual([{ field: 'layout.columns[0]', reason: 'unknown field' }]);
  });
});

describe('the import error report', () => {
  it('writes one CSV line per error with a BOM, quoting commas and defusing formulas', () => {
    const csv = errorReportCsv(
      [
        { row: 3, field: 'mobile', reason: 'bad, very' },
        { row: 7, field: 'file', reason: '=HYPERLINK("x")' },
      ],
      ['行号', '字段', '原因'],
      (key) => (key === 'mobile' ? '手机' : '—'),
      (e) => e.reason,
    );
    expect(csv).toBe('\uFEFF行号,字段,原因\r\n3,手机,"bad, very"\r\n7,—,"\'=HYPERLINK(""x"")"\r\n');
  });
});

describe('an import reason without a code', () => {
  it('gets the code of the sentence the API writes, with its limit', () => {
    expect(importReasonCode('is required')).toEqual({ code: 'required' });
    expect(importReasonCode('must be at most 20 characters')).toEqual({ code: 'too-long', params: { limit: 20 } });
    expect(importReasonCode('must be at least 0')).toEqual({ code: 'too-small', params: { limit: 0 } });
    expect(importReasonCode('something new')).toBeUndefined();
  });
});
