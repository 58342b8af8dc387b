import { safeHighlightHtml } from './highlight-html.ts';

/**
 * A search highlight (title or snippet): the server's escaped text with <mark> around the matched
 * words. The only place the knowledge console sets HTML from a search answer.
 */
export function Highlighted({ html, testId }: { html: string; testId?: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: escaped by the server and re-escaped but for <mark> (highlight-html.ts)
  return <span className="docket-highlight" data-testid={testId} dangerouslySetInnerHTML={{ __html: safeHighlightHtml(html) }} />;
}
