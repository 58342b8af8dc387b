import type { Config } from '../../config/config.ts';
import { loadMasterKeys, type MasterKeyProvider, type MasterKeySettings } from '../../platform/crypto/index.ts';
import { type OidcConfig, oidcOptionsFromConfig, type OidcOptions } from './oidc.ts';
import { createSecretBox, type SecretBox } from './secret-box.ts';

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

export type SignInConfig = Pick<Config, 'mfaRequiredRoles' | 'totpIssuer'> & MasterKeySettings & OidcConfig;

// RFC 5869 HKDF: a subkey of its own, so the master key that also wraps the key ring's data
// keys never encrypts TOTP seeds directly (one key, one purpose).
const TOTP_BOX_PURPOSE = 'docket/totp-secret-box/v1';

function totpBoxKey(master: MasterKeyProvider): Buffer {
  if (!master.deriveSubkey) throw new Error(`Master key ${master.id} cannot derive the TOTP sealing key: TOTP needs a local master key`);
  return master.deriveSubkey(TOTP_BOX_PURPOSE);
}

/** Sign-in options from the configuration: MFA roles, TOTP issuer, single sign-on and the master key. */
export function signInOptionsFromConfig(config: SignInConfig): SignInOptions {
  let box: SecretBox | undefined;
  return {
    secretBox: () => {
      if (box) return box;
      const { current, previous } = loadMasterKeys(config);
      // Seeds sealed under a previous master key (or the generated one, before a key was configured) still open.
      box = createSecretBox(totpBoxKey(current), previous.filter((m) => m.deriveSubkey).map(totpBoxKey));
      return box;
    },
    mfaRequiredRoles: config.mfaRequiredRoles,
    totpIssuer: config.totpIssuer.trim(),
    oidc: oidcOptionsFromConfig(config),
  };
}
