import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from '@docket/verify';
import type { PackSigningKey } from './pack-signing-key.ts';

// The signed bytes are defined in packages/verify (report-pack.ts): the verifier an auditor runs is
// the code that made the signature's message.
export { canonicalJson };
export const MANIFEST_FORMAT = 'docket.analytics.report-pack/v1';

export interface PackParameters {
  kind: 'complaints-quarterly';
  period: string;
  departmentId: string | null;
  /** ISO 8601 instant: only facts at or before it count. */
  asOf: string;
  timeZone: string;
  /** sha256 of the generator's record policy (the cases it could count). */
  policyFingerprint: string;
}

export interface ManifestBody {
  format: typeof MANIFEST_FORMAT;
  parameters: PackParameters;
  generatorVersion: string;
  files: { name: string; mediaType: string; bytes: number; sha256: string }[];
}

export interface SignedManifest extends ManifestBody {
  signature: { algorithm: 'Ed25519'; keyId: string; publicKey: string; value: string };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Ed25519 (RFC 8032, deterministic) over the canonical JSON of the manifest without its signature. */
export function signManifest(body: ManifestBody, key: PackSigningKey): SignedManifest {
  const value = sign(null, Buffer.from(canonicalJson(body), 'utf8'), key.privateKey).toString('base64');
  return { ...body, signature: { algorithm: 'Ed25519', keyId: key.keyId, publicKey: key.publicKeyPem, value } };
}

/** The manifest file: canonical JSON of the signed manifest and a newline. */
export function manifestBytes(manifest: SignedManifest): Buffer {
  return Buffer.from(`${canonicalJson(manifest)}\n`, 'utf8');
}

/** Checks the signature against a public key the verifier trusts (not the one the manifest carries). */
export function isManifestSignatureValid(manifest: SignedManifest, trustedPublicKeyPem: string): boolean {
  const { signature, ...body } = manifest;
  if (signature?.algorithm !== 'Ed25519') return false;
  try {
    return verify(null, Buffer.from(canonicalJson(body), 'utf8'), createPublicKey(trustedPublicKeyPem), Buffer.from(signature.value, 'base64'));
  } catch {
    return false;
  }
}
