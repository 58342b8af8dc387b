import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keyIdOf } from '@docket/verify';
import type { Config } from '../../../config/config.ts';

export interface PackSigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

let cached: { setting: string; key: PackSigningKey } | undefined;

function fromPem(pem: string): PackSigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the report pack signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
}

/**
 * The Ed25519 key that signs report pack manifests: the audit ledger's own key
 * (DOCKET_AUDIT_SIGNING_KEY, or `<dataDir>/audit-signing-key.pem`, created as the ledger creates
 * it), so one published key id verifies both the ledger's tree heads and the packs. When the
 * ledger signs through DOCKET_AUDIT_SIGNER_COMMAND its key is not in this process: packs are then
 * signed by `<dataDir>/report-pack-signing-key.pem` (generated on first use, mode 0600).
 */
export function loadPackSigningKey(config: Pick<Config, 'auditSigningKey' | 'auditSignerCommand' | 'dataDir'>): PackSigningKey {
  const setting = `${config.auditSignerCommand ? 'command' : 'local'}|${config.auditSigningKey ?? ''}|${config.dataDir}`;
  if (cached?.setting === setting) return cached.key;
  let key: PackSigningKey;
  if (!config.auditSignerCommand && config.auditSigningKey?.includes('-----BEGIN')) key = fromPem(config.auditSigningKey);
  else if (!config.auditSignerCommand && config.auditSigningKey) key = fromPem(readFileSync(config.auditSigningKey, 'utf8'));
  else key = fromPem(readOrCreateKeyFile(path.resolve(config.dataDir, config.auditSignerCommand ? 'report-pack-signing-key.pem' : 'audit-signing-key.pem')));
  cached = { setting, key };
  return key;
}

function readOrCreateKeyFile(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // The ledger (or another request) wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8');
}
