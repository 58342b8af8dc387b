/** ISO 8601 shapes the engine's timers and back-offs accept; checked at deploy time. */

const DURATION = /^-?P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}|\[[\w/+-]+\])?)?$/;

export function isIsoDuration(text: string): boolean {
  return DURATION.test(text.trim());
}

export function isIsoDateTime(text: string): boolean {
  const trimmed = text.trim();
  return DATE_TIME.test(trimmed) && !Number.isNaN(Date.parse(trimmed.replace(/\[.*\]$/, '')));
}

/** `R/PT1H`, `R3/PT10M`, `R/2026-01-01T09:00:00Z/P1D`, `R2/2026-01-01T09:00:00Z/2026-01-02T09:00:00Z`. */
export function isIsoRepeatingInterval(text: string): boolean {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || !/^R\d*$/.test(parts[0] ?? '')) return false;
  const rest = parts.slice(1);
  if (rest.length === 1) return isIsoDuration(rest[0] ?? '');
  const [first = '', second = ''] = rest;
  return (isIsoDateTime(first) && (isIsoDuration(second) || isIsoDateTime(second))) || (isIsoDuration(first) && isIsoDateTime(second));
}
