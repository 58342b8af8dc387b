import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeBlindIndex, DATA_CLASSES, normalise, residentIdCheckDigit } from './blind-index.ts';
import { createDataKey, encodeParts, generateDataKey } from './field-cipher.ts';

describe('normalisers', () => {
  it.each([
    ['resident-id', ['11010519491231002X', '11010519491231002x', ' 110105 19491231 002x ', '１１０１０５１９４９１２３１００２ｘ', '110105-19491231-002X'], '11010519491231002X'],
    // A 15-digit first-generation id and its 18-digit form are the same person.
    ['resident-id', ['110105491231002', '11010519491231002X'], '11010519491231002X'],
    ['phone', ['13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '0086 13800138000', '8613800138000', '１３８００１３８０００'], '13800138000'],
    ['phone', ['010-6512 3456', '(010) 65123456'], '01065123456'],
    ['bank-card', ['6222 0212 3456 7890 123', '6222-0212-3456-7890-123', '6222021234567890123'], '6222021234567890123'],
    ['account', ['gb29 nwbk 6016 1331 9268 19', 'GB29NWBK60161331926819'], 'GB29NWBK60161331926819'],
    ['name', ['张三', ' 张三 ', '张三'], '张三'],
    ['name', ['阿卜杜拉·买买提', '阿卜杜拉•买买提', '阿卜杜拉 · 买买提', '阿卜杜拉・买买提'], '阿卜杜拉·买买提'],
    ['name', ['John  SMITH', 'john smith', ' John Smith '], 'john smith'],
    ['email', ['Zhang.San@Bank.CN ', 'zhang.san@bank.cn', 'ｚｈａｎｇ.ｓａｎ＠ｂａｎｋ.ｃｎ'], 'zhang.san@bank.cn'],
    ['address', ['北京市朝阳区  建国路 1 号', '北京市朝阳区 建国路 1 号'], '北京市朝阳区 建国路 1 号'],
    ['uscc', ['91350100m000100y43', '9135 0100 M000 100Y 43', '91350100M000100Y43'], '91350100M000100Y43'],
  ] as const)('%s: %j → %s', (dataClass, spellings, expected) => {
    for (const spelling of spellings) expect(normalise(dataClass, spelling)).toBe(expected);
  });

  it('computes the GB 11643 check digit', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
    expect(residentIdCheckDigit('44052418800101001')).toBe('4');
  });

  it('refuses an unknown data class', () => {
    expect(() => normalise('passport' as never, 'x')).toThrow(/Unknown data class/);
  });
});

describe.each(['aes-256-gcm', 'sm4-ctr+sm3-hmac'] as const)('blind index, suite %s', (suite) => {
  const key = generateDataKey('bi-1', suite);

  it('is equal for equal normalised values, 16 bytes base64url', () => {
    const a = computeBlindIndex(key, 'bank-card', '6222 0212 3456 7890');
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(computeBlindIndex(key, 'bank-card', '6222-0212-3456-7890')).toBe(a);
    expect(computeBlindIndex(key, 'bank-card', '6222 0212 3456 7891')).not.toBe(a);
  });

  it('separates data classes and keys, and does not contain the value', () => {
    const digits = '13800138000';
    const phone = computeBlindIndex(key, 'phone', digits);
    expect(computeBlindIndex(key, 'account', digits)).not.toBe(phone);
    expect(computeBlindIndex(generateDataKey('bi-2', suite), 'phone', digits)).not.toBe(phone);
    expect(phone).not.toContain(digits);
    const all = new Set(DATA_CLASSES.map((dc) => computeBlindIndex(key, dc, 'Ab1@x.cn')));
    expect(all.size).toBe(DATA_CLASSES.length);
  });

  it('returns null for a value with nothing left after normalisation', () => {
    expect(computeBlindIndex(key, 'phone', 'n/a')).toBeNull();
    expect(computeBlindIndex(key, 'name', '   ')).toBeNull();
  });

  it('is HMAC-%s of the length-prefixed class and value, truncated', () => {
    const fixed = createDataKey('bi-1', suite, Buffer.alloc(32, 0x42));
    const hash = suite === 'aes-256-gcm' ? 'sha256' : 'sm3';
    const expected = createHmac(hash, Buffer.alloc(32, 0x42))
      .update(encodeParts(['docket.blind-index.v1', 'resident-id', '11010519491231002X']))
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    expect(computeBlindIndex(fixed, 'resident-id', '110105491231002')).toBe(expected);
  });
});
