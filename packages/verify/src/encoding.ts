import { createHash, createHmac } from 'node:crypto';

/**
 * The canonical encoding of an audit event (format "docket.audit.event/v1").
 *
 * Every scalar of the event (string, number, boolean, null) is committed separately as
 *   digest = SHA-256(fieldSalt || UTF-8(canonical JSON of the value))
 *   fieldSalt = HMAC-SHA256(key = eventSalt, message = UTF-8(JSON pointer of the scalar))
 * and the leaf input is the canonical JSON of the event with each scalar replaced by its
 * hex digest, prefixed by the format name. An evidence bundle reveals a value by giving its
 * field salt, or withholds it by giving only its digest: the leaf hash, and so every proof,
 * is the same either way. Salts are per field so that revealing one value never lets a
 * reader brute-force a withheld low-entropy one (a phone number) with the same salt.
 */
export const EVENT_FORMAT = 'docket.audit.event/v1';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** RFC 8785-style canonical JSON: object keys sorted by UTF-16 code units, no whitespace, ES number form. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in canonical JSON');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
}

/** RFC 6901 JSON pointer segment escaping. */
export const pointerSegment = (key: string | number) => String(key).replaceAll('~', '~0').replaceAll('/', '~1');

export function fieldSalt(eventSalt: Uint8Array, pointer: string): Buffer {
  return createHmac('sha256', eventSalt).update(pointer, 'utf8').digest();
}

export function scalarDigest(salt: Uint8Array, value: Json): string {
  return createHash('sha256').update(salt).update(canonicalJson(value), 'utf8').digest('hex');
}

/** Visits every scalar of a JSON value with its JSON pointer, in canonical order. */
export function forEachScalar(value: Json, visit: (pointer: string, scalar: Json) => void, pointer = ''): void {
  if (value !== null && typeof value === 'object') {
    if (Array.isArray(value)) value.forEach((item, i) => forEachScalar(item, visit, `${pointer}/${i}`));
    else for (const key of Object.keys(value).sort()) forEachScalar(value[key]!, visit, `${pointer}/${pointerSegment(key)}`);
    return;
  }
  visit(pointer, value);
}

/** The event's structure with every scalar replaced by `digestOf(pointer, value)`. */
export function commitStructure(value: Json, digestOf: (pointer: string, scalar: Json) => string, pointer = ''): Json {
  if (value !== null && typeof value === 'object') {
    if (Array.isArray(value)) return value.map((item, i) => commitStructure(item, digestOf, `${pointer}/${i}`));
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) out[key] = commitStructure(value[key]!, digestOf, `${pointer}/${pointerSegment(key)}`);
    return out;
  }
  return digestOf(pointer, value);
}

export function leafInputOf(committed: Json): Buffer {
  return Buffer.from(`${EVENT_FORMAT}\n${canonicalJson(committed)}`, 'utf8');
}

/** The leaf input of a complete event known with its event salt (the server's and `audit`'s view). */
export function encodeEvent(event: Json, eventSalt: Uint8Array): Buffer {
  return leafInputOf(commitStructure(event, (pointer, scalar) => scalarDigest(fieldSalt(eventSalt, pointer), scalar)));
}

/** How a bundle discloses one event: field salts for what it reveals, digests for what it withholds. */
export interface Disclosure {
  salts: Record<string, string>;
  withheld: Record<string, string>;
}

/** Builds the disclosure of an event, withholding the scalars `withhold` selects. */
export function discloseEvent(event: Json, eventSalt: Uint8Array, withhold: (pointer: string) => boolean): { event: Json; disclosure: Disclosure } {
  const salts: Record<string, string> = {};
  const withheld: Record<string, string> = {};
  const masked = maskScalars(event, (pointer, scalar) => {
    const salt = fieldSalt(eventSalt, pointer);
    if (withhold(pointer)) {
      withheld[pointer] = scalarDigest(salt, scalar);
      return null;
    }
    salts[pointer] = salt.toString('hex');
    return scalar;
  });
  return { event: masked, disclosure: { salts, withheld } };
}

function maskScalars(value: Json, map: (pointer: string, scalar: Json) => Json, pointer = ''): Json {
  if (value !== null && typeof value === 'object') {
    if (Array.isArray(value)) return value.map((item, i) => maskScalars(item, map, `${pointer}/${i}`));
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value)) out[key] = maskScalars(value[key]!, map, `${pointer}/${pointerSegment(key)}`);
    return out;
  }
  return map(pointer, value);
}

/**
 * The leaf input of a disclosed event, or a reason why it cannot be rebuilt. A withheld
 * scalar's shown value is ignored (masked values are shown as null); every scalar must be
 * either revealed with a salt or withheld with a digest, and nothing else may be listed.
 */
export function leafInputOfDisclosed(event: Json, disclosure: Disclosure): Buffer | string {
  const used = new Set<string>();
  let problem: string | undefined;
  const committed = commitStructure(event, (pointer, scalar) => {
    used.add(pointer);
    const digest = disclosure.withheld[pointer];
    if (digest !== undefined) return /^[0-9a-f]{64}$/.test(digest) ? digest : ((problem ??= `malformed digest at ${pointer}`), '');
    const salt = disclosure.salts[pointer];
    if (salt === undefined || !/^[0-9a-f]{64}$/.test(salt)) {
      problem ??= `no salt or digest for ${pointer || '(root)'}`;
      return '';
    }
    return scalarDigest(Buffer.from(salt, 'hex'), scalar);
  });
  for (const pointer of [...Object.keys(disclosure.salts), ...Object.keys(disclosure.withheld)]) {
    if (!used.has(pointer)) problem ??= `${pointer} is listed but not in the event`;
  }
  return problem ?? leafInputOf(committed);
}
