import { describe, expect, it } from 'vitest';
import type { ObjectFieldDefinition } from '../model.ts';
import { cellToValue, mapColumns, rowToInput, type ColumnMapping } from './column-mapping.ts';
import { decodeCsvText, detectImportFileKind, ImportFileError, readCsv } from './import-file.ts';

const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const fields: ObjectFieldDefinition[] = [
  { key: 'name', type: 'text', label: label('客户姓名', 'Name'), required: true },
  { key: 'birthday', type: 'date', label: label('生日', 'Birthday') },
  { key: 'assets', type: 'money', label: label('资产', 'Assets') },
  { key: 'age', type: 'number', label: label('年龄', 'Age') },
  { key: 'vip', type: 'boolean', label: label('贵宾', 'VIP') },
  { key: 'products', type: 'multi-select', label: label('产品', 'Products') },
];

describe('reading a CSV file', () => {
  it('reads UTF-8 with and without its BOM, and GB18030 when the bytes are not UTF-8', () => {
    expect(decodeCsvText(Buffer.from('\uFEFF姓名', 'utf8'))).toBe('姓名');
    expect(decodeCsvText(Buffer.from('姓名', 'utf8'))).toBe('姓名');
    expect(decodeCsvText(Buffer.from('d0d5c3fb', 'hex'))).toBe('姓名');
  });

  it('keeps quoted commas and line breaks in a cell, skips blank lines and numbers rows as a spreadsheet does', () => {
    const table = readCsv(Buffer.from('name,note\r\n"张, 三","two\nlines"\r\n\r\n李四,x\r\n'));
    expect(table.headers).toEqual(['name', 'note']);
    expect(table.rows).toEqual([
      ['张, 三', 'two\nlines'],
      ['李四', 'x'],
    ]);
  });

  it('refuses a broken quote naming the line, never the text', () => {
    try {
      readCsv(Buffer.from('name\n"secret 110105199003071234\nx'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFileError);
      expect((error as ImportFileError).errors[0]!.field).toBe('file');
      expect((error as Error).message).not.toContain('110105');
    }
  });

  it('tells XLSX (a ZIP) from CSV by the bytes, then by the name', () => {
    expect(detectImportFileKind('a.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toBe('xlsx');
    expect(detectImportFileKind('a.csv', Buffer.from('a,b'))).toBe('csv');
    expect(detectImportFileKind('a.pdf', Buffer.from('%PDF'))).toBeNull();
  });
});

describe('mapping columns to fields', () => {
  it('matches headers by key or label in either language, and the record targets by their usual names', () => {
    const mapping = mapColumns(['客户姓名', 'Birthday', 'assets', '外部编号', '标签', 'unused'], fields) as ColumnMapping;
    expect(mapping.used).toEqual({ 客户姓名: 'name', Birthday: 'birthday', assets: 'assets', 外部编号: 'externalId', 标签: 'tags' });
    expect(mapping.columns[5]).toBeNull();
  });

  it('lets an explicit mapping win, and names what it cannot map', () => {
    expect((mapColumns(['全名'], fields, { 全名: 'name' }) as ColumnMapping).used).toEqual({ 全名: 'name' });
    expect(mapColumns(['a', 'b'], fields, { a: 'nope', c: 'name' })).toEqual([
      { field: 'mapping.a', reason: expect.stringContaining('is not a field') },
      { field: 'mapping.c', reason: 'names a column the file does not have' },
      { field: 'file', reason: expect.stringContaining('no column') },
    ]);
    expect(mapColumns(['name', 'Name'], fields)).toEqual([{ field: 'mapping.Name', reason: 'name is already filled by column name' }]);
  });

  it('reads cells as their field type, leaving text it cannot read for record validation to refuse', () => {
    const [name, birthday, assets, age, vip, products] = fields as [ObjectFieldDefinition, ObjectFieldDefinition, ObjectFieldDefinition, ObjectFieldDefinition, ObjectFieldDefinition, ObjectFieldDefinition];
    expect(cellToValue(birthday, '2024/2/29')).toBe('2024-02-29');
    expect(cellToValue(birthday, '2024年2月29日')).toBe('2024-02-29');
    expect(cellToValue(birthday, 'soon')).toBe('soon');
    expect(cellToValue(assets, '¥1,234.50')).toBe('1234.50');
    expect(cellToValue(age, '1,024')).toBe(1024);
    expect(cellToValue(age, 'old')).toBe('old');
    expect(cellToValue(vip, '是')).toBe(true);
    expect(cellToValue(products, '基金、理财; 存款')).toEqual(['基金', '理财', '存款']);
    expect(cellToValue(name, '  张三 ')).toBe('  张三 ');
    const mapping = mapColumns(['name', 'age', 'tags'], fields) as ColumnMapping;
    expect(rowToInput(mapping, ['张三', '', 'elderly;foreign'])).toEqual({ fields: { name: '张三' }, tags: ['elderly', 'foreign'] });
  });
});
