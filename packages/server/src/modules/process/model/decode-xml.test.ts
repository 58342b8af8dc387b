import { describe, expect, it } from 'vitest';
import { decodeXmlBytes } from './decode-xml.ts';

describe('decodeXmlBytes', () => {
  it('reads ISO-8859-1 when the declaration says so', () => {
    const bytes = Uint8Array.from([...Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a name="'), 0xe9, ...Buffer.from('"/>')]);
    expect(decodeXmlBytes(bytes)).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><a name="é"/>');
  });

  it('reads UTF-8 by default and drops a byte-order mark', () => {
    expect(decodeXmlBytes(Buffer.from('<a name="审批"/>'))).toBe('<a name="审批"/>');
    expect(decodeXmlBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<a/>')]))).toBe('<a/>');
  });

  it('reads UTF-16 with a byte-order mark', () => {
    expect(decodeXmlBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a name="审批"/>', 'utf16le')]))).toBe('<a name="审批"/>');
  });

  it('falls back to UTF-8 for an encoding it does not know', () => {
    expect(decodeXmlBytes(Buffer.from('<?xml version="1.0" encoding="x-unknown"?><a/>'))).toBe('<?xml version="1.0" encoding="x-unknown"?><a/>');
  });
});
