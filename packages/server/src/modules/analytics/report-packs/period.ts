/** A calendar quarter, `2026-Q3`: the period of a regulator's quarterly statistics. */
export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** Local dates, both inclusive. */
  from: string;
  to: string;
}

export const QUARTER_PATTERN = '^(20[0-9]{2})-Q([1-4])$';

/** `2026-Q3` → 2026-07-01 … 2026-09-30; undefined when it is not a quarter. */
export function parseQuarter(period: string): Quarter | undefined {
  const match = new RegExp(QUARTER_PATTERN).exec(period);
  if (!match) return undefined;
  const year = Number(match[1]);
  const quarter = Number(match[2]) as Quarter['quarter'];
  const firstMonth = (quarter - 1) * 3 + 1;
  const lastDay = new Date(Date.UTC(year, firstMonth + 2, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { year, quarter, from: `${year}-${pad(firstMonth)}-01`, to: `${year}-${pad(firstMonth + 2)}-${pad(lastDay)}` };
}

/** 2026年第3季度 — how the regulator's forms name a quarter. */
export function quarterTitle(q: Quarter): string {
  return `${q.year}年第${q.quarter}季度`;
}
