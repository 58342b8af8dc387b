import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

/** A signed tree head as Docket publishes it and witnesses store it. */
export interface SignedTreeHead {
  format: 'docket.audit.tree-head/v1';
  treeSize: number;
  /** Hex SHA-256 root (RFC 9162 MTH) of the first treeSize leaves. */
  rootHash: string;
  /** Milliseconds since the Unix epoch, as in RFC 9162 §4.10 timestamps. */
  timestamp: number;
  /** Hex SHA-256 of the signing key's SubjectPublicKeyInfo (DER). */
  keyId: string;
  /** Base64 Ed25519 signature over treeHeadMessage(). */
  signature: string;
}

/**
 * The bytes a tree head signature covers: four lines, so an auditor can rebuild them with
 * printf. Ed25519 (RFC 8032) signs the message itself; there is no pre-hash.
 */
export function treeHeadMessage(head: Pick<SignedTreeHead, 'treeSize' | 'rootHash' | 'timestamp' | 'keyId'>): Buffer {
  return Buffer.from(`docket.audit.tree-head/v1\n${head.treeSize}\n${head.rootHash}\n${head.timestamp}\n${head.keyId}\n`, 'utf8');
}

/**
 * Parses a PEM public key and refuses any spelling but the canonical one. Base64 decoders
 * ignore the unused low bits of the last character, so a flipped bit there would otherwise
 * leave the key, and the verdict, unchanged: a tampered bundle must never verify.
 */
export function parseCanonicalPublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  const canonical = key.export({ type: 'spki', format: 'pem' }).toString();
  if (pem !== canonical && `${pem}\n` !== canonical) throw new Error('the public key PEM is not in canonical form');
  return key;
}

export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? parseCanonicalPublicKey(publicKey) : publicKey;
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** Checks the signature and the key id; returns a reason when the head does not verify. */
export function checkTreeHead(head: SignedTreeHead, publicKeyPem: string): string | undefined {
  let key: KeyObject;
  try {
    key = parseCanonicalPublicKey(publicKeyPem);
  } catch {
    return 'the public key is not a valid, canonical PEM public key';
  }
  if (key.asymmetricKeyType !== 'ed25519') return `the public key is ${key.asymmetricKeyType}, not ed25519`;
  if (head.format !== 'docket.audit.tree-head/v1') return `unknown tree head format ${String(head.format)}`;
  if (!Number.isSafeInteger(head.treeSize) || head.treeSize < 0) return 'treeSize is not a non-negative integer';
  if (!/^[0-9a-f]{64}$/.test(head.rootHash)) return 'rootHash is not 64 hex digits';
  if (!Number.isSafeInteger(head.timestamp)) return 'timestamp is not an integer';
  if (head.keyId !== keyIdOf(key)) return 'the tree head names a different signing key';
  const signature = Buffer.from(String(head.signature), 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== head.signature) return 'the signature is not 64 bytes of base64';
  return verify(null, treeHeadMessage(head), key, signature) ? undefined : 'the signature does not match the tree head';
}
