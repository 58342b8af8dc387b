import { describe, expect, it } from 'vitest';
import { buildTsQuery, type ExpandedWord, matchedTexts, quoteLexeme, wordClause } from './search-query.ts';

const word = (term: string, more: Partial<ExpandedWord> = {}): ExpandedWord => ({ term, parts: [], synonyms: [], corrections: [], partSynonyms: {}, ...more });

describe('the tsquery of a search', () => {
  it('quotes every lexeme, doubling quotes and backslashes, so operators stay text', () => {
    expect(quoteLexeme("o'brien")).toBe("'o''brien'");
    expect(quoteLexeme('a\\b')).toBe("'a\\\\b'");
    expect(quoteLexeme("x' | '!y:*")).toBe("'x'' | ''!y:*'");
  });

  it('lets a word stand for itself, a synonym (a phrase as all its words), all its parts, or a close spelling', () => {
    const clause = wordClause(
      word('信用卡分期', {
        parts: ['信用卡', '分期'],
        partSynonyms: { 信用卡: ['贷记卡'] },
        synonyms: [{ term: '卡分期', words: ['卡', '分期'] }],
      }),
    );
    expect(clause).toBe("('信用卡分期' | ('卡' & '分期') | (('信用卡' | '贷记卡') & '分期'))");
    expect(wordClause(word('anual', { corrections: ['annual', 'manual'] }))).toBe("('anual' | 'annual' | 'manual')");
  });

  it('joins words with & for all and | for any, and is empty without words', () => {
    const words = [word('信用卡', { synonyms: [{ term: '贷记卡', words: ['贷记卡'] }] }), word('年费')];
    expect(buildTsQuery(words, 'all')).toBe("('信用卡' | '贷记卡') & '年费'");
    expect(buildTsQuery(words, 'any')).toBe("('信用卡' | '贷记卡') | '年费'");
    expect(buildTsQuery([], 'all')).toBe('');
  });

  it('marks every form that matched: words, synonyms and their words, parts, corrections', () => {
    const texts = matchedTexts([word('信用卡分期', { parts: ['信用卡', '分期'], partSynonyms: { 信用卡: ['贷记卡'] }, corrections: [] }), word('anual', { corrections: ['annual'] })]);
    expect(texts.sort()).toEqual(['anual', 'annual', '信用卡', '信用卡分期', '分期', '贷记卡'].sort());
  });
});
