import { hkdfSync } from 'node:crypto';
import { createSecretBox, loadMasterKey, type SecretBox } from './secret-box.ts';
import { oidcOptionsFromEnv, type OidcOptions } from './oidc.ts';

/** What sign-in hardening needs from configuration, passed from main.ts into buildApp. */
export interface SignInOptions {
  /** Seals TOTP secrets; resolved on first use so a server without MFA users never needs a key. */
  secretBox(): SecretBox;
  /** Users holding any of these roles must have a second factor before they get a session. */
  mfaRequiredRoles: string[];
  /** The issuer name authenticator apps show next to the account. @default 'Docket' */
  totpIssuer: string;
  /** Single sign-on; absent when DOCKET_OIDC_ISSUER is unset. */
  oidc?: OidcOptions;
}

/**
 * Reads DOCKET_MASTER_KEY, DOCKET_MFA_REQUIRED_ROLES (comma-separated), DOCKET_TOTP_ISSUER and
 * the DOCKET_OIDC_* settings (see oidcOptionsFromEnv).
 */
export function signInOptionsFromEnv(env: NodeJS.ProcessEnv, dataDir: string): SignInOptions {
  let box: SecretBox | undefined;
  return {
    // RFC 5869 HKDF: a subkey of its own, so the master key that also wraps the key ring's data
    // keys never encrypts TOTP seeds directly (one key, one purpose).
    secretBox: () =>
      (box ??= createSecretBox(
        Buffer.from(hkdfSync('sha256', loadMasterKey({ masterKeyBase64: env.DOCKET_MASTER_KEY, dataDir }), Buffer.alloc(0), 'docket/totp-secret-box/v1', 32)),
      )),
    mfaRequiredRoles: splitList(env.DOCKET_MFA_REQUIRED_ROLES),
    totpIssuer: env.DOCKET_TOTP_ISSUER?.trim() || 'Docket',
    oidc: oidcOptionsFromEnv(env),
  };
}

export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
