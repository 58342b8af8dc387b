import { describe, expect, it } from 'vitest';
import { cheaperAccess } from './search-store.ts';

describe('how a match reads the published articles', () => {
  it('uses the index on a small base, whatever the word', () => {
    expect(cheaperAccess(900, 1_000, 1_001)).toBe('index');
    expect(cheaperAccess(4_000, 4_999, 200)).toBe('index');
  });

  it('uses the index for a rare word on a large base: a scan would read most of the table to fill the page', () => {
    expect(cheaperAccess(173, 100_000, 1_001)).toBe('index');
    expect(cheaperAccess(5_000, 100_000, 1_001)).toBe('index');
  });

  it('scans for a word in a large share of a large base: the first matches are a few rows apart', () => {
    expect(cheaperAccess(50_000, 100_000, 1_001)).toBe('scan');
    expect(cheaperAccess(95_000, 100_000, 400)).toBe('scan');
    expect(cheaperAccess(10_000, 10_000, 300)).toBe('scan');
  });

  it('reads headings by scan later than whole vectors: testing a heading costs twice as much a row', () => {
    expect(cheaperAccess(12_000, 100_000, 200)).toBe('scan');
    expect(cheaperAccess(12_000, 100_000, 200, 10)).toBe('index');
  });
});
