import { Fragment } from 'react';

export interface SnippetPart {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(escaped: string): string {
  return escaped.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The server's snippet (HTML-escaped text with <mark> around matched words) as text and marked
 * parts. React renders them as text, so only <mark> ever becomes an element: a snippet the server
 * failed to escape would show its tags as characters, not run them.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const pattern = /<mark>([\s\S]*?)<\/mark>/gi;
  let at = 0;
  for (let match = pattern.exec(snippet); match; match = pattern.exec(snippet)) {
    if (match.index > at) parts.push({ text: decodeEntities(snippet.slice(at, match.index)), marked: false });
    parts.push({ text: decodeEntities(match[1]!), marked: true });
    at = match.index + match[0].length;
  }
  if (at < snippet.length) parts.push({ text: decodeEntities(snippet.slice(at)), marked: false });
  return parts;
}

/** The marked text as plain text (the marks dropped, entities read back): for labels. */
export function markedText(snippet: string): string {
  return snippetParts(snippet)
    .map((part) => part.text)
    .join('');
}

/** A search or suggestion highlight: the server's escaped text with <mark> around the matched words. */
export function MarkedSnippet({ snippet }: { snippet: string }) {
  return (
    <>
      {snippetParts(snippet).map((part, index) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one snippet have no identity but their place
        part.marked ? <mark key={index}>{part.text}</mark> : <Fragment key={index}>{part.text}</Fragment>,
      )}
    </>
  );
}
