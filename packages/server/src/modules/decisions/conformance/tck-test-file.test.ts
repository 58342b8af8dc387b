import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../../../platform/feel/index.ts';
import { parseTckTestFile } from './tck-test-file.ts';

const file = `<?xml version="1.0" encoding="UTF-8"?>
<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <modelName>model.dmn</modelName>
  <!-- a comment -->
  <testCase id="001">
    <inputNode name="Monthly Income"><value xsi:type="xsd:decimal">6000.50</value></inputNode>
    <inputNode name="Name"><value xsi:type="xsd:string"> A &amp; B </value></inputNode>
    <inputNode name="Flag"><value xsi:type="xsd:boolean">true</value></inputNode>
    <inputNode name="Born"><value xsi:type="xsd:date">2001-02-03</value></inputNode>
    <inputNode name="Term"><value xsi:type="xsd:duration">P1Y2M</value></inputNode>
    <inputNode name="Nothing"><value xsi:nil="true"/></inputNode>
    <inputNode name="Scores"><list><item><value xsi:type="xsd:decimal">1</value></item><item><value xsi:type="xsd:decimal">2</value></item></list></inputNode>
    <inputNode name="Applicant">
      <component name="Age"><value xsi:type="xsd:decimal">30</value></component>
      <component name="Address"><component name="City"><value xsi:type="xsd:string">Hangzhou</value></component></component>
    </inputNode>
    <resultNode name="Result" type="decision"><expected><value xsi:type="xsd:string">ok</value></expected></resultNode>
    <resultNode name="Broken" errorResult="true"><expected><value xsi:nil="true"/></expected></resultNode>
  </testCase>
</testCases>`;

describe('TCK test files', () => {
  it('reads typed values, lists, contexts and nulls, and result nodes', () => {
    const parsed = parseTckTestFile(file);
    expect(parsed.modelName).toBe('model.dmn');
    const [testCase] = parsed.testCases;
    expect(testCase?.id).toBe('001');
    expect(toJsonValue(testCase?.inputs)).toEqual({
      'Monthly Income': 6000.5,
      Name: ' A & B ',
      Flag: true,
      Born: '2001-02-03',
      Term: 'P1Y2M',
      Nothing: null,
      Scores: [1, 2],
      Applicant: { Age: 30, Address: { City: 'Hangzhou' } },
    });
    expect(testCase?.results).toEqual([
      { name: 'Result', type: 'decision', errorResult: false, expected: 'ok' },
      { name: 'Broken', type: 'decision', errorResult: true, expected: null },
    ]);
  });

  it('refuses a file that is not a TCK test file', () => {
    expect(() => parseTckTestFile('<definitions/>')).toThrow(/Not a TCK test file/);
  });
});
