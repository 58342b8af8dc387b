import { fileTypeFromBuffer } from 'file-type';

// What an article may carry and how it is served. The type is what the bytes are (file-type's
// sniffing), never what the browser declared: a script renamed photo.png is refused.

export const MAX_ASSET_BYTES = 10 * 1024 * 1024;

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/plain': 'txt',
};

export const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

// The start of an HTML document as browsers (and old sniffers that ignore nosniff) detect it: a
// PDF or image whose first kilobyte also reads as HTML is a polyglot, a script in a reader's session.
const HTML_MARKERS = /<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|iframe[\s>]|svg[\s>]|object[\s>]|embed[\s>]|meta[\s>])/i;

/** The content type the bytes are, or why they are refused. */
export async function sniffAssetType(content: Buffer): Promise<{ contentType: string } | { refused: string }> {
  if (content.length === 0) return { refused: 'the file is empty' };
  const sniffed = await fileTypeFromBuffer(content);
  if (sniffed) {
    if (!EXTENSIONS[sniffed.mime] || sniffed.mime === 'text/plain') return { refused: `${sniffed.mime} files are not accepted (images, PDF, Word, Excel and plain text are)` };
    if (HTML_MARKERS.test(content.subarray(0, 1024).toString('latin1'))) return { refused: `the content also reads as HTML, which is not accepted in a ${sniffed.mime} file` };
    return { contentType: sniffed.mime };
  }
  // No signature: only UTF-8 text without NUL bytes is accepted, and it is served as text.
  if (content.includes(0)) return { refused: 'the content is not a recognisable file type' };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return { refused: 'the content is not a recognisable file type (text must be UTF-8)' };
  }
  return { contentType: 'text/plain' };
}

// Bidirectional and other invisible format characters make a name read other than it is
// ("invoice\u202Efdp.exe"); separators would place a saved download elsewhere.
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/gu;

/** The stored name: visible characters only, at most 200, ending with the extension of the sniffed type. */
export function assetFileName(raw: string, contentType: string): string {
  const extension = EXTENSIONS[contentType] ?? 'bin';
  let name = raw
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/[\\/]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (!name.toLowerCase().endsWith(`.${extension}`) && !(extension === 'jpg' && /\.jpe?g$/i.test(name))) name = `${name || 'file'}.${extension}`;
  const chars = [...name];
  return chars.length > 200 ? chars.slice(chars.length - 200).join('') : name;
}

// RFC 8187 §3.2.1 attr-chars: encodeURIComponent leaves ' ( ) * as they are, which are not.
const encodeRfc8187 = (value: string) => encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** RFC 6266: images inline (they appear in the article), everything else as a download. */
export function assetContentDisposition(fileName: string, contentType: string): string {
  return `${IMAGE_TYPES.has(contentType) ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}

export function servingContentType(contentType: string): string {
  return contentType === 'text/plain' ? 'text/plain; charset=utf-8' : contentType;
}
