import { createHmac } from 'node:crypto';
import { sha256PrefixedText, UnitHasher } from './sha256.ts';

/**
 * The canonical encoding of an audit event (format "docket.audit.event/v1").
 *
 * The values that a reader may be refused — each change's `before` and `after`, and `data` —
 * are *disclosure units*, each committed separately as
 *   digest = SHA-256(unitSalt || UTF-8(canonical JSON of the whole value))
 *   unitSalt = HMAC-SHA256(key = eventSalt, message = UTF-8(JSON pointer of the unit))
 * and the leaf input is the canonical JSON of the event with each unit replaced by its hex
 * digest (everything else in clear), prefixed by the format name. An evidence bundle reveals a
 * unit by giving its salt, or withholds it by giving only its digest: the leaf hash, and so every
 * proof, is the same either way. Salts are per unit so that revealing one value never lets a
 * reader brute-force a withheld low-entropy one (a phone number) of the same event. Only the
 * units cost hashes, which keeps sequencing fast (a few per event, not one per value).
 */
export const EVENT_FORMAT = 'docket.audit.event/v1';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** RFC 8785-style canonical JSON: object keys sorted by UTF-16 code units, no whitespace, ES number form. */
export function canonicalJson(value: Json): string {
  // Hot path of every leaf: loops and string appends rather than map/filter/join.
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite number in canonical JSON');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]!) ?? '';
    }
    return out + ']';
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = value[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + canonicalJson(item);
  }
  return out + '}';
}

/** RFC 6901 JSON pointer segment escaping. */
export const pointerSegment = (key: string | number) => String(key).replaceAll('~', '~0').replaceAll('/', '~1');

export function fieldSalt(eventSalt: Uint8Array, pointer: string): Buffer {
  return createHmac('sha256', eventSalt).update(pointer, 'utf8').digest();
}

export function scalarDigest(salt: Uint8Array, value: Json): string {
  return sha256PrefixedText(salt, canonicalJson(value));
}

/** Visits every scalar of a JSON value with its JSON pointer, in canonical order. */
export function forEachScalar(value: Json, visit: (pointer: string, scalar: Json) => void, pointer = ''): void {
  if (value !== null && typeof value === 'object') {
    if (Array.isArray(value)) for (const [i, item] of value.entries()) forEachScalar(item, visit, `${pointer}/${i}`);
    else for (const key of Object.keys(value).sort()) forEachScalar(value[key]!, visit, `${pointer}/${pointerSegment(key)}`);
    return;
  }
  visit(pointer, value);
}

/** The disclosure units of an event document: `/data` and every `/changes/<i>/before|after`. */
export function disclosureUnits(event: Json): { pointer: string; value: Json }[] {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return [];
  const units: { pointer: string; value: Json }[] = [];
  const changes = event.changes;
  if (Array.isArray(changes)) {
    changes.forEach((change, i) => {
      if (change !== null && typeof change === 'object' && !Array.isArray(change)) {
        for (const side of ['before', 'after'] as const) if (side in change) units.push({ pointer: `/changes/${i}/${side}`, value: change[side]! });
      }
    });
  }
  if ('data' in event) units.push({ pointer: '/data', value: event.data! });
  return units;
}

/** A copy of the event with each unit replaced by `replace(pointer, value)`. */
function replaceUnits(event: Json, replace: (pointer: string, value: Json) => Json): Json {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return event;
  const out: { [key: string]: Json } = { ...event };
  if (Array.isArray(event.changes)) {
    out.changes = event.changes.map((change, i) => {
      if (change === null || typeof change !== 'object' || Array.isArray(change)) return change;
      const copy: { [key: string]: Json } = { ...change };
      for (const side of ['before', 'after'] as const) if (side in change) copy[side] = replace(`/changes/${i}/${side}`, change[side]!);
      return copy;
    });
  }
  if ('data' in event) out.data = replace('/data', event.data!);
  return out;
}

export function leafInputOf(committed: Json): Buffer {
  return Buffer.from(`${EVENT_FORMAT}\n${canonicalJson(committed)}`, 'utf8');
}

/** The leaf input of a complete event known with its event salt (the server's and `audit`'s view). */
export function encodeEvent(event: Json, eventSalt: Uint8Array): Buffer {
  // Same bytes as scalarDigest(fieldSalt(eventSalt, pointer), value), with the HMAC key's pads absorbed once per event.
  const units = new UnitHasher(eventSalt);
  return leafInputOf(replaceUnits(event, (pointer, value) => units.digest(pointer, canonicalJson(value))));
}

/** How a bundle discloses one event: unit salts for what it reveals, digests for what it withholds. */
export interface Disclosure {
  salts: Record<string, string>;
  withheld: Record<string, string>;
}

/** Builds the disclosure of an event, withholding the units `withhold` selects (shown as null). */
export function discloseEvent(event: Json, eventSalt: Uint8Array, withhold: (pointer: string) => boolean): { event: Json; disclosure: Disclosure } {
  const salts: Record<string, string> = {};
  const withheld: Record<string, string> = {};
  const shown = replaceUnits(event, (pointer, value) => {
    const salt = fieldSalt(eventSalt, pointer);
    if (withhold(pointer)) {
      withheld[pointer] = scalarDigest(salt, value);
      return null;
    }
    salts[pointer] = salt.toString('hex');
    return value;
  });
  return { event: shown, disclosure: { salts, withheld } };
}

/**
 * The leaf input of a disclosed event, or a reason why it cannot be rebuilt. A withheld unit
 * must be shown as null; every unit must be either revealed with a salt or withheld with a
 * digest, and nothing else may be listed.
 */
export function leafInputOfDisclosed(event: Json, disclosure: Disclosure): Buffer | string {
  const used = new Set<string>();
  let problem: string | undefined;
  const committed = replaceUnits(event, (pointer, value) => {
    used.add(pointer);
    const digest = disclosure.withheld[pointer];
    if (digest !== undefined) {
      if (value !== null) problem ??= `withheld ${pointer} must be shown as null`;
      if (!/^[0-9a-f]{64}$/.test(String(digest))) problem ??= `malformed digest at ${pointer}`;
      return String(digest);
    }
    const salt = disclosure.salts[pointer];
    if (salt === undefined || !/^[0-9a-f]{64}$/.test(String(salt))) {
      problem ??= `no salt or digest for ${pointer}`;
      return '';
    }
    return scalarDigest(Buffer.from(salt, 'hex'), value);
  });
  for (const pointer of [...Object.keys(disclosure.salts), ...Object.keys(disclosure.withheld)]) {
    if (!used.has(pointer)) problem ??= `${pointer} is listed but not in the event`;
    if (pointer in disclosure.salts && pointer in disclosure.withheld) problem ??= `${pointer} is both revealed and withheld`;
  }
  return problem ?? leafInputOf(committed);
}
