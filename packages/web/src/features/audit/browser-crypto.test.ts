import { createHash as nodeHash, createHmac as nodeHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { BrowserBuffer, createHash, createHmac, createPublicKey, sha256 } from './browser-crypto.ts';

describe('the browser stand-in for node:crypto', () => {
  it('SHA-256 agrees with node:crypto on the FIPS vectors and every length around block edges', () => {
    expect(sha256(new TextEncoder().encode('abc')).toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(createHash('sha256').digest('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (let n = 0; n < 200; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255);
      expect(createHash('sha256').update(data).digest('hex'), `length ${n}`).toBe(nodeHash('sha256').update(data).digest('hex'));
    }
  });

  it('HMAC-SHA256 agrees with node:crypto, short and long keys', () => {
    for (const key of [new Uint8Array(32).fill(7), new Uint8Array(100).fill(9), new Uint8Array(0)]) {
      expect(createHmac('sha256', key).update('/changes/0/after', 'utf8').digest('hex')).toBe(nodeHmac('sha256', key).update('/changes/0/after', 'utf8').digest('hex'));
    }
  });

  it('Buffer subset: hex, base64 and utf8 round trips, compare', () => {
    expect(BrowserBuffer.from('00ff10', 'hex').toString('hex')).toBe('00ff10');
    expect(BrowserBuffer.from('aGVsbG8=', 'base64').toString('utf8')).toBe('hello');
    expect(BrowserBuffer.from('你好').toString('base64')).toBe(Buffer.from('你好').toString('base64'));
    expect(BrowserBuffer.compare(BrowserBuffer.from('a'), BrowserBuffer.from('b'))).toBe(-1);
  });

  it('Buffer subset: write(text, offset, "utf8") as Node writes it, whole characters only', () => {
    for (const [text, size, at] of [
      ['abc', 8, 2],
      ['你好 docket', 32, 5],
      ['你好', 5, 0],
      ['€x', 3, 1],
      ['', 4, 4],
    ] as const) {
      const mine = BrowserBuffer.alloc(size);
      const node = Buffer.alloc(size);
      expect(mine.write(text, at, 'utf8'), `${text} at ${at}`).toBe(node.write(text, at, 'utf8'));
      expect(mine.toString('hex')).toBe(node.toString('hex'));
    }
    const mine = BrowserBuffer.alloc(4);
    expect(mine.write('hi')).toBe(2);
    expect(mine.toString('hex')).toBe('68690000');
  });

  it("the verifier's own SHA-256 runs on BrowserBuffer as the global Buffer and agrees with node:crypto", async () => {
    const nodeBuffer = globalThis.Buffer;
    vi.resetModules();
    (globalThis as { Buffer: unknown }).Buffer = BrowserBuffer;
    try {
      const { sha256PrefixedText, UnitHasher } = await import('@docket/verify/sha256');
      const salt = new Uint8Array(32).fill(3);
      for (const text of ['', 'x', '"王敏投诉：信用卡年费"', 'a'.repeat(2000)]) {
        expect(sha256PrefixedText(salt, text), text.slice(0, 10)).toBe(nodeHash('sha256').update(salt).update(text, 'utf8').digest('hex'));
      }
      const hasher = new UnitHasher(salt);
      const unitSalt = nodeHmac('sha256', salt).update('/changes/0/after', 'utf8').digest();
      expect(BrowserBuffer.fromBytes(hasher.salt('/changes/0/after')).toString('hex')).toBe(unitSalt.toString('hex'));
      expect(hasher.digest('/changes/0/after', '"处理中"')).toBe(nodeHash('sha256').update(unitSalt).update('"处理中"', 'utf8').digest('hex'));
    } finally {
      (globalThis as { Buffer: unknown }).Buffer = nodeBuffer;
      vi.resetModules();
    }
  });

  it('reads an Ed25519 PEM public key as Node exports it', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const key = createPublicKey(pem);
    expect(key.asymmetricKeyType).toBe('ed25519');
    expect(key.export({ type: 'spki', format: 'pem' })).toBe(pem);
    expect(BrowserBuffer.fromBytes(key.export() as Uint8Array).toString('hex')).toBe(publicKey.export({ type: 'spki', format: 'der' }).toString('hex'));
    expect(sign(null, Buffer.from('x'), privateKey)).toHaveLength(64);
  });
});
