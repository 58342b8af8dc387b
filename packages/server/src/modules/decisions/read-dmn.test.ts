import { describe, expect, it } from 'vitest';
import { DmnNotReadableError, readDmn, rewriteDmnNamespaces } from './read-dmn.ts';

const model = (namespace: string, dmndi: string) =>
  `<definitions xmlns="${namespace}" xmlns:dmndi="${dmndi}" id="defs" name="n" namespace="http://t"><decision id="d" name="D"><literalExpression><text>1</text></literalExpression></decision></definitions>`;

describe('reading DMN', () => {
  it.each([
    ['DMN 1.1 (Camunda 7)', 'http://www.omg.org/spec/DMN/20151101/dmn.xsd', 'http://example.com/no-dmndi-in-1.1'],
    ['DMN 1.2', 'http://www.omg.org/spec/DMN/20180521/MODEL/', 'http://www.omg.org/spec/DMN/20180521/DMNDI/'],
    ['DMN 1.3', 'https://www.omg.org/spec/DMN/20191111/MODEL/', 'https://www.omg.org/spec/DMN/20191111/DMNDI/'],
    ['DMN 1.4', 'https://www.omg.org/spec/DMN/20211108/MODEL/', 'https://www.omg.org/spec/DMN/20211108/DMNDI/'],
    ['DMN 1.5', 'https://www.omg.org/spec/DMN/20230324/MODEL/', 'https://www.omg.org/spec/DMN/20230324/DMNDI/'],
  ])('reads %s as DMN 1.3', async (_version, namespace, dmndi) => {
    const read = await readDmn(model(namespace, dmndi));
    expect(read.definitions.$type).toBe('dmn:Definitions');
    expect(read.definitions.drgElement?.map((e) => e.id)).toEqual(['d']);
    expect(read.warnings).toEqual([]);
  });

  it('rewrites only quoted namespace URIs', () => {
    const text = `<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/"><!-- https://www.omg.org/spec/DMN/20230324/MODEL/ --></definitions>`;
    expect(rewriteDmnNamespaces(text)).toBe(`<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"><!-- https://www.omg.org/spec/DMN/20230324/MODEL/ --></definitions>`);
  });

  it.each([
    ['an empty body', ''],
    ['text', 'hello'],
    ['BPMN', '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>'],
    ['DMN 1.0 beta', '<definitions xmlns="http://www.omg.org/spec/DMN/20130901"/>'],
    ['broken XML', '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"><decision'],
  ])('refuses %s with a reason', async (_what, xml) => {
    await expect(readDmn(xml)).rejects.toBeInstanceOf(DmnNotReadableError);
  });
});
