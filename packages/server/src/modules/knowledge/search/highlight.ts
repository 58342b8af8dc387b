// Highlights for the page of results only (never for every match): the title and a passage of
// the body around the densest cluster of matched words, HTML-escaped, the words in <mark>. Pure.
// Done here rather than with ts_headline because ts_headline re-parses each whole body on the
// database and cuts on its own token boundaries, which for unspaced Chinese are whole sentences.

export const SNIPPET_LENGTH = 120;
/** Matches looked at per text: enough to find the densest passage, bounded for a 500 KB body. */
const MAX_MATCHES = 400;

interface Match {
  start: number;
  end: number;
  text: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const LATIN_WORD_CHAR = /[a-z0-9]/i;
const isLatin = (text: string) => /^[a-z0-9][a-z0-9._-]*$/i.test(text);

/** Lower-cases code unit by code unit, so positions in the result are positions in the text. */
function lowerInPlace(text: string): string {
  let out = '';
  for (const c of text) {
    const lower = c.toLowerCase();
    out += lower.length === c.length ? lower : c;
  }
  return out;
}

/** Where the texts occur, longest first at a position, not overlapping; Latin words only as whole words. */
export function findMatches(text: string, texts: readonly string[]): Match[] {
  const haystack = lowerInPlace(text);
  const needles = [...new Set(texts.map((t) => t.toLowerCase()).filter((t) => t !== ''))].sort((a, b) => b.length - a.length);
  const found: Match[] = [];
  for (const needle of needles) {
    const latin = isLatin(needle);
    let from = 0;
    let count = 0;
    while (count < MAX_MATCHES) {
      const at = haystack.indexOf(needle, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + needle.length;
      if (latin && ((at > 0 && LATIN_WORD_CHAR.test(haystack[at - 1]!)) || (end < haystack.length && LATIN_WORD_CHAR.test(haystack[end]!)))) continue;
      found.push({ start: at, end, text: needle });
      count++;
    }
  }
  // Longest first at each position, then drop what overlaps an earlier kept match.
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Match[] = [];
  for (const m of found) if (kept.length === 0 || m.start >= kept[kept.length - 1]!.end) kept.push(m);
  return kept;
}

/** The slice [from, to) of text, escaped, with the matches inside it marked. */
function markSlice(text: string, matches: readonly Match[], from: number, to: number): string {
  let out = '';
  let at = from;
  for (const m of matches) {
    if (m.end <= from || m.start >= to) continue;
    const start = Math.max(m.start, from);
    const end = Math.min(m.end, to);
    out += escapeHtml(text.slice(at, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>';
    at = end;
  }
  return out + escapeHtml(text.slice(at, to));
}

/** The title, escaped, matched words marked. */
export function highlightTitle(title: string, texts: readonly string[]): string {
  return markSlice(title, findMatches(title, texts), 0, title.length);
}

/**
 * A passage of about SNIPPET_LENGTH characters where the most different matched words are
 * closest together (then the most matches), escaped and marked; the beginning when nothing matches.
 */
export function highlightSnippet(body: string, texts: readonly string[], length = SNIPPET_LENGTH): string {
  const text = body.replace(/\s+/g, ' ').trim();
  const matches = findMatches(text, texts);
  let from = 0;
  if (matches.length > 0) {
    let best = { distinct: -1, count: -1, start: 0 };
    for (let i = 0; i < matches.length; i++) {
      const windowEnd = matches[i]!.start + length;
      const inside = new Set<string>();
      let count = 0;
      for (let j = i; j < matches.length && matches[j]!.end <= windowEnd; j++) {
        inside.add(matches[j]!.text);
        count++;
      }
      if (inside.size > best.distinct || (inside.size === best.distinct && count > best.count)) best = { distinct: inside.size, count, start: matches[i]!.start };
    }
    // A little of what comes before the first match, so the passage reads as a sentence.
    from = Math.max(0, Math.min(best.start - Math.floor(length / 6), text.length - length));
  }
  // Never cut between the two halves of a character outside the BMP (an emoji, a rare 汉字).
  const isLowSurrogate = (at: number) => at > 0 && at < text.length && /[\udc00-\udfff]/.test(text[at]!);
  if (isLowSurrogate(from)) from--;
  let to = Math.min(text.length, from + length);
  if (isLowSurrogate(to)) to++;
  return (from > 0 ? '…' : '') + markSlice(text, matches, from, to) + (to < text.length ? '…' : '');
}
