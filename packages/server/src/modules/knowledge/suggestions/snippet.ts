// A passage of an article around the words it shares with the case: HTML-escaped, the words
// wrapped in <mark>, as search shows its hits. Computed in Node for the few suggestions shown.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The passage (about `width` characters) around the first of `words` in `text`, marked and escaped. Pure. */
export function markedSnippet(text: string, words: readonly string[], width = 120): string {
  const usable = [...new Set(words.filter((w) => w.trim() !== ''))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return escapeHtml(text.slice(0, width));
  const pattern = new RegExp(usable.map(escapeRegExp).join('|'), 'gi');
  const first = pattern.exec(text);
  pattern.lastIndex = 0;
  const start = first ? Math.max(0, first.index - Math.floor(width / 3)) : 0;
  const end = Math.min(text.length, start + width);
  const passage = text.slice(start, end);
  let out = start > 0 ? '…' : '';
  let at = 0;
  for (const m of passage.matchAll(pattern)) {
    out += `${escapeHtml(passage.slice(at, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    at = m.index + m[0].length;
  }
  return out + escapeHtml(passage.slice(at)) + (end < text.length ? '…' : '');
}
