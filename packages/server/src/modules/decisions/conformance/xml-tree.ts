/**
 * A small XML reader for TCK test files: elements, attributes, text, CDATA, comments and the five
 * predefined entities plus character references. Test files are plain data, so no DTDs; the
 * server package has no general XML parser of its own (dmn-moddle reads models, not test files).
 */

export interface XmlElement {
  /** The local name, without its prefix. */
  name: string;
  /** Attributes by local name (`xsi:nil` → `nil`), and by their qualified name as written. */
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('<', at);
    const textEnd = open === -1 ? source.length : open;
    if (textEnd > at) stack[stack.length - 1]!.text += decodeEntities(source.slice(at, textEnd));
    if (open === -1) break;
    if (source.startsWith('<!--', open)) {
      at = endOf(source, '-->', open);
    } else if (source.startsWith('<![CDATA[', open)) {
      const close = source.indexOf(']]>', open);
      if (close === -1) throw new Error('Unclosed CDATA section');
      stack[stack.length - 1]!.text += source.slice(open + 9, close);
      at = close + 3;
    } else if (source.startsWith('<?', open)) {
      at = endOf(source, '?>', open);
    } else if (source.startsWith('<!', open)) {
      at = endOf(source, '>', open);
    } else if (source.startsWith('</', open)) {
      const close = endOf(source, '>', open);
      const name = localName(source.slice(open + 2, close - 1).trim());
      const element = stack.pop();
      if (!element || element.name !== name || stack.length === 0) throw new Error(`Unexpected closing tag </${name}>`);
      at = close;
    } else {
      const close = tagEnd(source, open);
      let body = source.slice(open + 1, close - 1);
      const selfClosing = body.endsWith('/');
      if (selfClosing) body = body.slice(0, -1);
      const nameMatch = /^[^\s/>]+/.exec(body);
      if (!nameMatch) throw new Error(`Cannot read a tag at ${open}`);
      const element: XmlElement = { name: localName(nameMatch[0]), attributes: {}, children: [], text: '' };
      for (const attribute of body.slice(nameMatch[0].length).matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
        const value = decodeEntities(attribute[3] ?? attribute[4] ?? '');
        element.attributes[attribute[1]!] = value;
        element.attributes[localName(attribute[1]!)] ??= value;
      }
      stack[stack.length - 1]!.children.push(element);
      if (!selfClosing) stack.push(element);
      at = close;
    }
  }
  if (stack.length !== 1) throw new Error(`Unclosed element <${stack[stack.length - 1]!.name}>`);
  const [document] = root.children;
  if (!document) throw new Error('No root element');
  return document;
}

function endOf(source: string, terminator: string, from: number): number {
  const found = source.indexOf(terminator, from);
  if (found === -1) throw new Error(`Unterminated markup at ${from}`);
  return found + terminator.length;
}

/** The end of a start tag, skipping `>` inside quoted attribute values. */
function tagEnd(source: string, from: number): number {
  let quote: string | null = null;
  for (let i = from + 1; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  throw new Error(`Unterminated tag at ${from}`);
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
