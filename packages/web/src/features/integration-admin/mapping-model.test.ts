import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { checkRows, formatConstant, mappingToRows, newRow, parseConstant, placeMappingErrors, rowsToMapping } from './mapping-model.ts';

const t = createTranslate('zh-CN');

describe('the mapping editor rows', () => {
  it('round-trips a mapping of JSONPath, FEEL and constants through the rows unchanged', () => {
    const fields = [
      { target: 'title', path: '$.alert.title' },
      { target: 'priority', feel: 'if message.score > 80 then "high" else "normal"' },
      { target: 'channel', value: 'aml-monitor' },
      { target: 'fields.amount', value: 1200.5 },
      { target: 'tags', value: ['aml', 'auto'] },
      { target: 'fields.urgent', value: true },
      { target: 'fields.code', value: '123' },
    ];
    const rows = mappingToRows(fields);
    expect(rows.map((r) => r.kind)).toEqual(['path', 'feel', 'value', 'value', 'value', 'value', 'value']);
    // A string that would read back as a number is shown quoted, so it stays a string.
    expect(rows[6]!.text).toBe('"123"');
    expect(rows[2]!.text).toBe('aml-monitor');
    expect(rowsToMapping(rows)).toEqual(fields);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('reads a typed constant as JSON where it is JSON, else as the text', () => {
    expect(parseConstant('3')).toBe(3);
    expect(parseConstant('false')).toBe(false);
    expect(parseConstant('high')).toBe('high');
    expect(parseConstant('"high"')).toBe('high');
    expect(parseConstant('["a","b"]')).toEqual(['a', 'b']);
    expect(formatConstant('high')).toBe('high');
    expect(formatConstant(null)).toBe('null');
  });

  it('leaves blank rows out and trims what is sent; one row has exactly one of path, feel, value', () => {
    const rows = [newRow({ target: ' title ', kind: 'path', text: ' $.t ' }), newRow(), newRow({ target: 'priority', kind: 'feel', text: '"high"' })];
    const mapping = rowsToMapping(rows);
    expect(mapping).toEqual([
      { target: 'title', path: '$.t' },
      { target: 'priority', feel: '"high"' },
    ]);
    for (const field of mapping) expect(['path', 'feel', 'value'].filter((k) => k in field)).toHaveLength(1);
  });

  it('names what is wrong on the row before the server is asked', () => {
    const rows = [
      newRow({ target: 'title', kind: 'path', text: 'alert.title' }),
      newRow({ target: 'title', kind: 'path', text: '$.x' }),
      newRow({ target: 'colour', kind: 'value', text: 'red' }),
      newRow({ target: 'fields.amount', kind: 'feel', text: '' }),
      newRow({ target: 'customer.name', kind: 'path', text: '$.customer.name' }),
      newRow(),
    ];
    const problems = checkRows(rows, t);
    expect(problems).toEqual([
      { rowId: rows[0]!.id, part: 'text', message: 'JSONPath 应以 $ 开头' },
      { rowId: rows[1]!.id, part: 'target', message: '该工单字段已映射过' },
      { rowId: rows[2]!.id, part: 'target', message: expect.stringContaining('fields.字段名') },
      { rowId: rows[3]!.id, part: 'text', message: '请填写此项' },
    ]);
  });

  it('puts server errors on the rows they name, counting rows as sent', () => {
    const rows = [newRow({ target: 'title', text: '$.t' }), newRow(), newRow({ target: 'fields.amount', kind: 'feel', text: 'message.amount *' })];
    const { placed, elsewhere } = placeMappingErrors(rows, [
      { field: 'mapping.fields[1].feel', reason: 'FEEL 表达式无法计算' },
      { field: 'mapping.fields.0.target', reason: '不是可识别的字段' },
      { field: 'title', reason: '必填' },
      { field: 'mapping.externalId', reason: '必填' },
    ]);
    expect(placed).toEqual([
      { rowId: rows[2]!.id, part: 'text', message: 'FEEL 表达式无法计算' },
      { rowId: rows[0]!.id, part: 'target', message: '不是可识别的字段' },
      { rowId: rows[0]!.id, part: 'text', message: '必填' },
    ]);
    expect(elsewhere).toEqual([{ field: 'mapping.externalId', reason: '必填' }]);
  });
});
