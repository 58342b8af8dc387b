import { describe, expect, it } from 'vitest';
import { bankCardProblem, residentIdProblem, unifiedSocialCreditCodeProblem } from './check-digits.ts';

describe('resident id (GB 11643)', () => {
  it.each(['11010519491231002X', '110105200001010016', '44030419900307123x'])('accepts %s', (id) => {
    expect(residentIdProblem(id)).toBeUndefined();
  });
  it('refuses a wrong check digit', () => {
    expect(residentIdProblem('110105194912310021')).toMatch(/check digit/);
  });
  it('refuses an impossible date of birth', () => {
    expect(residentIdProblem('110105194902300021')).toMatch(/date of birth/);
  });
  it('refuses wrong shapes', () => {
    expect(residentIdProblem('11010519491231002')).toMatch(/17 digits/);
    expect(residentIdProblem('1101051949123100AX')).toMatch(/17 digits/);
  });
});

describe('bank card (Luhn)', () => {
  it('accepts valid numbers with or without spaces', () => {
    expect(bankCardProblem('4111111111111111')).toBeUndefined();
    expect(bankCardProblem('6222 0212 3456 7894')).toBeUndefined();
  });
  it('refuses a wrong check digit', () => {
    expect(bankCardProblem('4111111111111112')).toMatch(/Luhn/);
  });
  it('refuses non-digits and wrong lengths', () => {
    expect(bankCardProblem('41111111111')).toMatch(/12 to 19/);
  });
});

describe('unified social credit code (GB 32100)', () => {
  it('accepts a valid code', () => {
    expect(unifiedSocialCreditCodeProblem('91350100M000100Y43')).toBeUndefined();
  });
  it('refuses a wrong check character', () => {
    expect(unifiedSocialCreditCodeProblem('91350100M000100Y44')).toMatch(/GB 32100/);
  });
  it('refuses letters outside the alphabet', () => {
    expect(unifiedSocialCreditCodeProblem('91350100M000100O43')).toMatch(/other than/);
  });
});
