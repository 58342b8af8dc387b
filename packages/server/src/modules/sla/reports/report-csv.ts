import type { OnTimeReport } from './on-time-report.ts';

const COLUMNS = [
  'closed',
  'closedOnTime',
  'onTimeClosureRate',
  'responded',
  'respondedOnTime',
  'firstResponseRate',
  'breaches',
  'avgResolutionSeconds',
  'p90ResolutionSeconds',
  'avgFirstResponseSeconds',
  'p90FirstResponseSeconds',
] as const;

// RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs a label
// as a formula (OWASP CSV injection).
function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The report as CSV: figures and group labels only, never a case's data. UTF-8 with a BOM so spreadsheets read Chinese labels. */
export function formatReportCsv(report: OnTimeReport): string {
  const lines = [['groupBy', 'key', 'label', 'from', 'to', ...COLUMNS].join(',')];
  for (const row of report.rows) lines.push([report.groupBy, row.key, row.label, report.from, report.to, ...COLUMNS.map((c) => row[c])].map(cell).join(','));
  lines.push([report.groupBy, 'total', null, report.from, report.to, ...COLUMNS.map((c) => report.totals[c])].map(cell).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
