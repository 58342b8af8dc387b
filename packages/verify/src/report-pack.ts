import { createHash, createPublicKey, verify } from 'node:crypto';
import type { Finding } from './bundle.ts';
import { keyIdOf } from './tree-head.ts';

/** The manifest of a Docket regulator report pack (issue 20): parameters, file hashes, Ed25519 signature. */
export const REPORT_PACK_FORMAT = 'docket.analytics.report-pack/v1';

export interface ReportPackManifest {
  format: typeof REPORT_PACK_FORMAT;
  parameters: Record<string, unknown>;
  generatorVersion: string;
  files: { name: string; mediaType: string; bytes: number; sha256: string }[];
  signature: { algorithm: 'Ed25519'; keyId: string; publicKey: string; value: string };
}

/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort) at every level, no
 * whitespace, strings and numbers as JSON.stringify writes them: the bytes a manifest's signature
 * covers, the manifest without its `signature` member.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The signed message of a manifest: its canonical JSON without the signature, UTF-8. */
export function reportPackMessage(manifest: Omit<ReportPackManifest, 'signature'> & { signature?: unknown }): Buffer {
  const { signature: _signature, ...body } = manifest;
  return Buffer.from(canonicalJson(body), 'utf8');
}

/**
 * Checks a pack offline: the manifest's Ed25519 signature (against the trusted public key when
 * given, else only against the key the manifest names, which proves nothing about who signed), and
 * that each given file is one the manifest lists, byte for byte (size and SHA-256).
 */
export function verifyReportPack(manifest: unknown, files: { path: string; bytes: Buffer }[], trustedPublicKeyPem?: string): { ok: boolean; findings: Finding[] } {
  const findings: Finding[] = [];
  const m = manifest as ReportPackManifest;
  if (typeof m !== 'object' || m === null || m.format !== REPORT_PACK_FORMAT || !Array.isArray(m.files) || typeof m.signature !== 'object' || m.signature === null) {
    return { ok: false, findings: [{ ok: false, message: `not a Docket report pack manifest (its "format" is not ${REPORT_PACK_FORMAT})` }] };
  }
  let keyPem = m.signature.publicKey;
  if (trustedPublicKeyPem) {
    const trustedId = keyIdOf(createPublicKey(trustedPublicKeyPem));
    findings.push(
      trustedId === m.signature.keyId
        ? { ok: true, message: `the manifest names the trusted key ${trustedId.slice(0, 16)}…` }
        : { ok: false, message: `the manifest names key ${String(m.signature.keyId).slice(0, 16)}…, not the trusted key ${trustedId.slice(0, 16)}…` },
    );
    keyPem = trustedPublicKeyPem;
  } else {
    findings.push({ ok: true, message: 'no --public-key given: checked against the key the manifest carries, which anyone could have put there' });
  }
  let signed = false;
  try {
    signed = m.signature.algorithm === 'Ed25519' && verify(null, reportPackMessage(m), createPublicKey(keyPem), Buffer.from(m.signature.value, 'base64'));
  } catch {
    signed = false;
  }
  findings.push(signed ? { ok: true, message: 'the Ed25519 signature over the manifest verifies' } : { ok: false, message: 'the manifest’s signature does not verify' });
  for (const file of files) {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const listed = m.files.find((f) => f.sha256 === sha256 && f.bytes === file.bytes.length);
    findings.push(
      listed
        ? { ok: true, message: `${file.path} is ${listed.name} (sha256 ${sha256.slice(0, 16)}…)` }
        : { ok: false, message: `${file.path} (sha256 ${sha256.slice(0, 16)}…) is not a file of this pack` },
    );
  }
  return { ok: findings.every((f) => f.ok), findings };
}
