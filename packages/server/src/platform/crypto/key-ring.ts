import { randomBytes, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { systemClock, type Clock } from '../clock/clock.ts';
import { computeBlindIndex, type DataClass } from './blind-index.ts';
import {
  createDataKey,
  decryptField,
  encodeParts,
  encryptField,
  envelopeKeyId,
  envelopePrefix,
  FieldCipherError,
  KEY_BYTES,
  parseEnvelope,
  type CipherSuite,
  type DataKey,
  type FieldContext,
} from './field-cipher.ts';
import type { KeyStore, KeyPurpose, KeyStatus, NewStoredKey, StoredKey } from './key-store.ts';
import { MasterKeyError, type MasterKeyProvider, type MasterKeys } from './master-key.ts';

/** Metadata of one key in the ring (never the key). */
export interface KeyInfo {
  keyId: string;
  purpose: KeyPurpose;
  suite: CipherSuite;
  status: KeyStatus;
  masterKeyId: string;
  createdAt: Date;
  retiredAt: Date | null;
}

export interface KeyRingOptions {
  store: KeyStore;
  /** The master key(s): the current one, and during a master key rotation the previous ones. */
  masterKeys: MasterKeys | MasterKeyProvider;
  /**
   * Suite for new data keys. When the active data key has another suite, loading rotates to a
   * new key of this suite (old values stay readable, the re-encrypt job moves them over).
   */
  suite: CipherSuite;
  clock?: Clock;
}

export class KeyRingError extends Error {
  override readonly name = 'KeyRingError';
}

/** What a wrapped key's AAD binds it to: a wrapped key copied to another row will not unwrap. */
function wrapAad(key: Pick<StoredKey, 'keyId' | 'purpose' | 'suite'>): Buffer {
  return encodeParts(['docket.data-key.v1', key.keyId, key.purpose, key.suite]);
}

function newKeyId(purpose: KeyPurpose, now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `${purpose === 'data' ? 'dk' : 'bi'}-${day}-${randomBytes(4).toString('hex')}`;
}

// An envelope naming a key this process does not know triggers a reload from the store (another
// process rotated); a key id still unknown after a reload is not reloaded for again this long.
const UNKNOWN_KEY_RETRY_MS = 1_000;

/**
 * The process's key ring: every data key unwrapped once at load and cached in memory, the
 * active data key for new values, and the blind-index key. Create with {@link loadKeyRing}.
 */
export class KeyRing {
  readonly #store: KeyStore;
  readonly #clock: Clock;
  readonly #suite: CipherSuite;
  #masters: MasterKeys;
  readonly #keys = new Map<string, DataKey>();
  #info = new Map<string, KeyInfo>();
  #current!: DataKey;
  #indexKey!: DataKey;
  #refreshing: Promise<void> | undefined;
  readonly #unknownSince = new Map<string, number>();

  /** @internal use {@link loadKeyRing} */
  constructor(options: KeyRingOptions) {
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#suite = options.suite;
    this.#masters = 'current' in options.masterKeys ? { current: options.masterKeys.current, previous: [...options.masterKeys.previous] } : { current: options.masterKeys, previous: [] };
  }

  /** Suite of new data keys (the configured one). */
  get suite(): CipherSuite {
    return this.#suite;
  }
  /** Key id of the active data key: every new envelope names it. */
  get currentKeyId(): string {
    return this.#current.keyId;
  }
  /** Id of the master key that wraps new keys. */
  get masterKeyId(): string {
    return this.#masters.current.id;
  }
  /** `dk1.<suite>.<current key id>.`: values not starting with it are due for {@link reencrypt}. */
  get currentEnvelopePrefix(): string {
    return envelopePrefix(this.#current);
  }

  /** Metadata of every key, oldest first. Keys wrapped by a non-current master show that master's id. */
  keys(): KeyInfo[] {
    return [...this.#info.values()].map((info) => ({ ...info }));
  }

  /** Whether this process holds data key `keyId`. */
  hasKey(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /** Encrypts `value` with the active data key, bound to `context`. */
  encrypt(value: string, context: FieldContext): string {
    return encryptField(value, this.#current, context);
  }

  /**
   * Decrypts with whichever key the envelope names. Synchronous: throws FieldCipherError
   * 'unknown-key' when that key is not loaded (another process rotated since this one loaded);
   * use {@link decryptAsync}, or call {@link ensureKeys} for a batch first.
   */
  decrypt(envelope: string, context: FieldContext): string {
    return decryptField(envelope, (keyId) => this.#keys.get(keyId), context);
  }

  /** Like {@link decrypt}, reloading keys from the store once when the envelope names an unknown key. */
  async decryptAsync(envelope: string, context: FieldContext): Promise<string> {
    await this.ensureKeys([envelope]);
    return this.decrypt(envelope, context);
  }

  /**
   * Makes sure every key named by these envelopes is loaded (reloads from the store if not), so
   * a page of rows can then be decrypted synchronously. Skips null/undefined and non-envelopes.
   */
  async ensureKeys(envelopes: Iterable<string | null | undefined>): Promise<void> {
    const missing = new Set<string>();
    for (const envelope of envelopes) {
      if (typeof envelope !== 'string') continue;
      // A page names the same loaded key hundreds of times: read the id, parse only the rest.
      const named = envelopeKeyId(envelope);
      if (named !== undefined && this.#keys.has(named)) continue;
      let keyId: string;
      try {
        keyId = parseEnvelope(envelope).keyId;
      } catch {
        continue; // decrypt will report it
      }
      if (!this.#keys.has(keyId)) missing.add(keyId);
    }
    if (missing.size === 0) return;
    const now = Date.now();
    const worthReloading = [...missing].some((keyId) => {
      const since = this.#unknownSince.get(keyId);
      return since === undefined || now - since > UNKNOWN_KEY_RETRY_MS;
    });
    if (!worthReloading) return;
    await this.refresh();
    if (this.#unknownSince.size > 1_000) this.#unknownSince.clear();
    for (const keyId of missing) {
      if (this.#keys.has(keyId)) this.#unknownSince.delete(keyId);
      else this.#unknownSince.set(keyId, Date.now());
    }
  }

  /** True when `envelope` is not sealed by the active data key (a candidate for {@link reencrypt}). */
  needsReencrypt(envelope: string): boolean {
    return !envelope.startsWith(this.currentEnvelopePrefix);
  }

  /**
   * Re-encrypts one value under the active data key, for the background job that moves values
   * off retired keys: returns the envelope unchanged when it already uses the active key,
   * otherwise a new envelope for the same plaintext and context. Authenticates first, so a
   * tampered value is refused, never laundered.
   */
  async reencrypt(envelope: string, context: FieldContext): Promise<string> {
    const value = await this.decryptAsync(envelope, context);
    return this.needsReencrypt(envelope) ? this.encrypt(value, context) : envelope;
  }

  /** The blind index of `value` as `dataClass` (null when it normalises to nothing). Stable across key rotations. */
  blindIndex(dataClass: DataClass, value: string): string | null {
    return computeBlindIndex(this.#indexKey, dataClass, value);
  }

  /** Reloads key metadata and unwraps any key this process has not seen (single-flight). */
  refresh(): Promise<void> {
    this.#refreshing ??= this.#load().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /**
   * Creates a new active data key; the previous one becomes decrypt-only, so its values stay
   * readable. Other processes pick the new key up when they meet it in an envelope or on
   * {@link refresh}. Returns the new key id.
   */
  async rotateDataKey(): Promise<string> {
    const key = await this.#newWrappedKey('data', this.#suite);
    await this.#store.rotate(key.stored, this.#clock.now());
    this.#keys.set(key.dataKey.keyId, key.dataKey);
    await this.refresh();
    return key.dataKey.keyId;
  }

  /**
   * Master key rotation: re-wraps every stored key under `newMaster` (default: the configured
   * current master, after the operator moved the old one to DOCKET_MASTER_KEY_PREVIOUS).
   * Ciphertexts are untouched and the unwrapped keys in memory do not change, so nothing stops.
   * Each new wrapping is unwrapped again and compared before anything is written; all rows are
   * updated in one transaction. Returns how many keys were rewrapped.
   */
  async rewrapAll(newMaster: MasterKeyProvider = this.#masters.current): Promise<{ rewrapped: number; masterKeyId: string }> {
    await this.refresh();
    const rows = await this.#store.listKeys();
    const updates = [];
    for (const row of rows) {
      if (row.masterKeyId === newMaster.id) continue;
      const material = this.#keys.get(row.keyId)?.material ?? (await this.#unwrap(row)).material;
      const aad = wrapAad(row);
      const wrappedKey = await newMaster.wrapKey({ suite: row.suite, key: material, aad });
      const check = await newMaster.unwrapKey({ suite: row.suite, wrappedKey, aad });
      if (check.length !== material.length || !timingSafeEqual(check, material)) {
        throw new KeyRingError(`Master key ${newMaster.id} did not round-trip data key ${row.keyId}; nothing was rewrapped`);
      }
      updates.push({ keyId: row.keyId, expectedMasterKeyId: row.masterKeyId, wrappedKey, masterKeyId: newMaster.id });
    }
    if (updates.length > 0) await this.#store.rewrap(updates);
    const old = [this.#masters.current, ...this.#masters.previous].filter((m) => m.id !== newMaster.id);
    this.#masters = { current: newMaster, previous: old };
    await this.refresh();
    return { rewrapped: updates.length, masterKeyId: newMaster.id };
  }

  /** @internal first load: creates the first keys, or rotates when the configured suite changed. */
  async init(): Promise<void> {
    await this.#load();
    let changed = false;
    const activeData = [...this.#info.values()].find((k) => k.purpose === 'data' && k.status === 'active');
    if (!activeData) {
      const key = await this.#newWrappedKey('data', this.#suite);
      await this.#store.insertFirstActive(key.stored, this.#clock.now());
      changed = true;
    } else if (activeData.suite !== this.#suite) {
      const key = await this.#newWrappedKey('data', this.#suite);
      await this.#store.rotate(key.stored, this.#clock.now(), activeData.keyId);
      changed = true;
    }
    if (![...this.#info.values()].some((k) => k.purpose === 'blind-index' && k.status === 'active')) {
      // The index key keeps the suite it was created with: changing it would change every index.
      const key = await this.#newWrappedKey('blind-index', this.#suite);
      await this.#store.insertFirstActive(key.stored, this.#clock.now());
      changed = true;
    }
    if (changed) await this.#load();
  }

  async #newWrappedKey(purpose: KeyPurpose, suite: CipherSuite): Promise<{ stored: NewStoredKey; dataKey: DataKey }> {
    const keyId = newKeyId(purpose, this.#clock.now());
    const dataKey = createDataKey(keyId, suite, randomBytes(KEY_BYTES));
    const master = this.#masters.current;
    const wrappedKey = await master.wrapKey({ suite, key: dataKey.material, aad: wrapAad({ keyId, purpose, suite }) });
    return { stored: { keyId, purpose, suite, wrappedKey, masterKeyId: master.id }, dataKey };
  }

  async #unwrap(row: StoredKey): Promise<DataKey> {
    const master = [this.#masters.current, ...this.#masters.previous].find((m) => m.id === row.masterKeyId);
    if (!master) {
      throw new KeyRingError(
        `Key ${row.keyId} is wrapped by master key ${row.masterKeyId}, which is not configured (configured: ${[this.#masters.current, ...this.#masters.previous]
          .map((m) => m.id)
          .join(', ')}). During a master key rotation set DOCKET_MASTER_KEY_PREVIOUS to the old key.`,
      );
    }
    let material: Buffer;
    try {
      material = await master.unwrapKey({ suite: row.suite, wrappedKey: row.wrappedKey, aad: wrapAad(row) });
    } catch (error) {
      if (error instanceof MasterKeyError || error instanceof FieldCipherError) throw new KeyRingError(`Key ${row.keyId}: ${error.message}`);
      throw error;
    }
    return createDataKey(row.keyId, row.suite, material);
  }

  async #load(): Promise<void> {
    const rows = await this.#store.listKeys();
    const info = new Map<string, KeyInfo>();
    for (const row of rows) {
      if (!this.#keys.has(row.keyId)) this.#keys.set(row.keyId, await this.#unwrap(row));
      const { wrappedKey: _wrapped, ...meta } = row;
      info.set(row.keyId, meta);
    }
    this.#info = info;
    const active = (purpose: KeyPurpose) => rows.find((row) => row.purpose === purpose && row.status === 'active');
    const data = active('data');
    const index = active('blind-index');
    if (data) this.#current = this.#keys.get(data.keyId)!;
    if (index) this.#indexKey = this.#keys.get(index.keyId)!;
  }

  [inspect.custom](): string {
    return `KeyRing { suite: '${this.#suite}', currentKeyId: '${this.#current?.keyId}', keys: ${this.#keys.size}, masterKeyId: '${this.#masters.current.id}' }`;
  }
  toJSON(): unknown {
    return { suite: this.#suite, currentKeyId: this.#current?.keyId, keys: this.keys() };
  }
}

/**
 * Loads the key ring at start: reads `access.data_key` (through `store`), unwraps every key
 * with the configured master key(s) and caches them in memory. On an empty table it creates the
 * first data key and the blind-index key; when `suite` differs from the active data key's, it
 * rotates to a key of the configured suite. Fails fast (KeyRingError) when a stored key is
 * wrapped by a master key that is not configured or does not unwrap.
 */
export async function loadKeyRing(options: KeyRingOptions): Promise<KeyRing> {
  const ring = new KeyRing(options);
  await ring.init();
  return ring;
}
