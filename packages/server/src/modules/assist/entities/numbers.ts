// Numbers as people write them: Arabic digits with thousands separators, full-width digits, and
// Chinese numerals (五千, 一万二, 三点五, 两百零五). Values are kept as decimal strings so that
// 1.2万 is exactly 12000, not 12000.000000000002.

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNIT: Record<string, bigint> = { 万: 10_000n, 亿: 100_000_000n };

export const CHINESE_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿';

/** Full-width digits and separators to ASCII. */
export function toAsciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[．]/g, '.');
}

/** An integer written in Chinese numerals (一万二千零五, 二〇二六 digit by digit), or undefined. */
export function parseChineseInteger(s: string): bigint | undefined {
  if (!s || [...s].some((c) => !(c in DIGIT) && !(c in SMALL_UNIT) && !(c in BIG_UNIT))) return undefined;
  // Digit by digit, as years are read: 二〇二六.
  if ([...s].every((c) => c in DIGIT) && s.length > 1) return BigInt([...s].map((c) => DIGIT[c]).join(''));
  let total = 0n;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = 0;
  for (const c of s) {
    if (c in DIGIT) {
      digit = DIGIT[c]!;
    } else if (c in SMALL_UNIT) {
      const unit = SMALL_UNIT[c]!;
      section += (digit ?? (unit === 10 ? 1 : 0)) * unit;
      if (digit === undefined && unit !== 10) return undefined;
      digit = undefined;
      lastUnit = unit;
    } else {
      const unit = BIG_UNIT[c]!;
      // 亿 scales all before it; 万 only its own section (一亿二千万 is 1.2 亿).
      const part = BigInt(section + (digit ?? 0));
      total = unit === BIG_UNIT.亿 ? (total + part) * unit : total + part * unit;
      section = 0;
      digit = undefined;
      lastUnit = Number(unit);
    }
  }
  // 一万二 is 12000: a trailing digit after a unit counts one step below it.
  if (digit !== undefined) section += lastUnit >= 10 && digit > 0 && !s.endsWith('零' + s.at(-1)) ? (digit * lastUnit) / 10 : digit;
  return total + BigInt(Math.round(section));
}

/** A decimal string without grouping, leading or trailing zeros: '1,234.50' → '1234.5'. */
export function normaliseDecimal(s: string): string {
  let [int = '0', frac = ''] = s.replace(/[,，\s]/g, '').split('.');
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** The decimal string times 10^power, exactly. */
export function shiftDecimal(s: string, power: number): string {
  const [int = '0', frac = ''] = normaliseDecimal(s).split('.');
  const digits = int + frac + '0'.repeat(Math.max(0, power - frac.length));
  const point = int.length + power;
  return normaliseDecimal(`${digits.slice(0, point)}.${digits.slice(point)}`);
}

/** A number written in digits or Chinese numerals (三点五, 1,200.5), as a decimal string. */
export function parseNumber(s: string): string | undefined {
  const ascii = toAsciiDigits(s);
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$/.test(ascii)) return normaliseDecimal(ascii);
  const [int, frac] = ascii.split('点');
  const whole = parseChineseInteger(int!);
  if (whole === undefined) return undefined;
  if (frac === undefined) return whole.toString();
  if (![...frac].every((c) => c in DIGIT)) return undefined;
  return normaliseDecimal(`${whole}.${[...frac].map((c) => DIGIT[c]).join('')}`);
}
