// Search highlights arrive as HTML: the server escapes the text and wraps matched words in
// <mark></mark>. The console renders them as HTML for those two fields only, and escapes once more
// any angle bracket that is not a bare <mark> or </mark>, so a server slip can never become markup.

const MARK_TAG = /<\/?mark>/g;

function escapeAngles(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The highlight HTML with nothing but <mark> left as markup; the server's own escapes kept as they are. */
export function safeHighlightHtml(html: string): string {
  let result = '';
  let at = 0;
  let open = 0;
  for (const match of html.matchAll(MARK_TAG)) {
    result += escapeAngles(html.slice(at, match.index));
    const closing = match[0] === '</mark>';
    // An unbalanced closing tag is dropped rather than closing an element it did not open.
    if (closing && open > 0) {
      result += '</mark>';
      open -= 1;
    } else if (!closing) {
      result += '<mark>';
      open += 1;
    }
    at = match.index + match[0].length;
  }
  result += escapeAngles(html.slice(at));
  return result + '</mark>'.repeat(open);
}

/** The highlight as plain text (the marked words unmarked, the server's escapes read back), for labels. */
export function highlightText(html: string): string {
  return html
    .replace(MARK_TAG, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
