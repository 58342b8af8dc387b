import { MarkedSnippet } from './marked-snippet.tsx';

/**
 * A search highlight (title or snippet), rendered as text with <mark> elements, never as HTML:
 * the same reading of the server's highlights as the case panel's suggestions.
 */
export function Highlighted({ html, testId }: { html: string; testId?: string }) {
  return (
    <span className="docket-highlight" data-testid={testId}>
      <MarkedSnippet snippet={html} />
    </span>
  );
}
