// Synthetic identifiers for the shipped labelled set: every one is made up here, checked as a
// bank's systems check them (GB 11643 for resident ids, Luhn for cards, GB 32100 for credit
// codes), so that an extractor that validates them accepts them and nothing else.

export type Random = () => number;

/** mulberry32: small, seeded, the same sequence on every machine. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
export const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const digits = (random: Random, n: number): string => Array.from({ length: n }, () => String(int(random, 0, 9))).join('');

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

export function residentIdCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (RESIDENT_ID_WEIGHTS[i] as number);
  return RESIDENT_ID_CHECK[sum % 11] as string;
}

export function isValidResidentId(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && residentIdCheck(id.slice(0, 17)) === id[17];
}

// Real county codes (the first six digits say where the id was issued).
const AREA_CODES = ['110101', '110105', '310104', '310115', '440106', '440305', '320106', '330106', '510107', '420106', '610113', '370202', '350203', '120104', '500103'];

export function residentId(random: Random): string {
  const year = int(random, 1958, 2004);
  const month = int(random, 1, 12);
  const day = int(random, 1, 28);
  const first17 = `${pick(random, AREA_CODES)}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${digits(random, 3)}`;
  return first17 + residentIdCheck(first17);
}

export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

// UnionPay debit and credit BINs, and a few international ones.
const DEBIT_BINS = ['622202', '621700', '622848', '621226', '622588', '621483', '623058'];
const CREDIT_BINS = ['625807', '622575', '628288', '436742', '524047', '622155'];

export function bankCard(random: Random, kind: 'debit' | 'credit'): string {
  const bin = pick(random, kind === 'debit' ? DEBIT_BINS : CREDIT_BINS);
  const length = kind === 'debit' && random() < 0.6 ? 19 : 16;
  return luhnComplete(bin + digits(random, length - bin.length - 1));
}

/** An account number that is not a card: never passes Luhn, never 16, 18 or 19 digits. */
export function accountNumber(random: Random): string {
  const length = pick(random, [12, 15, 17, 20]);
  const body = String(int(random, 1, 9)) + digits(random, length - 1);
  if (!luhnValid(body)) return body;
  const last = (Number(body[length - 1]) + 1) % 10;
  return body.slice(0, -1) + last;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i] as string) * (USCC_WEIGHTS[i] as number);
  return USCC_CHARS[(31 - (sum % 31)) % 31] as string;
}

export function isValidUscc(code: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code) && usccCheck(code.slice(0, 17)) === code[17];
}

/** A company's unified social credit code: registered by market regulation (9), an enterprise (1). */
export function uscc(random: Random): string {
  for (;;) {
    const letters = 'ABCDEFGHJKLMNPQRTUWXY';
    const org8 = Array.from({ length: 8 }, (_, i) => (i < 2 && random() < 0.5 ? pick(random, [...letters]) : String(int(random, 0, 9)))).join('');
    let sum = 0;
    for (let i = 0; i < 8; i++) {
      const c = org8[i] as string;
      const v = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
      sum += v * (ORG_WEIGHTS[i] as number);
    }
    const c9 = 11 - (sum % 11);
    const orgCheck = c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9);
    const first17 = `91${pick(random, AREA_CODES)}${org8}${orgCheck}`;
    const code = first17 + usccCheck(first17);
    // An all-digit code that also reads as a resident id would be ambiguous: make another.
    if (!isValidResidentId(code)) return code;
  }
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '176',
  '177',
  '178',
  '180',
  '181',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '199',
];

export function mobile(random: Random): string {
  return pick(random, MOBILE_PREFIXES) + digits(random, 8);
}

export function alertId(random: Random, date: { y: number; m: number; d: number }): string {
  const ymd = `${date.y}${String(date.m).padStart(2, '0')}${String(date.d).padStart(2, '0')}`;
  return random() < 0.6 ? `AML-${ymd}-${digits(random, 5)}` : `TMS${ymd}${digits(random, 6)}`;
}
