// CMP-2026-000123: type prefix, year of creation, sequence (at least six digits).
const CASE_NUMBER_PATTERN = /^([A-Z]{2,6})-(\d{4})-(\d{6,})$/;

export function formatCaseNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function parseCaseNumber(number: string): { prefix: string; year: number; sequence: number } | undefined {
  const match = CASE_NUMBER_PATTERN.exec(number);
  if (!match) return undefined;
  return { prefix: match[1]!, year: Number(match[2]), sequence: Number(match[3]) };
}

export function isCaseNumber(value: string): boolean {
  return CASE_NUMBER_PATTERN.test(value);
}

/** The sequence that numbers a prefix's cases; prefixes are checked to be [A-Z]{2,6}. */
export function caseNumberSequenceName(prefix: string): string {
  if (!/^[A-Z]{2,6}$/.test(prefix)) throw new Error(`Invalid case number prefix ${prefix}`);
  return `cases.case_number_${prefix.toLowerCase()}`;
}
