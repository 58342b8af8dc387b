/**
 * Encryption at rest for sensitive fields (issue 3, "Encryption at rest").
 *
 * - Field values are sealed into self-describing envelopes
 *   `dk1.<a256gcm|sm4ctr-hsm3>.<keyId>.<b64url nonce>.<b64url ciphertext‖tag>`, bound to
 *   their field and record ({@link FieldContext}).
 * - Envelope keys: 32-byte data keys, wrapped by a master key ({@link MasterKeyProvider}: env,
 *   file, later a KMS) and stored in `access.data_key`; unwrapped once into the process's
 *   {@link KeyRing}. Data key rotation keeps old values readable; master key rotation re-wraps
 *   the data keys only.
 * - Blind index for equality search over normalised values, under its own key.
 *
 * Typical start-up:
 *
 * ```ts
 * const ring = await loadKeyRing({
 *   store: createPgKeyStore(database.db),
 *   masterKeys: loadMasterKeys(config),
 *   suite: config.fieldCipher,
 *   clock,
 * });
 * const envelope = ring.encrypt('110105199001011234', { field: 'cases.case.fields.residentId', recordId: caseId });
 * const index = ring.blindIndex('resident-id', '110105199001011234');
 * const value = await ring.decryptAsync(envelope, { field: 'cases.case.fields.residentId', recordId: caseId });
 * ```
 *
 * @module
 */

export {
  type CipherSuite,
  CIPHER_SUITES,
  type DataKey,
  type FieldContext,
  type FieldCipherErrorCode,
  FieldCipherError,
  type ParsedEnvelope,
  ENVELOPE_VERSION,
  createDataKey,
  generateDataKey,
  encryptField,
  decryptField,
  parseEnvelope,
  isEnvelope,
  isCipherSuite,
  envelopePrefix,
} from './field-cipher.ts';

export { type KeyInfo, type KeyRingOptions, KeyRing, KeyRingError, loadKeyRing } from './key-ring.ts';

export {
  type MasterKeyProvider,
  type MasterKeys,
  type WrapRequest,
  type UnwrapRequest,
  MasterKeyError,
  localMasterKey,
  masterKeyFingerprint,
  parseMasterKeyText,
  type MasterKeySettings,
  GENERATED_MASTER_KEY_FILE,
  loadMasterKeys,
} from './master-key.ts';

export {
  type KeyStore,
  type StoredKey,
  type NewStoredKey,
  type KeyPurpose,
  type KeyStatus,
  KeyStoreConflictError,
  createPgKeyStore,
  createMemoryKeyStore,
} from './key-store.ts';

export { type DataClass, DATA_CLASSES, isDataClass, NORMALISERS, normalise, computeBlindIndex, residentIdCheckDigit, BLIND_INDEX_BYTES } from './blind-index.ts';
