import { describe, expect, it } from 'vitest';
import { canClose, maskedSecret, revealSecret, secretReducer } from './secret-model.ts';

describe('the signing secret shown once', () => {
  it('does not close before the secret was copied or said to be stored', () => {
    const shown = revealSecret('核心系统告警回传', 'whsec_0123456789abcdef');
    expect(canClose(shown)).toBe(false);
    expect(secretReducer(shown, { type: 'closed' })).toBe(shown);
  });

  it('closes once copied, and closing forgets the secret', () => {
    const copied = secretReducer(revealSecret('n', 's3cret'), { type: 'copied' });
    expect(copied).toMatchObject({ copied: true, secret: 's3cret' });
    expect(secretReducer(copied, { type: 'closed' })).toBeNull();
  });

  it('closes once the administrator says they stored it, and not after they take that back', () => {
    const stored = secretReducer(revealSecret('n', 's'), { type: 'acknowledged', value: true })!;
    expect(canClose(stored)).toBe(true);
    const unticked = secretReducer(stored, { type: 'acknowledged', value: false })!;
    expect(secretReducer(unticked, { type: 'closed' })).toBe(unticked);
    expect(secretReducer(stored, { type: 'closed' })).toBeNull();
  });

  it('shows a stored secret only by its last four characters', () => {
    expect(maskedSecret('cdef')).toBe('••••••••cdef');
    expect(secretReducer(null, { type: 'copied' })).toBeNull();
  });
});
