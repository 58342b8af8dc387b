/** `2026-Q3` for a date (the reader's local calendar). */
export function quarterOf(date: Date): string {
  return `${date.getFullYear()}-Q${Math.floor(date.getMonth() / 3) + 1}`;
}

/** The current quarter and the `count - 1` before it, newest first: what a pack can be made for. */
export function recentQuarters(today: Date, count = 8): string[] {
  const quarters: string[] = [];
  let year = today.getFullYear();
  let quarter = Math.floor(today.getMonth() / 3) + 1;
  for (let i = 0; i < count; i++) {
    quarters.push(`${year}-Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return quarters;
}
