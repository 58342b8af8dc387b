import { feelDateFrom, feelDateTimeFrom, feelDurationFrom, feelTimeFrom } from '../../../platform/feel/index.ts';
import { childNamed, childrenNamed, parseXml, type XmlElement } from './xml-tree.ts';

/**
 * DMN TCK test files (testCases.xsd, namespace http://www.omg.org/spec/DMN/20160719/testcase):
 * each test case gives input node values and the expected value of result nodes. A value is a
 * typed `<value xsi:type=…>`, a `<list>` of `<item>`s, `<component name=…>`s of a context, or
 * null (`xsi:nil="true"`, or nothing).
 */

/**
 * A `<value>` without xsi:type (older TCK files): its type comes from the model (the input's
 * typeRef) or, for an expected value, from the value the engine gave.
 */
export class UntypedValue {
  constructor(readonly text: string) {}
}

export interface TckResultNode {
  name: string;
  type: string;
  errorResult: boolean;
  expected: unknown;
}

export interface TckTestCase {
  id: string;
  /** `decision` (the default), `bkm` or `decisionService`. */
  type: string;
  invocableName?: string;
  inputs: Record<string, unknown>;
  results: TckResultNode[];
}

export interface TckTestFile {
  modelName: string | null;
  testCases: TckTestCase[];
}

export function parseTckTestFile(xml: string): TckTestFile {
  const root = parseXml(xml);
  if (root.name !== 'testCases') throw new Error(`Not a TCK test file: the root element is <${root.name}>`);
  const modelName = childNamed(root, 'modelName')?.text.trim() || null;
  const testCases = childrenNamed(root, 'testCase').map((testCase, index): TckTestCase => {
    const inputs: Record<string, unknown> = {};
    for (const input of childrenNamed(testCase, 'inputNode')) inputs[input.attributes.name ?? ''] = tckValueOf(input);
    return {
      id: testCase.attributes.id ?? String(index + 1),
      type: testCase.attributes.type ?? 'decision',
      ...(testCase.attributes.invocableName ? { invocableName: testCase.attributes.invocableName } : {}),
      inputs,
      results: childrenNamed(testCase, 'resultNode').map((node) => {
        const expected = childNamed(node, 'expected');
        return {
          name: node.attributes.name ?? '',
          type: node.attributes.type ?? 'decision',
          errorResult: node.attributes.errorResult === 'true',
          expected: expected ? tckValueOf(expected) : null,
        };
      }),
    };
  });
  return { modelName, testCases };
}

/** The FEEL value a valueType element stands for. */
export function tckValueOf(node: XmlElement): unknown {
  if (node.attributes.nil === 'true') return null;
  const value = childNamed(node, 'value');
  if (value) return typedValue(value);
  const list = childNamed(node, 'list');
  if (list) return list.attributes.nil === 'true' ? null : childrenNamed(list, 'item').map(tckValueOf);
  const components = childrenNamed(node, 'component');
  if (components.length > 0) return Object.fromEntries(components.map((component) => [component.attributes.name ?? '', tckValueOf(component)]));
  return null;
}

function typedValue(value: XmlElement): unknown {
  if (value.attributes.nil === 'true') return null;
  const text = value.text;
  const type = (value.attributes.type ?? '').replace(/^.*:/, '');
  switch (type) {
    case 'decimal':
    case 'double':
    case 'float':
    case 'integer':
    case 'int':
    case 'long':
    case 'short':
      return numberOf(text.trim());
    case 'boolean':
      return text.trim() === 'true' || text.trim() === '1';
    case 'date':
      return feelDateFrom(text.trim());
    case 'time':
      return feelTimeFrom(text.trim());
    case 'dateTime':
      return feelDateTimeFrom(text.trim());
    case 'duration':
    case 'dayTimeDuration':
    case 'yearMonthDuration':
      return feelDurationFrom(text.trim());
    case '':
      return new UntypedValue(text);
    default:
      // xsd:string (and any other type) is its text as written, spaces included.
      return text;
  }
}

function numberOf(text: string): number | null {
  if (text === 'INF') return Number.POSITIVE_INFINITY;
  if (text === '-INF') return Number.NEGATIVE_INFINITY;
  const number = Number(text);
  return text === '' || Number.isNaN(number) ? null : number;
}
