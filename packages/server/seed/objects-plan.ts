// The demo's custom objects (issue 21), as a plan: the customers behind the demo cases, their
// accounts and wealth holdings, and the bank's wealth products. Pure and deterministic (the
// customer numbers and the time given), so the same demo always holds the same customers and the
// plan is tested without a database; seed/objects.ts writes it through the records module.
//
// Dates that the demo's automation rules act on are placed relative to `now` (in the bank's
// zone): a few birthdays 7 to 14 days ahead (the birthday follow-up, 7 days before) and products
// maturing in the coming days (the renewal reminder, 3 days before), so each rule has work on the
// day the demo is started and on the days after.

/** The bank's days: a birthday or a maturity date is a local date. */
export const DEMO_TIME_ZONE = 'Asia/Shanghai';

/** The demo cases' customers: `C` + 8 digits; seed/demo.ts numbers them from 10000, the analytics history from 20000. */
export const DEMO_CUSTOMER_ID = /^C(\d{8})$/;

export type DemoBranch = 'BJ' | 'BJ-HD' | 'SH';

export interface PlannedCustomer {
  externalId: string;
  /** The customer's home branch (department code): the branch of their cases. */
  branch: DemoBranch;
  /** demo user who is the relationship manager (owner of the record). */
  relationshipManager: string;
  fields: {
    name: string;
    residentId?: string;
    phone: string;
    /** YYYY-MM-DD */
    birthday: string;
    tier: 'standard' | 'gold' | 'private';
    segment: 'retail' | 'affluent' | 'small-business';
  };
  tags: string[];
  accounts: PlannedAccount[];
  holdings: PlannedHolding[];
}

export interface PlannedAccount {
  externalId: string;
  fields: { accountNumber: string; accountType: 'debit' | 'time-deposit' | 'credit-card'; balance: string; openedOn: string };
}

export interface PlannedHolding {
  externalId: string;
  /** The product's code (its external id). */
  productCode: string;
  fields: { amount: string; purchasedOn: string };
}

export interface PlannedProduct {
  externalId: string;
  fields: { code: string; name: string; riskLevel: 'R1' | 'R2' | 'R3' | 'R4' | 'R5'; maturityDate: string };
}

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '强', '洋', '艳', '军', '杰', '涛', '明', '超', '秀英', '桂兰', '建国', '志强'];
const FOREIGN_NAMES = ['SMITH JOHN', 'TANAKA YUKI', 'KIM MINJUN', 'MÜLLER ANNA', 'DUPONT LÉA'];
const REGION_OF: Record<DemoBranch, string[]> = { BJ: ['110105', '110101'], 'BJ-HD': ['110108'], SH: ['310115', '310104'] };
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const DAY_MS = 86_400_000;

/** The shelf of wealth products: the first three mature in the coming days. */
const PRODUCTS: { code: string; name: string; riskLevel: PlannedProduct['fields']['riskLevel']; maturesInDays: number }[] = [
  { code: 'WM-2026-001', name: '稳健增利 90 天', riskLevel: 'R2', maturesInDays: 3 },
  { code: 'WM-2026-002', name: '安心收益 180 天', riskLevel: 'R2', maturesInDays: 5 },
  { code: 'WM-2026-003', name: '季季盈 3 号', riskLevel: 'R3', maturesInDays: 10 },
  { code: 'WM-2026-004', name: '天天利现金管理', riskLevel: 'R1', maturesInDays: 365 },
  { code: 'WM-2026-005', name: '金鼎固收 1 年', riskLevel: 'R2', maturesInDays: 120 },
  { code: 'WM-2026-006', name: '睿选混合 2 号', riskLevel: 'R3', maturesInDays: 200 },
  { code: 'WM-2026-007', name: '鑫享权益精选', riskLevel: 'R4', maturesInDays: 300 },
  { code: 'WM-2026-008', name: '养老理财 5 年', riskLevel: 'R2', maturesInDays: 1500 },
  { code: 'WM-2026-009', name: '私享定制 1 号', riskLevel: 'R4', maturesInDays: 240 },
  { code: 'WM-2026-010', name: '量化对冲 A', riskLevel: 'R5', maturesInDays: 400 },
];

/** YYYY-MM-DD of an instant in the bank's zone. */
export function localDate(at: Date, timeZone = DEMO_TIME_ZONE): string {
  let format = DAY_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    DAY_FORMATS.set(timeZone, format);
  }
  return format.format(at);
}
const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The local date `days` after `now`'s local date. */
export function localDateIn(now: Date, days: number, timeZone = DEMO_TIME_ZONE): string {
  const today = new Date(`${localDate(now, timeZone)}T00:00:00Z`);
  return new Date(today.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** The index a demo customer id carries: C00010007 → 7 (the demo cases' customers), C00020012 → 10012. */
function customerIndex(externalId: string): number {
  const match = DEMO_CUSTOMER_ID.exec(externalId);
  if (!match) throw new Error(`not a demo customer id: ${externalId}`);
  return Number(match[1]) - 10_000;
}

function residentIdOf(region: string, birthday: string, serial: number): string {
  const body = region + birthday.replaceAll('-', '') + String(100 + (serial % 899)).padStart(3, '0');
  const sum = [...body].reduce((s, d, i) => s + Number(d) * RESIDENT_ID_WEIGHTS[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

/** A Luhn-valid number of `length` digits starting with `prefix`. */
function luhnNumber(prefix: string, seed: number, length: number): string {
  let body = prefix;
  let state = seed;
  while (body.length < length - 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    body += String(state % 10);
  }
  for (let check = 0; check < 10; check++) {
    const digits = body + check;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
}

/**
 * A customer's birthday. Customers 7, 32, 57 … (every 25th from 7) have theirs 7 to 12 days from
 * `now`, so the birthday follow-up (7 days before) has work today and on each of the next days;
 * customer 40 was born on a leap day. Elderly customers (every 9th) were born 1940–1959, the others 1960–1999.
 */
function birthdayOf(index: number, now: Date, elderly: boolean): string {
  const year = elderly ? 1940 + (index % 20) : 1960 + ((index * 7) % 40);
  if (index === 40) return '1988-02-29';
  if (index < 150 && index % 25 === 7) {
    const upcoming = localDateIn(now, 7 + Math.floor(index / 25));
    const monthDay = upcoming.slice(5);
    // A 29 February ahead falls in a leap year only: move the customer's birth to one.
    return `${monthDay === '02-29' ? 1988 : year}-${monthDay}`;
  }
  // Otherwise a day spread over the year, never in the coming two weeks (an unplanned birthday
  // would make the demo's follow-ups depend on the day it is started).
  const dayOfYear = (index * 37) % 365;
  const candidate = new Date(Date.UTC(2001, 0, 1) + dayOfYear * DAY_MS).toISOString().slice(5, 10);
  const soon = comingMonthDays(now);
  const monthDay = soon.includes(candidate) ? new Date(Date.UTC(2001, 0, 1) + ((dayOfYear + 40) % 365) * DAY_MS).toISOString().slice(5, 10) : candidate;
  return `${year}-${monthDay}`;
}

let coming: { at: number; monthDays: string[] } | undefined;
/** MM-DD of today and the next 14 days (kept for the last `now`: a plan asks for it once per customer). */
function comingMonthDays(now: Date): string[] {
  if (coming?.at !== now.getTime()) coming = { at: now.getTime(), monthDays: Array.from({ length: 15 }, (_, d) => localDateIn(now, d).slice(5)) };
  return coming.monthDays;
}

/** The demo's relationship managers by branch (seed/demo.ts creates them): the Haidian sub-branch's customers are the Beijing manager's. */
export const DEMO_RELATIONSHIP_MANAGERS: Record<DemoBranch, string> = { BJ: 'rm.bj', 'BJ-HD': 'rm.bj', SH: 'rm.sh' };

/** The wealth products on the shelf, three of them maturing in the coming days. */
export function planProducts(now: Date): PlannedProduct[] {
  return PRODUCTS.map((p) => ({ externalId: p.code, fields: { code: p.code, name: p.name, riskLevel: p.riskLevel, maturityDate: localDateIn(now, p.maturesInDays) } }));
}

/**
 * One customer of a demo case, known by the case's customer id and the branch of its cases.
 * Tier as the case gave it (seed/demo.ts: standard, gold, private by the customer's number; the
 * analytics history: gold for every seventh); tags elderly (every 9th) and foreign (every 11th).
 */
export function planCustomer(externalId: string, branch: DemoBranch, now: Date): PlannedCustomer {
  const index = customerIndex(externalId);
  const history = index >= 10_000;
  const elderly = index % 9 === 0;
  const foreign = index % 11 === 0 && !elderly;
  const tier = history ? (index % 7 === 0 ? 'gold' : 'standard') : (['standard', 'gold', 'private'] as const)[index % 3]!;
  const birthday = birthdayOf(index, now, elderly);
  const region = REGION_OF[branch][index % REGION_OF[branch].length]!;
  const name = foreign ? FOREIGN_NAMES[index % FOREIGN_NAMES.length]! : SURNAMES[index % SURNAMES.length]! + GIVEN[(index * 7) % GIVEN.length]!;
  const openedYear = 2005 + (index % 20);
  // The analytics history's customers (400, first start only) are kept to their profile: a
  // record per customer is what their cases' panel needs, and the demo's start stays short.
  const accounts: PlannedAccount[] = history
    ? []
    : [
        {
          externalId: `${externalId}-A1`,
          fields: {
            accountNumber: luhnNumber('622202', index * 31 + 1, 19),
            accountType: 'debit',
            balance: money(((index * 7919) % 500_000) + 1_200),
            openedOn: `${openedYear}-0${1 + (index % 9)}-1${index % 9}`,
          },
        },
      ];
  if (!history && tier === 'private') {
    accounts.push({
      externalId: `${externalId}-A2`,
      fields: {
        accountNumber: luhnNumber('622202', index * 31 + 2, 19),
        accountType: 'time-deposit',
        balance: money(50_000 * (1 + (index % 10))),
        openedOn: `${Math.min(openedYear + 1, 2025)}-0${1 + ((index + 3) % 9)}-0${1 + (index % 9)}`,
      },
    });
  }
  if (!history && index % 10 === 1) {
    accounts.push({
      externalId: `${externalId}-A3`,
      fields: {
        accountNumber: luhnNumber('625802', index * 31 + 3, 16),
        accountType: 'credit-card',
        balance: money(-((index * 613) % 20_000)),
        openedOn: `${Math.min(openedYear + 2, 2025)}-1${index % 3}-15`,
      },
    });
  }
  // Wealth holdings: private customers and half the gold ones; the first products (maturing soon)
  // are held by several customers, so the renewal reminder has holders to call.
  // (Kept few: each record and link is a command's worth of checks, audit and events, and the
  // demo is seeded on every first start and in the seed tests.)
  const holdingCount = history ? 0 : tier === 'private' || (tier === 'gold' && index % 2 === 0) ? 1 : 0;
  const holdings: PlannedHolding[] = Array.from({ length: holdingCount }, (_, h) => {
    const product = PRODUCTS[(index + h * 3) % PRODUCTS.length]!;
    return {
      externalId: `${externalId}-H${h + 1}`,
      productCode: product.code,
      fields: { amount: money((tier === 'private' ? 1_000_000 : 50_000) * (1 + ((index + h) % 5))), purchasedOn: localDateIn(now, -30 - ((index * 11 + h * 17) % 300)) },
    };
  });
  return {
    externalId,
    branch,
    relationshipManager: DEMO_RELATIONSHIP_MANAGERS[branch],
    fields: {
      name,
      ...(foreign ? {} : { residentId: residentIdOf(region, birthday, index) }),
      phone: `13${String(800_000_000 + ((index * 7_654_321) % 199_999_999)).padStart(9, '0')}`,
      birthday,
      tier,
      segment: tier === 'private' ? 'affluent' : index % 8 === 3 ? 'small-business' : tier === 'gold' ? 'affluent' : 'retail',
    },
    tags: [...(elderly ? ['elderly'] : []), ...(foreign ? ['foreign'] : [])],
    accounts,
    holdings,
  };
}

function money(yuan: number): string {
  return yuan.toFixed(2);
}

/**
 * The home branch of a customer from the departments of their cases (newest first): the first
 * branch or sub-branch among them; a customer whose cases are all at head office (suspicious
 * transactions at risk management) is Beijing's or Shanghai's by their number.
 */
export function homeBranchOf(externalId: string, caseDepartments: string[]): DemoBranch {
  const branch = caseDepartments.find((code): code is DemoBranch => code === 'BJ' || code === 'BJ-HD' || code === 'SH');
  return branch ?? (customerIndex(externalId) % 2 === 0 ? 'BJ' : 'SH');
}
