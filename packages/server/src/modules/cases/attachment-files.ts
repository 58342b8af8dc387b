// File names and bytes of attachments as they are stored and served: a name is shown to every
// reader of the case and saved to their disk, and the bytes reach their browser.

/** Extensions a name may end with for each accepted type; the first is added when the name has none of them. */
const EXTENSIONS: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/tiff': ['tif', 'tiff'],
  'application/zip': ['zip'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
  'application/x-cfb': ['msg', 'doc', 'xls', 'ppt'],
  'text/plain': ['txt', 'text', 'log'],
  'text/csv': ['csv'],
  'message/rfc822': ['eml'],
  'application/json': ['json'],
};

/**
 * Types a browser shows without running anything: served as they are. Everything else is served
 * as application/octet-stream, so that no stored type can make a download render as a page.
 */
const INERT_TYPES: Record<string, string> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'text/plain': 'text/plain; charset=utf-8',
  'text/csv': 'text/csv; charset=utf-8',
};

export const MAX_FILE_NAME_LENGTH = 200;

// Bidirectional controls (U+202A–U+202E, U+2066–U+2069, marks) and every other format character
// (\p{Cf}: zero-width joiners and spaces, the BOM, soft hyphens) make a name read other than it
// is: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf". Control characters (\p{Cc}) and line
// separators break headers and listings.
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Path separators: a saved download lands in the folder it is saved to, under this name.
const RESERVED = /[\\/]/g;

function splitExtension(name: string): { base: string; extension: string } {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? { base: name.slice(0, dot).trim(), extension: name.slice(dot + 1).trim() } : { base: name, extension: '' };
}

/**
 * The name an attachment is stored and served under: NFC, without invisible, control or
 * reserved characters, at most MAX_FILE_NAME_LENGTH characters, and ending with an extension
 * of its (verified) type, e.g. `report.exe` of a PDF becomes `report.exe.pdf`.
 */
export function normaliseFileName(raw: string, contentType: string): string {
  let name = raw
    .replace(LONE_SURROGATE, '\ufffd')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .trim()
    // Leading dots hide a file on Unix; trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const allowed = EXTENSIONS[contentType] ?? [];
  let { base, extension } = splitExtension(name);
  if (!base) base = 'file';
  if (!allowed.includes(extension.toLowerCase())) {
    base = name || 'file';
    extension = allowed[0] ?? 'bin';
  }
  const room = MAX_FILE_NAME_LENGTH - extension.length - 1;
  const chars = [...base];
  if (chars.length > room) base = chars.slice(0, room).join('').trim();
  name = `${base}.${extension}`;
  return name;
}

/** The Content-Type a download is served with: never one a browser would render as a page. */
export function servingContentType(contentType: string): string {
  return INERT_TYPES[contentType] ?? 'application/octet-stream';
}

// RFC 8187 §3.2.1 attr-chars: encodeURIComponent leaves ' ( ) * as they are, which are not.
const encodeRfc8187 = (value: string) => encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * RFC 6266 `attachment` with the name as `filename*` (UTF-8, RFC 8187), which every browser
 * Docket supports reads; no plain `filename`, whose ASCII stand-in would mangle Chinese names.
 */
export function contentDisposition(fileName: string): string {
  return `attachment; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}

// The start of an HTML document as browsers (and old sniffers that ignore nosniff) detect it.
const HTML_MARKERS = /<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|iframe[\s>]|svg[\s>]|object[\s>]|embed[\s>]|meta[\s>])/i;
const SNIFF_BYTES = 1024;

/**
 * A binary file whose first kilobyte also reads as HTML is a polyglot: valid as a PDF or an
 * image and, served or sniffed as a page, a script in the reader's session. Text types may
 * contain markup (an e-mail, a CSV of web snippets): they are always served as text or bytes.
 */
export function polyglotProblem(contentType: string, content: Buffer): string | undefined {
  if (contentType.startsWith('text/') || contentType === 'message/rfc822' || contentType === 'application/json') return undefined;
  const head = content.subarray(0, SNIFF_BYTES).toString('latin1');
  return HTML_MARKERS.test(head) ? `the content also reads as HTML, which is not accepted in a ${contentType} file` : undefined;
}
