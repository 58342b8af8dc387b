// GB 11643-1999: the 18th character of a resident identity number is ISO 7064 MOD 11-2
// over the first 17 digits, with weights 2^(17-i) mod 11 and 'X' standing for 10.
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

/** Why a value fails a check: `reason` for people, `code` and `params` for clients that translate. */
export interface CheckIssue {
  reason: string;
  code: string;
  params?: Record<string, string | number>;
}

export function residentIdProblem(value: string): string | undefined {
  return residentIdIssue(value)?.reason;
}

export function residentIdIssue(value: string): CheckIssue | undefined {
  if (!/^\d{17}[\dXx]$/.test(value)) return { reason: 'must be 17 digits followed by a digit or X', code: 'resident-id-format' };
  const birth = value.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return { reason: 'contains an impossible date of birth', code: 'impossible-birth-date' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * RESIDENT_ID_WEIGHTS[i]!;
  if (RESIDENT_ID_CHECK[sum % 11] !== value[17]!.toUpperCase()) return { reason: 'check digit does not match (GB 11643)', code: 'check-digit', params: { standard: 'GB 11643' } };
  return undefined;
}

// ISO/IEC 7812 (Luhn): bank card numbers are 12–19 digits.
export function bankCardProblem(value: string): string | undefined {
  return bankCardIssue(value)?.reason;
}

export function bankCardIssue(value: string): CheckIssue | undefined {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return { reason: 'must be 12 to 19 digits', code: 'bank-card-format' };
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  if (sum % 10 !== 0) return { reason: 'check digit does not match (Luhn)', code: 'check-digit', params: { standard: 'Luhn' } };
  return undefined;
}

// GB 32100-2015: unified social credit code, 18 characters over a 31-symbol alphabet
// (no I, O, Z, S, V); the last is 31 - (Σ value × weight mod 31).
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function unifiedSocialCreditCodeProblem(value: string): string | undefined {
  return unifiedSocialCreditCodeIssue(value)?.reason;
}

export function unifiedSocialCreditCodeIssue(value: string): CheckIssue | undefined {
  const code = value.toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return { reason: 'must be 18 characters of digits and letters other than I, O, Z, S, V', code: 'uscc-format' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const expected = USCC_ALPHABET[(31 - (sum % 31)) % 31];
  if (expected !== code[17]) return { reason: 'check character does not match (GB 32100)', code: 'check-digit', params: { standard: 'GB 32100' } };
  return undefined;
}
