import { describe, expect, it } from 'vitest';
import { boundedLabel } from './bounded-label.ts';

describe('boundedLabel', () => {
  it('keeps key-like values and names the absent one', () => {
    const label = boundedLabel();
    expect(label('phone')).toBe('phone');
    expect(label('12378')).toBe('12378');
    expect(label('web-form')).toBe('web-form');
    expect(label(null)).toBe('none');
    expect(label('')).toBe('none');
  });

  it('counts free text, addresses and long numbers as other', () => {
    const label = boundedLabel();
    for (const value of ['Zhang San', 'zhang.san@example.com', '13812345678', '张三', 'Phone', 'a'.repeat(60)]) expect(label(value)).toBe('other');
  });

  it('stops adding values past its bound, and keeps those it has', () => {
    const label = boundedLabel(2);
    expect([label('a'), label('b'), label('c'), label('a')]).toEqual(['a', 'b', 'other', 'a']);
  });
});
