/**
 * Label values from configuration (case type keys, channels, queue keys, SLA target keys) kept
 * bounded: every distinct value is a time series Prometheus keeps, and a channel is a string a
 * client may set. A value passes only if it looks like a key (lower-case ASCII slug, no '@', no
 * spaces, so no e-mail address or name) and the label has seen fewer than `maxValues` others;
 * anything else is counted under 'other'. An absent value is 'none'.
 */
export type BoundedLabel = (value: string | null | undefined) => string;

const KEY_LIKE = /^[a-z0-9][a-z0-9._-]{0,47}$/;
// Digits only, long enough to be a phone, account or id number: never a label.
const NUMBER_LIKE = /^\d{7,}$/;

export function boundedLabel(maxValues = 50): BoundedLabel {
  const seen = new Set<string>();
  return (value) => {
    if (value === null || value === undefined || value === '') return 'none';
    if (!KEY_LIKE.test(value) || NUMBER_LIKE.test(value)) return 'other';
    if (seen.has(value)) return value;
    if (seen.size >= maxValues) return 'other';
    seen.add(value);
    return value;
  };
}
