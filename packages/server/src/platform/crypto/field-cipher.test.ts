import { createCipheriv, createHash, createHmac, hkdfSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  aeadOpen,
  aeadSeal,
  createDataKey,
  decryptField,
  encryptField,
  envelopePrefix,
  FieldCipherError,
  generateDataKey,
  isEnvelope,
  parseEnvelope,
  type CipherSuite,
  type FieldContext,
} from './field-cipher.ts';

const SUITES: CipherSuite[] = ['aes-256-gcm', 'sm4-ctr+sm3-hmac'];
const CONTEXT: FieldContext = { field: 'cases.case.fields.residentId', recordId: '0193a1b2-0000-7000-8000-000000000001' };
const SAMPLES = ['110105199001011234', '', '张三', '13800138000', 'a'.repeat(5000), '🙂 emoji and \u0000 nul', '6222 0212 3456 7890'];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof FieldCipherError) return error.code;
    throw error;
  }
  return undefined;
}

/** Flips one bit of the character at `index` inside base64url text, keeping it valid base64url of the same length. */
function flipBase64url(text: string, byteIndex: number): string {
  const bytes = Buffer.from(text, 'base64url');
  bytes[byteIndex]! ^= 0x01;
  return bytes.toString('base64url');
}

describe('known-answer tests: node:crypto SM4 and SM3 are the national standards', () => {
  it('SM4 (GB/T 32907-2016 appendix A.1): key = plaintext = 0123456789abcdeffedcba9876543210', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([cipher.update(key), cipher.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('SM3 (GB/T 32905-2016 appendix A.1): "abc"', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('SM3 (GB/T 32905-2016 appendix A.2): "abcd" × 16', () => {
    expect(createHash('sm3').update('abcd'.repeat(16)).digest('hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('sm4-ctr is SM4 in counter mode (first keystream block = SM4-ECB of the IV)', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const iv = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
    const ecb = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    const keystream = Buffer.concat([ecb.update(iv), ecb.final()]);
    const ctr = createCipheriv('sm4-ctr', key, iv);
    expect(Buffer.concat([ctr.update(Buffer.alloc(16)), ctr.final()])).toEqual(keystream);
  });

  it('HKDF and HMAC accept SM3 (RFC 5869 construction, checked by hand)', () => {
    const ikm = Buffer.alloc(32, 7);
    const salt = Buffer.from('salt');
    const info = Buffer.from('info');
    const prk = createHmac('sm3', salt).update(ikm).digest();
    const t1 = createHmac('sm3', prk)
      .update(Buffer.concat([info, Buffer.of(1)]))
      .digest();
    expect(Buffer.from(hkdfSync('sm3', ikm, salt, info, 32))).toEqual(t1);
  });

  it('AES-256-GCM (NIST GCM spec test case 14: zero key, zero IV, one zero block)', () => {
    const cipher = createCipheriv('aes-256-gcm', Buffer.alloc(32), Buffer.alloc(12));
    const ct = Buffer.concat([cipher.update(Buffer.alloc(16)), cipher.final()]);
    expect(ct.toString('hex')).toBe('cea7403d4d606b6e074ec5d3baf39d18');
    expect(cipher.getAuthTag().toString('hex')).toBe('d0d1c8a799996bf0265b98b5d48ab919');
  });
});

describe.each(SUITES)('field cipher, suite %s', (suite) => {
  const key = generateDataKey('dk-20261123-00000001', suite);

  it('round-trips UTF-8 strings of every shape', () => {
    for (const value of SAMPLES) {
      const envelope = encryptField(value, key, CONTEXT);
      expect(decryptField(envelope, key, CONTEXT)).toBe(value);
    }
  });

  it('produces a compact self-describing envelope without the plaintext', () => {
    const value = '110105199001011234';
    const envelope = encryptField(value, key, CONTEXT);
    expect(envelope).toMatch(/^dk1\.(a256gcm|sm4ctr-hsm3)\.dk-20261123-00000001\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(envelope.startsWith(envelopePrefix(key))).toBe(true);
    expect(isEnvelope(envelope)).toBe(true);
    expect(envelope).not.toContain(value);
    expect(envelope).not.toContain(Buffer.from(value).toString('base64url').slice(0, 12));
    const parsed = parseEnvelope(envelope);
    expect(parsed.suite).toBe(suite);
    expect(parsed.keyId).toBe(key.keyId);
    expect(parsed.nonce.length).toBe(suite === 'aes-256-gcm' ? 12 : 16);
    expect(parsed.body.length).toBe(value.length + (suite === 'aes-256-gcm' ? 16 : 32));
  });

  it('uses a fresh nonce every time (same value, different envelopes)', () => {
    const envelopes = new Set(Array.from({ length: 200 }, () => encryptField('same', key, CONTEXT)));
    expect(envelopes.size).toBe(200);
  });

  it('refuses a flipped bit in the nonce, in every ciphertext byte and in every tag byte', () => {
    const envelope = encryptField('13800138000', key, CONTEXT);
    const [v, s, k, nonce, body] = envelope.split('.') as [string, string, string, string, string];
    for (let i = 0; i < Buffer.from(nonce, 'base64url').length; i += 1) {
      expect(codeOf(() => decryptField([v, s, k, flipBase64url(nonce, i), body].join('.'), key, CONTEXT))).toBe('auth-failed');
    }
    for (let i = 0; i < Buffer.from(body, 'base64url').length; i += 1) {
      expect(codeOf(() => decryptField([v, s, k, nonce, flipBase64url(body, i)].join('.'), key, CONTEXT))).toBe('auth-failed');
    }
  });

  it('refuses a changed header: version, suite, key id', () => {
    const envelope = encryptField('13800138000', key, CONTEXT);
    const [, s, k, nonce, body] = envelope.split('.') as [string, string, string, string, string];
    expect(codeOf(() => decryptField(['dk2', s, k, nonce, body].join('.'), key, CONTEXT))).toBe('unsupported');
    const otherSuite = s === 'a256gcm' ? 'sm4ctr-hsm3' : 'a256gcm';
    expect(codeOf(() => decryptField(['dk1', otherSuite, k, nonce, body].join('.'), key, CONTEXT))).toMatch(/malformed|wrong-key/);
    expect(codeOf(() => decryptField(['dk1', 'rot13', k, nonce, body].join('.'), key, CONTEXT))).toBe('unsupported');
    // The same key bytes under another id: the id is authenticated too.
    const renamed = createDataKey('dk-20261123-00000002', suite, key.material);
    expect(codeOf(() => decryptField(['dk1', s, renamed.keyId, nonce, body].join('.'), renamed, CONTEXT))).toBe('auth-failed');
    expect(codeOf(() => decryptField(envelope, renamed, CONTEXT))).toBe('wrong-key');
  });

  it('refuses truncation, extension and garbage with a clear error', () => {
    const envelope = encryptField('13800138000', key, CONTEXT);
    const [v, s, k, nonce, body] = envelope.split('.') as [string, string, string, string, string];
    const shortBody = Buffer.from(body, 'base64url').subarray(0, -1).toString('base64url');
    expect(codeOf(() => decryptField([v, s, k, nonce, shortBody].join('.'), key, CONTEXT))).toBe('auth-failed');
    expect(codeOf(() => decryptField([v, s, k, nonce, 'AAAA'].join('.'), key, CONTEXT))).toBe('malformed');
    expect(codeOf(() => decryptField([v, s, k, 'AAAA', body].join('.'), key, CONTEXT))).toBe('malformed');
    expect(codeOf(() => decryptField(`${envelope}.extra`, key, CONTEXT))).toBe('malformed');
    expect(codeOf(() => decryptField(`${envelope}A`, key, CONTEXT))).toMatch(/malformed|auth-failed/);
    expect(codeOf(() => decryptField([v, s, k, nonce, `${body}!`].join('.'), key, CONTEXT))).toBe('malformed');
    expect(codeOf(() => decryptField('110105199001011234', key, CONTEXT))).toBe('malformed');
    expect(codeOf(() => decryptField('', key, CONTEXT))).toBe('malformed');
    expect(() => decryptField([v, s, k, nonce, flipBase64url(body, 0)].join('.'), key, CONTEXT)).toThrow(/failed authentication/);
  });

  it('accepts exactly one spelling of each ciphertext: the one base64url encoding gives back', () => {
    // The check is arithmetic (spare bits of the last character); here it is held to
    // decode-then-encode, for bodies of every length residue and every possible last character.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const value of ['', 'a', 'ab', 'abc', '13800138000', '张三']) {
      const envelope = encryptField(value, key, CONTEXT);
      const [v, s, k, nonce, body] = envelope.split('.') as [string, string, string, string, string];
      for (const last of alphabet) {
        const respelled = body.slice(0, -1) + last;
        const canonical = Buffer.from(respelled, 'base64url').toString('base64url') === respelled;
        const code = codeOf(() => decryptField([v, s, k, nonce, respelled].join('.'), key, CONTEXT));
        if (canonical) expect(code === undefined || code === 'auth-failed').toBe(true);
        else expect(code).toBe('malformed');
      }
      // A lone character after the last whole group encodes nothing: never canonical.
      const lone = body + 'A'.repeat((5 - (body.length % 4)) % 4);
      expect(lone.length % 4).toBe(1);
      expect(codeOf(() => decryptField([v, s, k, nonce, lone].join('.'), key, CONTEXT))).toBe('malformed');
      expect(codeOf(() => decryptField([v, s, k, `${nonce}A`, body].join('.'), key, CONTEXT))).toBe('malformed');
    }
  });

  it('refuses another record, another field, or another key', () => {
    const envelope = encryptField('13800138000', key, CONTEXT);
    expect(codeOf(() => decryptField(envelope, key, { ...CONTEXT, recordId: '0193a1b2-0000-7000-8000-000000000002' }))).toBe('auth-failed');
    expect(codeOf(() => decryptField(envelope, key, { ...CONTEXT, field: 'cases.case.fields.phone' }))).toBe('auth-failed');
    // Length-prefixed context: moving characters between field and record id changes the AAD.
    expect(codeOf(() => decryptField(envelope, key, { field: `${CONTEXT.field}0`, recordId: CONTEXT.recordId.slice(1) }))).toBe('auth-failed');
    const other = generateDataKey(key.keyId, suite);
    expect(codeOf(() => decryptField(envelope, other, CONTEXT))).toBe('auth-failed');
    expect(codeOf(() => decryptField(envelope, () => undefined, CONTEXT))).toBe('unknown-key');
  });

  it('rejects an empty context', () => {
    expect(codeOf(() => encryptField('x', key, { field: '', recordId: 'r' }))).toBe('invalid-argument');
    expect(codeOf(() => encryptField('x', key, { field: 'f', recordId: '' }))).toBe('invalid-argument');
  });

  it('never shows key material when a key is logged or serialised', () => {
    const hex = key.material.toString('hex');
    expect(inspect(key)).not.toContain(hex.slice(0, 8));
    expect(inspect(key)).toContain('[hidden]');
    expect(JSON.stringify(key)).not.toContain('material');
  });

  it('low-level AEAD binds the header', () => {
    const sealed = aeadSeal(suite, key.material, Buffer.from('k'.repeat(32)), ['a', 'b']);
    expect(aeadOpen(suite, key.material, sealed, ['a', 'b']).toString()).toBe('k'.repeat(32));
    expect(codeOf(() => aeadOpen(suite, key.material, sealed, ['ab', '']))).toBe('auth-failed');
  });
});

describe('SM suite construction', () => {
  it('is SM4-CTR under an HKDF-SM3 subkey, with HMAC-SM3 over version, suite, key id, context, nonce and ciphertext', () => {
    const key = generateDataKey('k1', 'sm4-ctr+sm3-hmac');
    const envelope = encryptField('hello', key, { field: 'f', recordId: 'r' });
    const { nonce, body } = parseEnvelope(envelope);
    const salt = Buffer.from('docket/sm4-ctr+sm3-hmac/v1');
    const enc = Buffer.from(hkdfSync('sm3', key.material, salt, 'enc:sm4-ctr', 16));
    const mac = Buffer.from(hkdfSync('sm3', key.material, salt, 'mac:hmac-sm3', 32));
    const ciphertext = body.subarray(0, body.length - 32);
    const decipher = createCipheriv('sm4-ctr', enc, nonce);
    expect(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString()).toBe('hello');
    const lp = (...parts: Buffer[]) => Buffer.concat(parts.flatMap((p) => [Buffer.from([0, 0, (p.length >> 8) & 0xff, p.length & 0xff]), p]));
    const aad = lp(Buffer.from('docket.field'), Buffer.from('f'), Buffer.from('r'));
    const tag = createHmac('sm3', mac)
      .update(lp(Buffer.from('dk1'), Buffer.from('sm4ctr-hsm3'), Buffer.from('k1'), aad, nonce, ciphertext))
      .digest();
    expect(body.subarray(body.length - 32)).toEqual(tag);
  });
});
