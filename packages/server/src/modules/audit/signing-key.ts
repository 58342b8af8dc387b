import { spawn } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keyIdOf, treeHeadMessage, type SignedTreeHead } from '@docket/verify';

export interface TreeHeadSigner {
  keyId: string;
  publicKeyPem: string;
  /** Where the key came from, for the start-up log line; never the key itself. */
  source: string;
  sign(head: UnsignedHead): SignedTreeHead | Promise<SignedTreeHead>;
}
type UnsignedHead = { treeSize: number; rootHash: string; timestamp: number };

/** A signer holding the private key in this process: signs synchronously. */
export type LocalTreeHeadSigner = Omit<TreeHeadSigner, 'sign'> & { sign(head: UnsignedHead): SignedTreeHead };

export function signerFromPrivateKey(privateKey: KeyObject, source: string): LocalTreeHeadSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the audit signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    source,
    sign: (head) => {
      const unsigned = { ...head, keyId };
      // RFC 8032 Ed25519 signs the message itself (algorithm null in node:crypto).
      const signature = sign(null, treeHeadMessage(unsigned), privateKey).toString('base64');
      return { format: 'docket.audit.tree-head/v1', ...unsigned, signature };
    },
  };
}

/**
 * The tree-head signing key: DOCKET_AUDIT_SIGNING_KEY as PEM text or a path to a PEM file;
 * without it, `<dataDir>/audit-signing-key.pem`, generated on the first start (mode 0600).
 */
export function loadOrCreateSigner(setting: string | undefined, dataDir: string): LocalTreeHeadSigner & { generated: boolean } {
  if (setting?.includes('-----BEGIN')) return { ...signerFromPrivateKey(createPrivateKey(setting), 'DOCKET_AUDIT_SIGNING_KEY'), generated: false };
  if (setting) return { ...signerFromPrivateKey(createPrivateKey(readFileSync(setting, 'utf8')), setting), generated: false };
  const file = path.resolve(dataDir, 'audit-signing-key.pem');
  let generated = false;
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    generated = true;
  }
  return { ...signerFromPrivateKey(createPrivateKey(readFileSync(file, 'utf8')), file), generated };
}

// Environment variables the signer command never sees: it signs, it needs none of Docket's secrets.
const WITHHELD_FROM_SIGNER = /^(DATABASE_URL|DOCKET_MASTER_KEY.*|DOCKET_ADMIN_PASSWORD|DOCKET_NEW_PASSWORD|DOCKET_AUDIT_SIGNING_KEY|PGPASSWORD)$/;

/**
 * DOCKET_AUDIT_SIGNER_COMMAND: the private key stays outside Docket (an HSM, a KMS, ssh-agent,
 * another host). The command runs under `/bin/sh -c`, receives the exact bytes to sign
 * (treeHeadMessage: four lines, see docs/operators/audit-ledger.md) on stdin and prints the
 * 64-byte Ed25519 signature on stdout, raw or as base64 or hex text. Every signature is checked
 * against DOCKET_AUDIT_SIGNER_PUBLIC_KEY before a head is stored, so a misconfigured or
 * substituted signer stops the signing rather than publishing heads nobody can verify.
 */
export function signerFromCommand(command: string, publicKeySetting: string, timeoutMs = 10_000): TreeHeadSigner {
  const pem = publicKeySetting.includes('-----BEGIN') ? publicKeySetting : readFileSync(publicKeySetting, 'utf8');
  const publicKey = createPublicKey(pem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`DOCKET_AUDIT_SIGNER_PUBLIC_KEY must be an Ed25519 key, not ${publicKey.asymmetricKeyType}`);
  const keyId = keyIdOf(publicKey);
  const program = command.trim().split(/\s+/)[0]!;
  return {
    keyId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    source: `DOCKET_AUDIT_SIGNER_COMMAND (${program})`,
    sign: async (head) => {
      const unsigned = { ...head, keyId };
      const message = treeHeadMessage(unsigned);
      const signature = parseSignature(await runSigner(command, message, timeoutMs));
      if (!signature || !verify(null, message, publicKey, signature)) {
        throw new Error(`the signer command (${program}) returned no valid Ed25519 signature for DOCKET_AUDIT_SIGNER_PUBLIC_KEY`);
      }
      return { format: 'docket.audit.tree-head/v1', ...unsigned, signature: signature.toString('base64') };
    },
  };
}

function parseSignature(out: Buffer): Buffer | undefined {
  if (out.length === 64) return out;
  const text = out.toString('latin1').trim();
  if (/^[0-9a-fA-F]{128}$/.test(text)) return Buffer.from(text, 'hex');
  const decoded = Buffer.from(text, 'base64');
  return decoded.length === 64 && decoded.toString('base64') === text ? decoded : undefined;
}

function runSigner(command: string, message: Buffer, timeoutMs: number): Promise<Buffer> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !WITHHELD_FROM_SIGNER.test(name)));
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-500)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out));
      // Only the command's own complaint (last line of stderr), never what it printed on stdout.
      else reject(new Error(`the signer command failed (${signal ?? `exit ${code}`}): ${err.trim().split('\n').at(-1) ?? ''}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(message);
  });
}
