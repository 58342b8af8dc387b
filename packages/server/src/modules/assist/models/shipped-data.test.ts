import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, toJsonl } from '../../../../assist-data/generate.ts';
import { isValidResidentId, isValidUscc, luhnValid } from '../../../../assist-data/identities.ts';
import { readLabelledFile, SHIPPED_TEST_FILE, SHIPPED_TRAIN_FILE } from './labelled-file.ts';

// The shipped labelled set is what its generator writes (an edit of the phrasings without
// regenerating fails here), its annotations are exact, and no text is in both splits.
describe('the shipped labelled set', () => {
  const train = readLabelledFile(SHIPPED_TRAIN_FILE);
  const test = readLabelledFile(SHIPPED_TEST_FILE);

  it('is what generate.ts writes with the default seed', () => {
    expect(readFileSync(SHIPPED_TRAIN_FILE, 'utf8')).toBe(toJsonl(generate('train')));
    expect(readFileSync(SHIPPED_TEST_FILE, 'utf8')).toBe(toJsonl(generate('test')));
  });

  it('annotates values that pass their checks, at their spans', () => {
    for (const row of [...train, ...test]) {
      for (const e of row.entities ?? []) {
        const written = row.text.slice(e.start, e.end);
        if (['phone', 'bank-card', 'resident-id', 'account'].includes(e.kind)) expect(written.replace(/[ -]/g, '')).toBe(e.value);
        if (e.kind === 'resident-id') expect(isValidResidentId(e.value)).toBe(true);
        if (e.kind === 'bank-card') expect(luhnValid(e.value)).toBe(true);
        if (e.kind === 'account') expect(luhnValid(e.value)).toBe(false);
        if (e.kind === 'uscc') expect(isValidUscc(e.value)).toBe(true);
        if (['person-name', 'email', 'address', 'alert-id'].includes(e.kind)) expect(written).toBe(e.value);
      }
    }
  });

  it('shares no text between the splits', () => {
    const seen = new Set(train.map((r) => r.text));
    expect(test.filter((r) => seen.has(r.text))).toEqual([]);
    expect([train.length, test.length]).toEqual([2500, 600]);
  });
});
