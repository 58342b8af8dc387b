import { createRequire } from 'node:module';
import type { ZxcvbnFactory as ZxcvbnFactoryType, ZxcvbnResult } from '@zxcvbn-ts/core';
import type { FieldError } from '../../platform/http/problem.ts';

// NIST SP 800-63B §5.1.1.2: a length floor, no composition rules, and refusal of values known to
// be commonly used, expected or compromised: breached-list passwords, keyboard walks and
// sequences, and context-specific words such as the name of the service and the username.
// Length is counted in code points, so 中文 passphrases are measured as the user sees them.
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** The service's own name: the first word an attacker tries against it (NIST's "context-specific words"). */
export const PRODUCT_NAMES = ['docket'];

// The word list and the estimator come from zxcvbn-ts (MIT licence, Dropbox's zxcvbn ported,
// npm @zxcvbn-ts/core and @zxcvbn-ts/language-common, dependencies of this package): its
// `passwords-common` list holds the ~49,000 most frequent passwords of public breach corpora, and
// `adjacencyGraphs` the QWERTY/QWERTZ/AZERTY/Dvorak/keypad layouts that find keyboard walks.
// Loaded on the first password set, not at start: the dictionaries take a moment to build. One
// check costs tens of milliseconds of CPU, paid only when a password is set.
interface Estimator {
  check(password: string, userInputs: string[]): ZxcvbnResult;
  commonPasswords: Set<string>;
  /** Per layout (QWERTY, QWERTZ, AZERTY, Dvorak, keypads): each key's neighbours, shifted or not. */
  neighbours: Map<string, Set<string>>[];
}
let estimator: Estimator | undefined;
function loadEstimator(): Estimator {
  if (estimator) return estimator;
  const require = createRequire(import.meta.url);
  const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as { ZxcvbnFactory: typeof ZxcvbnFactoryType };
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  // maxLength: the estimate's cost grows with length; anything longer than this is a passphrase.
  const factory = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs, maxLength: 64 });
  const list = common.dictionary['passwords-common'] as unknown as string[];
  const neighbours = Object.values(common.adjacencyGraphs as Record<string, Record<string, (string | null)[]>>).map((graph) => {
    const map = new Map<string, Set<string>>();
    for (const [key, adjacent] of Object.entries(graph)) {
      const near = new Set<string>();
      for (const keyCap of adjacent) for (const c of keyCap ?? '') near.add(c.toLowerCase());
      for (const c of key) map.set(c.toLowerCase(), near);
    }
    return map;
  });
  estimator = { check: (password, userInputs) => factory.check(password, userInputs), commonPasswords: new Set(list.map((p) => p.toLowerCase())), neighbours };
  return estimator;
}

/**
 * zxcvbn's guesses needed, log10. Below 10^8 a password falls to an online attack that gets past
 * the rate limits over months, or to an offline one against a stolen hash within hours
 * (zxcvbn's scores 0–2); 3 and 4 are accepted.
 */
const MIN_GUESSES_LOG10 = 8;

const REASON_COMMON = 'is too common; choose a longer passphrase';
const REASON_KEYBOARD = 'is a keyboard pattern, sequence or repetition; choose a longer passphrase';
const REASON_PRODUCT = 'must not contain the product name';
const REASON_GUESSABLE = 'is too easy to guess; choose a longer passphrase of unrelated words';

/** Every reason the password is refused; empty when it is acceptable. `field` is always `password`. */
export function checkPasswordPolicy(password: string, context: { username: string }): FieldError[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return [{ field: 'password', reason: `must be at least ${PASSWORD_MIN_LENGTH} characters` }];
  if (length > PASSWORD_MAX_LENGTH) return [{ field: 'password', reason: `must be at most ${PASSWORD_MAX_LENGTH} characters` }];

  const reasons: string[] = [];
  const lowered = password.toLowerCase();
  const username = context.username.toLowerCase();
  if (username.length > 0 && (lowered === username || (username.length >= 4 && lowered.includes(username)))) reasons.push('must not contain the username');
  if (PRODUCT_NAMES.some((name) => unleet(lowered).includes(name))) reasons.push(REASON_PRODUCT);

  const { check, commonPasswords, neighbours } = loadEstimator();
  if (isKeyboardWalk(lowered, neighbours)) reasons.push(REASON_KEYBOARD);
  // A listed password with digits or symbols around it (`qwertyuiop12`, `!password2026`) is that password.
  if (commonPasswords.has(lowered) || commonPasswords.has(lowered.replace(/^[\d\W_]+|[\d\W_]+$/gu, '')) || isOneRepeatedCharacter(password)) reasons.push(REASON_COMMON);
  // One clear reason is enough: the estimate below would only restate the ones above.
  if (reasons.length > 0) return reasons.map((reason) => ({ field: 'password', reason }));

  const userInputs = [username, ...username.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length >= 3), ...PRODUCT_NAMES];
  const result = check(password, userInputs);
  if (result.guessesLog10 < MIN_GUESSES_LOG10) {
    const walked = result.sequence.filter((m) => m.pattern === 'spatial' || m.pattern === 'sequence' || m.pattern === 'repeat').reduce((n, m) => n + m.token.length, 0);
    const listed = result.sequence.some((m) => m.pattern === 'dictionary' && m.dictionaryName === 'passwords-common');
    const reason = walked * 2 >= password.length ? REASON_KEYBOARD : listed ? REASON_COMMON : REASON_GUESSABLE;
    return [{ field: 'password', reason }];
  }
  return [];
}

/**
 * Most steps from one character to the next go to a neighbouring key (on any one layout), the
 * next letter or digit, or the same key: `zaqxswcdevfr`, `ytrewqasdfgh2026`. zxcvbn finds the
 * straight runs; a zig-zag across rows slips between its matches. Words typed as words step to a
 * neighbour about a third of the time.
 */
const WALK_SHARE = 0.7;
function isKeyboardWalk(lowered: string, layouts: Map<string, Set<string>>[]): boolean {
  const chars = [...lowered];
  return layouts.some((layout) => {
    let steps = 0;
    for (let i = 1; i < chars.length; i++) {
      const [a, b] = [chars[i - 1]!, chars[i]!];
      const near = a === b || Math.abs(a.codePointAt(0)! - b.codePointAt(0)!) === 1 || layout.get(a)?.has(b) === true;
      if (near) steps++;
    }
    return steps >= WALK_SHARE * (chars.length - 1);
  });
}

// Common substitutions, so `d0cket` and `D0Ck3t` are the product name too.
function unleet(text: string): string {
  return text.replace(/[0134578@$!|]/g, (c) => ({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l' })[c] ?? c);
}

function isOneRepeatedCharacter(password: string): boolean {
  const chars = [...password];
  return chars.length > 0 && chars.every((c) => c === chars[0]);
}
