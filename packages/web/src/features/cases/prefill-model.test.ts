import { describe, expect, it } from 'vitest';
import { formValueOf, outcomeOf, outcomesOf, segmentsOf, stateOf, valuesWithSuggestions } from './prefill-model.ts';

describe('the pasted text cut into marked segments', () => {
  const text = '我叫张三，电话13812345678，乱收费';

  it('marks each span and leaves the rest plain, in order, losing no character', () => {
    const segments = segmentsOf(text, [
      { key: 'customerName', start: 2, end: 4 },
      { key: 'phone', start: 7, end: 18 },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.keys.length > 0).map((s) => [s.text, s.keys])).toEqual([
      ['张三', ['customerName']],
      ['13812345678', ['phone']],
    ]);
  });

  it('gives an overlap both keys and clips spans outside the text', () => {
    const segments = segmentsOf(text, [
      { key: 'category', start: 0, end: 4 },
      { key: 'customerName', start: 2, end: 4 },
      { key: 'x', start: 15, end: 999 },
      { key: 'empty', start: 3, end: 3 },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.find((s) => s.text === '张三')?.keys.sort()).toEqual(['category', 'customerName']);
    expect(segments.find((s) => s.text === '我叫')?.keys).toEqual(['category']);
    expect(segments.some((s) => s.keys.includes('empty'))).toBe(false);
    expect(segments.at(-1)?.keys).toEqual(['x']);
  });
});

describe('what the agent did with a suggestion', () => {
  it('counts untouched as accepted, edited as changed, emptied as rejected', () => {
    expect(outcomeOf('张三', '张三')).toBe('accepted');
    expect(outcomeOf(1200, '1200')).toBe('accepted');
    expect(outcomeOf('fees', 'service')).toBe('changed');
    expect(outcomeOf('13812345678', '')).toBe('rejected');
    expect(outcomeOf('fees', null)).toBe('rejected');
    expect(outcomesOf({ customerName: '张三', category: 'fees', phone: '13812345678' }, { customerName: '张三', category: 'service', phone: '' })).toEqual([
      { field: 'customerName', outcome: 'accepted' },
      { field: 'category', outcome: 'changed' },
      { field: 'phone', outcome: 'rejected' },
    ]);
  });

  it('shows a ticked suggestion as accepted and an unticked one as still suggested', () => {
    expect(stateOf('fees', 'fees', false)).toBe('suggested');
    expect(stateOf('fees', 'fees', true)).toBe('accepted');
    expect(stateOf('fees', 'wealth', true)).toBe('changed');
  });
});

describe('putting suggestions into the form', () => {
  it('fills empty fields and the last suggestion left untouched, never what the agent typed', () => {
    const current = { customerName: '李四', phone: '', category: 'fees', description: '' };
    const next = valuesWithSuggestions(
      current,
      [
        { field: 'customerName', value: '张三' },
        { field: 'phone', value: '13812345678' },
        { field: 'category', value: 'service' },
      ],
      { category: 'fees' },
    );
    expect(next).toEqual({ customerName: '李四', phone: '13812345678', category: 'service', description: '' });
  });

  it('gives each field kind the value form-js takes', () => {
    expect(formValueOf('1,200.50', 'number')).toBe(1200.5);
    expect(formValueOf('abc', 'number')).toBeUndefined();
    expect(formValueOf('2026-03-01T08:15:00.000Z', 'datetime')).toBe('2026-03-01T08:15');
    expect(formValueOf(11010519491231002, 'text')).toBe('11010519491231002');
  });
});
