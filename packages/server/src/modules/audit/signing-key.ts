import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keyIdOf, treeHeadMessage, type SignedTreeHead } from '../../../../verify/src/index.ts';

export interface TreeHeadSigner {
  keyId: string;
  publicKeyPem: string;
  /** Where the key came from, for the start-up log line; never the key itself. */
  source: string;
  sign(head: { treeSize: number; rootHash: string; timestamp: number }): SignedTreeHead;
}

export function signerFromPrivateKey(privateKey: KeyObject, source: string): TreeHeadSigner {
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
export function loadOrCreateSigner(setting: string | undefined, dataDir: string): TreeHeadSigner & { generated: boolean } {
  if (setting && setting.includes('-----BEGIN')) return { ...signerFromPrivateKey(createPrivateKey(setting), 'DOCKET_AUDIT_SIGNING_KEY'), generated: false };
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
