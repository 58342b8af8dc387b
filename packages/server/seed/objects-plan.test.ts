import { describe, expect, it } from 'vitest';
import { homeBranchOf, localDateIn, planCustomer, planProducts } from './objects-plan.ts';

// 23:30 in Beijing on 28 December: the coming birthdays cross the year boundary.
const NOW = new Date('2026-12-28T15:30:00Z');
const DEMO_IDS = Array.from({ length: 150 }, (_, i) => `C${String(10_000 + i).padStart(8, '0')}`);

const luhn = (digits: string) =>
  [...digits].reverse().reduce((sum, d, i) => {
    const n = Number(d) * (i % 2 === 1 ? 2 : 1);
    return sum + (n > 9 ? n - 9 : n);
  }, 0) %
    10 ===
  0;
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentIdValid = (id: string) => '10X98765432'[[...id.slice(0, 17)].reduce((s, d, i) => s + Number(d) * W[i]!, 0) % 11] === id[17];

describe('the demo customers plan', () => {
  const customers = DEMO_IDS.map((id, i) => planCustomer(id, (['BJ', 'SH', 'BJ-HD'] as const)[i % 3]!, NOW));

  it('is the same for the same time, and its personal data passes the checks the records module makes', () => {
    // then
    expect(DEMO_IDS.map((id, i) => planCustomer(id, (['BJ', 'SH', 'BJ-HD'] as const)[i % 3]!, NOW))).toEqual(customers);
    for (const c of customers) {
      if (c.fields.residentId) {
        expect(residentIdValid(c.fields.residentId)).toBe(true);
        expect(c.fields.residentId.slice(6, 14)).toBe(c.fields.birthday.replaceAll('-', ''));
      } else expect(c.tags).toContain('foreign');
      expect(c.fields.phone).toMatch(/^1[3-9]\d{9}$/);
      for (const a of c.accounts) expect(luhn(a.fields.accountNumber)).toBe(true);
      for (const a of c.accounts) expect(a.fields.balance).toMatch(/^-?\d+\.\d{2}$/);
    }
    // The tier a demo case gives its customer (seed/demo.ts: by the customer's number).
    expect(customers.slice(0, 3).map((c) => c.fields.tier)).toEqual(['standard', 'gold', 'private']);
  });

  it('has six birthdays 7 to 12 days ahead — across the year boundary here — and none other in the coming two weeks', () => {
    // given
    const soon = Array.from({ length: 15 }, (_, d) => localDateIn(NOW, d).slice(5));
    // when
    const upcoming = customers.filter((c) => soon.includes(c.fields.birthday.slice(5)));
    // then
    expect(upcoming.map((c) => c.externalId)).toEqual(['C00010007', 'C00010032', 'C00010057', 'C00010082', 'C00010107', 'C00010132']);
    expect(upcoming.map((c) => c.fields.birthday.slice(5))).toEqual(['01-04', '01-05', '01-06', '01-07', '01-08', '01-09']);
    expect(customers.find((c) => c.externalId === 'C00010040')!.fields.birthday).toBe('1988-02-29');
  });

  it('tags every ninth customer elderly (born before 1960) and gives each a relationship manager of their branch', () => {
    // then
    for (const c of customers.filter((c) => c.tags.includes('elderly'))) expect(Number(c.fields.birthday.slice(0, 4))).toBeLessThan(1960);
    expect(customers.filter((c) => c.tags.includes('elderly'))).toHaveLength(17);
    expect(new Set(customers.map((c) => `${c.branch}:${c.relationshipManager}`))).toEqual(new Set(['BJ:rm.bj', 'BJ-HD:rm.bj', 'SH:rm.sh']));
  });

  it('makes the first products mature 3, 5 and 10 days ahead, and holds them for several customers', () => {
    // when
    const products = planProducts(NOW);
    // then
    expect(products.slice(0, 3).map((p) => p.fields.maturityDate)).toEqual(['2026-12-31', '2027-01-02', '2027-01-07']);
    const holders = customers.filter((c) => c.holdings.some((h) => h.productCode === 'WM-2026-001'));
    expect(holders.length).toBeGreaterThan(5);
  });

  it('places a customer in the branch of their newest branch case, else by their number', () => {
    expect(homeBranchOf('C00010003', ['RISK', 'BJ-HD', 'SH'])).toBe('BJ-HD');
    expect(homeBranchOf('C00010003', ['RISK'])).toBe('SH');
    expect(homeBranchOf('C00010004', [])).toBe('BJ');
  });
});
