import { describe, expect, it } from 'vitest';
import type { CaseType } from '@docket/client';
import { optionLabel, windowPoints } from './spike-model.ts';

describe('windowPoints', () => {
  it('labels each baseline window by its last day, a week apart, oldest first, then the current one', () => {
    expect(windowPoints({ baseline: [2, 1, 3], observed: 12, windowEnd: '2026-11-24' })).toEqual([
      { end: '2026-11-03', count: 2, current: false },
      { end: '2026-11-10', count: 1, current: false },
      { end: '2026-11-17', count: 3, current: false },
      { end: '2026-11-24', count: 12, current: true },
    ]);
  });
});

describe('optionLabel', () => {
  const complaint = {
    key: 'complaint',
    schema: { components: [{ type: 'select', key: 'category', values: [{ label: '收费 Fees', value: 'fees' }] }] },
  } as unknown as CaseType;

  it('shows the select option of a counted case type, and the code when none offers it', () => {
    expect(optionLabel([complaint], ['complaint'], 'category', 'fees')).toBe('收费 Fees');
    expect(optionLabel([complaint], ['complaint'], 'category', 'atm')).toBe('atm');
    expect(optionLabel([complaint], ['consultation'], 'category', 'fees')).toBe('fees');
    expect(optionLabel(undefined, ['complaint'], 'category', 'fees')).toBe('fees');
  });
});
