import { randomBytes } from 'node:crypto';
import type { KeyRing } from '../../../platform/crypto/index.ts';

/** 32 random bytes, base64url, with a prefix that says what it is when it turns up in a config file. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function secretHint(secret: string): string {
  return secret.slice(-4);
}

// Bound to the webhook's id: a sealed secret copied to another webhook does not open.
const contextOf = (webhookId: string) => ({ field: 'integration.webhook.secret', recordId: webhookId });

export function sealWebhookSecret(keyRing: KeyRing, webhookId: string, secret: string): string {
  return keyRing.encrypt(secret, contextOf(webhookId));
}

export function openWebhookSecret(keyRing: KeyRing, webhookId: string, sealed: string): Promise<string> {
  return keyRing.decryptAsync(sealed, contextOf(webhookId));
}
