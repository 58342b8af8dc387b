// Runs the offline verifier's own code (packages/verify/src) in the browser. Its Node built-ins
// come from browser-crypto.ts (vite.config.ts aliases node:crypto there); the one asynchronous
// piece, the Ed25519 signature, is checked with WebCrypto before the verifier runs.
import { BrowserBuffer, checkEd25519 } from './browser-crypto.ts';
import { verifyBundle, type BundleVerdict } from '@docket/verify/bundle';
import { checkTreeHead, keyIdOf, treeHeadMessage, type SignedTreeHead } from '@docket/verify/tree-head';

export type { BundleVerdict, Finding } from '@docket/verify/bundle';

async function precheckSignature(publicKeyPem: unknown, head: unknown): Promise<void> {
  if (typeof publicKeyPem !== 'string' || head === null || typeof head !== 'object') return;
  const h = head as SignedTreeHead;
  try {
    await checkEd25519(publicKeyPem, treeHeadMessage(h), BrowserBuffer.from(String(h.signature), 'base64'));
  } catch {
    // a malformed head: the verifier itself says what is wrong with it
  }
}

/** The verdict on an evidence bundle as read from a file or the API: structure, signature, every inclusion proof. */
export async function verifyBundleText(text: string, trustedPublicKey?: string): Promise<BundleVerdict> {
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch (error) {
    return { ok: false, findings: [{ ok: false, message: `the file is not JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const b = bundle as { publicKey?: unknown; treeHead?: unknown } | null;
  await precheckSignature(b?.publicKey, b?.treeHead);
  try {
    return verifyBundle(bundle, trustedPublicKey ? { trustedPublicKey } : {});
  } catch (error) {
    return { ok: false, findings: [{ ok: false, message: error instanceof Error ? error.message : String(error) }] };
  }
}

/** Checks a signed tree head against a PEM public key; undefined when it verifies, else the reason. */
export async function checkTreeHeadInBrowser(head: SignedTreeHead, publicKeyPem: string): Promise<string | undefined> {
  await precheckSignature(publicKeyPem, head);
  try {
    return checkTreeHead(head, publicKeyPem);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export { keyIdOf };
