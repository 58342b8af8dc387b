import { RE2JS } from 're2js';

// A case type's field `pattern` is written by an administrator and run against every value a
// user types. JavaScript's backtracking engine takes exponential time on patterns such as
// `(a+)+b` (one 32-character value blocked the server for 6.8 s), so the server evaluates
// patterns with RE2's linear-time automaton (re2js, a pure JavaScript port: no native build).
// The console still checks the same pattern with the browser's RegExp as the user types, so a
// pattern must compile in both; see docs/decisions/0003-form-patterns-on-re2.md.

/** Longer patterns are refused at save: no form rule needs more, and compile time grows with it. */
export const MAX_PATTERN_LENGTH = 1_000;
const CACHE_LIMIT = 1_000;

export interface CompiledPattern {
  /** True when the whole value matches (the pattern is anchored at both ends, as form-js does). */
  matches(value: string): boolean;
}

const cache = new Map<string, CompiledPattern | string>();

/**
 * JavaScript writes a code unit as \uXXXX (or \u{X…} with the u flag); RE2 writes it \x{XXXX}.
 * Patterns of Chinese text (`[\u4e00-\u9fa5]+`) are common, so they are translated, minding
 * escaped backslashes (`\\u4e00` is a backslash followed by "u4e00").
 */
export function toRe2Syntax(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const rest = pattern.slice(i + 1);
    const braced = /^u\{([0-9a-fA-F]{1,6})\}/.exec(rest);
    const plain = /^u([0-9a-fA-F]{4})/.exec(rest);
    const hex = braced ?? plain;
    if (hex) {
      out += `\\x{${hex[1]}}`;
      i += hex[0].length;
    } else {
      out += ch + (pattern[i + 1] ?? '');
      i += 1;
    }
  }
  return out;
}

function compile(pattern: string): CompiledPattern | string {
  if (pattern.length > MAX_PATTERN_LENGTH) return `must be at most ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern);
  } catch {
    return 'is not a valid regular expression';
  }
  try {
    const re = RE2JS.compile(`^(?:${toRe2Syntax(pattern)})$`);
    return { matches: (value) => re.matches(value) };
  } catch (error) {
    // RE2 has no backreferences or lookaround: those are what make matching exponential.
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return `is not supported by the linear-time pattern engine (RE2): ${reason}`;
  }
}

/** The compiled pattern, or why it cannot be used. Compiled once per distinct pattern. */
export function compileFormPattern(pattern: string): CompiledPattern | string {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    compiled = compile(pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}
