import { describe, expect, it } from 'vitest';
import { diffText } from './diff-versions.ts';

describe('diffText', () => {
  it('replaces whole words, and its parts spell both texts', () => {
    const before = '信用卡年费为100元，首年免年费。';
    const after = '信用卡年利率为5%，首年免年费。';
    const parts = diffText(before, after);
    expect(
      parts
        .filter((p) => p.op !== 'insert')
        .map((p) => p.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.op !== 'delete')
        .map((p) => p.text)
        .join(''),
    ).toBe(after);
    expect(parts[0]).toEqual({ op: 'equal', text: '信用卡' });
    expect(parts).toContainEqual({ op: 'equal', text: '，首年免年费。' });
  });

  it('says nothing changed for the same text, and all of it for an empty one', () => {
    expect(diffText('反洗钱', '反洗钱')).toEqual([{ op: 'equal', text: '反洗钱' }]);
    expect(diffText('', 'new text')).toEqual([{ op: 'insert', text: 'new text' }]);
  });
});
