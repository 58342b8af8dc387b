import { describe, expect, it } from 'vitest';
import { fromBase32, hotp, matchTotpStep, normaliseRecoveryCode, newRecoveryCodes, toBase32, totpCodeAt, totpStepAt } from './totp.ts';
import { createSecretBox } from './secret-box.ts';
import { randomBytes } from 'node:crypto';

// RFC 6238 Appendix B (SHA-1 seed), last six digits of the eight-digit vectors.
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: [number, string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_VECTORS)('returns the RFC vector at t=%i', (seconds, code) => {
    expect(totpCodeAt(RFC_SECRET, new Date(seconds * 1000))).toBe(code);
  });

  it('returns RFC 4226 Appendix D HOTP values', () => {
    expect([0, 1, 2, 9].map((c) => hotp(RFC_SECRET, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('accepts one step of drift either side and no more', () => {
    const now = new Date(1_800_000_000_000);
    const step = totpStepAt(now);
    for (const d of [-1, 0, 1]) expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, step + d), now, null)).toBe(step + d);
    for (const d of [-2, 2]) expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, step + d), now, null)).toBeNull();
  });

  it('refuses a step at or before the last one used (replay)', () => {
    const now = new Date(1_800_000_000_000);
    const step = totpStepAt(now);
    expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, step), now, step)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, step + 1), now, step)).toBe(step + 1);
  });

  it('round-trips base32 (RFC 4648 test vector)', () => {
    expect(toBase32(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(fromBase32('MZXW6YTBOI').toString()).toBe('foobar');
  });

  it('makes ten distinct recovery codes that normalise with or without dashes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(normaliseRecoveryCode(codes[0]!.toUpperCase())).toBe(codes[0]!.replace(/-/g, ''));
  });
});

describe('secret box', () => {
  it('opens what it sealed only under the same context and key', () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal(Buffer.from('seed'), 'user-1');
    expect(box.openOrThrow(sealed, 'user-1').toString()).toBe('seed');
    expect(() => box.openOrThrow(sealed, 'user-2')).toThrow();
    expect(() => createSecretBox(randomBytes(32)).openOrThrow(sealed, 'user-1')).toThrow();
  });
});

describe('signInOptionsFromConfig', () => {
  it('seals with a subkey derived from DOCKET_MASTER_KEY, never the master key itself', async () => {
    const { signInOptionsFromConfig } = await import('./sign-in-options.ts');
    const { loadConfig } = await import('../../config/config.ts');
    const master = randomBytes(32);
    const options = signInOptionsFromConfig(loadConfig({ DOCKET_MASTER_KEY: master.toString('base64'), DOCKET_MFA_REQUIRED_ROLES: 'admin, auditor', DOCKET_DATA_DIR: '/nonexistent' }));
    const sealed = options.secretBox().seal(Buffer.from('seed'), 'ctx');
    expect(() => createSecretBox(master).openOrThrow(sealed, 'ctx')).toThrow();
    expect(options.secretBox().openOrThrow(sealed, 'ctx').toString()).toBe('seed');
    expect(options.mfaRequiredRoles).toEqual(['admin', 'auditor']);
  });

  it('still opens seeds sealed under the previous master key during a rotation', async () => {
    const { signInOptionsFromConfig } = await import('./sign-in-options.ts');
    const { loadConfig } = await import('../../config/config.ts');
    const [oldKey, newKey] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const before = signInOptionsFromConfig(loadConfig({ DOCKET_MASTER_KEY: oldKey, DOCKET_DATA_DIR: '/nonexistent' }));
    const sealed = before.secretBox().seal(Buffer.from('seed'), 'user-1');
    const during = signInOptionsFromConfig(loadConfig({ DOCKET_MASTER_KEY: newKey, DOCKET_MASTER_KEY_PREVIOUS: oldKey, DOCKET_DATA_DIR: '/nonexistent' }));
    expect(during.secretBox().openOrThrow(sealed, 'user-1').toString()).toBe('seed');
    expect(() => during.secretBox().openOrThrow(sealed, 'user-2')).toThrow();
    const after = signInOptionsFromConfig(loadConfig({ DOCKET_MASTER_KEY: newKey, DOCKET_DATA_DIR: '/nonexistent' }));
    expect(() => after.secretBox().openOrThrow(sealed, 'user-1')).toThrow();
  });
});
