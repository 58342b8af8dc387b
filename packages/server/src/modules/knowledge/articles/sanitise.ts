import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

// An article body reaches every reader's browser and, for customer-facing text, a customer's
// reply: only formatting survives, never a script, an event handler, a style or a frame.
// Images come only from the article's own assets (served with the article's read check), so a
// body cannot make a reader's browser fetch an outside address (tracking pixels, CSRF by GET).

const ASSET_URL = /^\/api\/v1\/knowledge\/assets\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LINK_URL = /^(?:https?:\/\/|mailto:)/i;

const ALLOWED_TAGS = ['h1', 'h2', 'h3', 'h4', 'p', 'br', 'strong', 'em', 'u', 's', 'blockquote', 'code', 'pre', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'img', 'hr'];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'rel'], img: ['src', 'alt'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  // Dropped with their content: what they hold is code or chrome, never article text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template', 'svg', 'math'],
  transformTags: {
    a: (tagName, attribs) => {
      const href = (attribs.href ?? '').trim();
      const keep = LINK_URL.test(href) || ASSET_URL.test(href);
      const kept: sanitizeHtml.Attributes = keep ? { href, rel: 'noopener noreferrer' } : {};
      return { tagName, attribs: kept };
    },
    img: (tagName, attribs) => {
      const src = (attribs.src ?? '').trim();
      const kept: sanitizeHtml.Attributes = ASSET_URL.test(src) ? { src, ...(attribs.alt ? { alt: attribs.alt } : {}) } : {};
      return { tagName, attribs: kept };
    },
  },
  // An image without an asset address is nothing to show.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

/** The body as it is stored and served: the allow-list above, everything else removed. */
export function sanitiseArticleHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

const BLOCK_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'p', 'blockquote', 'pre', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'hr', 'div']);

/**
 * The plain text of a (sanitised) body, for search, suggestions, the diff and a customer reply:
 * each block on its own line, table cells of a row separated by a tab, entities decoded.
 */
export function articlePlainText(html: string): string {
  let out = '';
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'br') out += '\n';
        else if (name === 'td' || name === 'th') {
          if (!out.endsWith('\n') && out !== '') out += '\t';
        } else if (BLOCK_TAGS.has(name)) out += '\n';
      },
      ontext(text) {
        out += text;
      },
      onclosetag(name) {
        if (BLOCK_TAGS.has(name)) out += '\n';
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out
    .split('\n')
    .map((line) => line.replace(/[ \u00a0]+/g, ' ').replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter((line) => line !== '')
    .join('\n')
    .trim();
}

/** Sanitised HTML and its plain text, as a version stores them. */
export function prepareArticleBody(html: string): { html: string; text: string } {
  const clean = sanitiseArticleHtml(html);
  return { html: clean, text: articlePlainText(clean) };
}
