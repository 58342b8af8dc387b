import { DmnModdle } from 'dmn-moddle';
import type { DmnDefinitions } from './dmn-elements.ts';
import { dmnPackageWithDmn15Expressions } from './dmn15-expressions.ts';

/**
 * Reading DMN XML. dmn-moddle knows DMN 1.3 only; DMN 1.2, 1.4 and 1.5 files differ from 1.3 in
 * their namespace URIs and in elements Docket does not evaluate, so their MODEL and DMNDI
 * namespaces are rewritten to 1.3's before parsing (docs/designers/decisions.md). DMN 1.1 (what
 * Camunda 7 modellers saved for years) reads the same way: the elements Docket evaluates kept
 * their names and shapes from 1.1 to 1.3. The DI and DC
 * namespaces (20180521) are shared by 1.2–1.5; FEEL's URI in expressionLanguage is left alone.
 */

const DMN_13_MODEL = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const DMN_13_DMNDI = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';

export const REWRITTEN_NAMESPACES: ReadonlyArray<readonly [from: string, to: string, version: string]> = [
  ['http://www.omg.org/spec/DMN/20151101/dmn.xsd', DMN_13_MODEL, 'DMN 1.1'],
  ['http://www.omg.org/spec/DMN/20180521/MODEL/', DMN_13_MODEL, 'DMN 1.2'],
  ['http://www.omg.org/spec/DMN/20180521/DMNDI/', DMN_13_DMNDI, 'DMN 1.2'],
  ['https://www.omg.org/spec/DMN/20211108/MODEL/', DMN_13_MODEL, 'DMN 1.4'],
  ['https://www.omg.org/spec/DMN/20211108/DMNDI/', DMN_13_DMNDI, 'DMN 1.4'],
  ['https://www.omg.org/spec/DMN/20230324/MODEL/', DMN_13_MODEL, 'DMN 1.5'],
  ['https://www.omg.org/spec/DMN/20230324/DMNDI/', DMN_13_DMNDI, 'DMN 1.5'],
];

export class DmnNotReadableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DmnNotReadableError';
  }
}

/** Only quoted namespace URIs are replaced, so a URI in a text or a comment stays as written. */
export function rewriteDmnNamespaces(xml: string): string {
  let rewritten = xml;
  for (const [from, to] of REWRITTEN_NAMESPACES) rewritten = rewritten.replaceAll(`"${from}"`, `"${to}"`).replaceAll(`'${from}'`, `'${to}'`);
  return rewritten;
}

export interface ReadDmn {
  definitions: DmnDefinitions;
  /** dmn-moddle's warnings (unknown elements and attributes, unresolved references). */
  warnings: string[];
}

const moddle = new DmnModdle({ dmn: dmnPackageWithDmn15Expressions });

export async function readDmn(xml: string): Promise<ReadDmn> {
  if (typeof xml !== 'string' || xml.trim() === '') throw new DmnNotReadableError('The body is empty, not DMN XML');
  if (!xml.includes(DMN_13_MODEL) && !REWRITTEN_NAMESPACES.some(([from]) => xml.includes(from))) {
    throw new DmnNotReadableError(
      xml.includes('http://www.omg.org/spec/DMN/20151101/') ? 'DMN 1.1 is not supported: save the model as DMN 1.3 (or 1.2, 1.4, 1.5)' : 'This is not DMN: no DMN 1.2–1.5 MODEL namespace is declared',
    );
  }
  let parsed: { rootElement: unknown; warnings: Array<{ message: string }> };
  try {
    parsed = (await moddle.fromXML(rewriteDmnNamespaces(xml), 'dmn:Definitions')) as typeof parsed;
  } catch (error) {
    throw new DmnNotReadableError(`The DMN XML cannot be read: ${(error as Error).message}`);
  }
  const definitions = parsed.rootElement as DmnDefinitions | undefined;
  if (definitions?.$type !== 'dmn:Definitions') throw new DmnNotReadableError('The root element is not dmn:definitions');
  return { definitions, warnings: parsed.warnings.map((warning) => warning.message) };
}
