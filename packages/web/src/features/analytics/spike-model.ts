import type { CaseType } from '@docket/client';

// Pure helpers of the spikes screen (no API, no React): tested in spike-model.test.ts.

interface SelectComponent {
  key?: string;
  values?: { label: string; value: string }[];
}

/**
 * A category's or product's label as the case type's form offers it (the select's option), so the
 * screen shows 收费 Fees rather than the stored code; the code when no case type offers it.
 */
export function optionLabel(caseTypes: CaseType[] | undefined, typeKeys: string[], fieldKey: string, value: string): string {
  for (const type of caseTypes ?? []) {
    if (!typeKeys.includes(type.key)) continue;
    const components = ((type.schema as { components?: SelectComponent[] } | null)?.components ?? []) as SelectComponent[];
    const option = components.find((c) => c.key === fieldKey)?.values?.find((v) => v.value === value);
    if (option) return option.label;
  }
  return value;
}

/** The counts of the same window 1..N weeks back and now, labelled by each window's last day: what the chart and its table show. */
export function windowPoints(spike: { baseline: number[]; observed: number; windowEnd: string }): { end: string; count: number; current: boolean }[] {
  const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const n = spike.baseline.length;
  return [...spike.baseline.map((count, i) => ({ end: shift(spike.windowEnd, -7 * (n - i)), count, current: false })), { end: spike.windowEnd, count: spike.observed, current: true }];
}
