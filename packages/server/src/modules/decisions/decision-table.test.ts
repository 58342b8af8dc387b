import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../../platform/feel/index.ts';
import { decisionModelOf, evaluateDecision } from './evaluate-decision.ts';
import { DecisionEvaluationError } from './evaluation-error.ts';
import { readDmn } from './read-dmn.ts';

/** A one-table model: `x` (a number) in, `grade` out; rules as [input entry, output entry]. */
async function table(options: { hitPolicy?: string; aggregation?: string; rules: Array<[string, string]>; outputValues?: string; inputValues?: string; defaultOutput?: string }) {
  const rules = options.rules
    .map(([input, output], i) => `<rule id="r${i + 1}"><inputEntry><text>${escapeXml(input)}</text></inputEntry><outputEntry><text>${escapeXml(output)}</text></outputEntry></rule>`)
    .join('');
  const xml = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="t" namespace="http://t">
    <decision id="d" name="Grade"><decisionTable id="table" hitPolicy="${options.hitPolicy ?? 'UNIQUE'}"${options.aggregation ? ` aggregation="${options.aggregation}"` : ''}>
      <input id="in"><inputExpression><text>x</text></inputExpression>${options.inputValues ? `<inputValues><text>${escapeXml(options.inputValues)}</text></inputValues>` : ''}</input>
      <output id="out" name="grade">${options.outputValues ? `<outputValues><text>${escapeXml(options.outputValues)}</text></outputValues>` : ''}${options.defaultOutput ? `<defaultOutputEntry><text>${escapeXml(options.defaultOutput)}</text></defaultOutputEntry>` : ''}</output>
      ${rules}
    </decisionTable></decision></definitions>`;
  const model = decisionModelOf((await readDmn(xml)).definitions);
  return (variables: Record<string, unknown>) => {
    const outcome = evaluateDecision(model, 'd', variables);
    return { value: toJsonValue(outcome.value), matchedRules: outcome.matchedRules, resultList: outcome.resultList };
  };
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const grades: Array<[string, string]> = [
  ['>= 50', '"B"'],
  ['>= 80', '"A"'],
  ['< 50', '"C"'],
];

describe('decision table hit policies', () => {
  it('UNIQUE gives the single hit, and refuses two', async () => {
    const evaluate = await table({
      rules: [
        ['< 10', '"low"'],
        ['>= 10', '"high"'],
        ['> 100', '"huge"'],
      ],
    });
    expect(evaluate({ x: 5 })).toEqual({ value: 'low', matchedRules: ['r1'], resultList: [{ grade: 'low' }] });
    expect(() => evaluate({ x: 200 })).toThrow(/UNIQUE, but 2 rules match: r2, r3/);
  });

  it('FIRST gives the first hit in rule order', async () => {
    const evaluate = await table({ hitPolicy: 'FIRST', rules: grades });
    expect(evaluate({ x: 90 })).toMatchObject({ value: 'B', matchedRules: ['r1'] });
  });

  it('PRIORITY gives the hit whose output comes first in the output values', async () => {
    const evaluate = await table({ hitPolicy: 'PRIORITY', rules: grades, outputValues: '"A","B","C"' });
    expect(evaluate({ x: 90 })).toMatchObject({ value: 'A', matchedRules: ['r2'] });
    expect(evaluate({ x: 60 })).toMatchObject({ value: 'B', matchedRules: ['r1'] });
  });

  it('ANY gives the output all hits agree on, and refuses hits that disagree', async () => {
    const agree = await table({
      hitPolicy: 'ANY',
      rules: [
        ['> 1', '"yes"'],
        ['> 2', '"yes"'],
      ],
    });
    expect(agree({ x: 5 })).toMatchObject({ value: 'yes', matchedRules: ['r1', 'r2'] });
    const disagree = await table({ hitPolicy: 'ANY', rules: grades });
    expect(() => disagree({ x: 90 })).toThrow(DecisionEvaluationError);
  });

  it('RULE ORDER lists every hit in rule order; OUTPUT ORDER in output-value order', async () => {
    const ruleOrder = await table({ hitPolicy: 'RULE ORDER', rules: grades, outputValues: '"A","B","C"' });
    expect(ruleOrder({ x: 90 })).toMatchObject({ value: ['B', 'A'], matchedRules: ['r1', 'r2'], resultList: [{ grade: 'B' }, { grade: 'A' }] });
    const outputOrder = await table({ hitPolicy: 'OUTPUT ORDER', rules: grades, outputValues: '"A","B","C"' });
    expect(outputOrder({ x: 90 })).toMatchObject({ value: ['A', 'B'], matchedRules: ['r2', 'r1'] });
  });

  it('COLLECT lists the hits, or aggregates them with SUM, MIN, MAX and COUNT', async () => {
    const points: Array<[string, string]> = [
      ['> 0', '10'],
      ['> 5', '20'],
      ['> 50', '5'],
    ];
    expect((await table({ hitPolicy: 'COLLECT', rules: points }))({ x: 60 }).value).toEqual([10, 20, 5]);
    expect((await table({ hitPolicy: 'COLLECT', aggregation: 'SUM', rules: points }))({ x: 60 }).value).toBe(35);
    expect((await table({ hitPolicy: 'COLLECT', aggregation: 'MIN', rules: points }))({ x: 60 }).value).toBe(5);
    expect((await table({ hitPolicy: 'COLLECT', aggregation: 'MAX', rules: points }))({ x: 60 }).value).toBe(20);
    expect((await table({ hitPolicy: 'COLLECT', aggregation: 'COUNT', rules: points }))({ x: 60 }).value).toBe(3);
    expect((await table({ hitPolicy: 'COLLECT', aggregation: 'COUNT', rules: points }))({ x: -1 }).value).toBe(0);
    expect((await table({ hitPolicy: 'COLLECT', aggregation: 'SUM', rules: points }))({ x: -1 }).value).toBeNull();
  });

  it('without a hit gives the default output, or null', async () => {
    expect((await table({ rules: [['> 100', '"big"']], defaultOutput: '"small"' }))({ x: 1 })).toMatchObject({ value: 'small', matchedRules: [] });
    expect((await table({ rules: [['> 100', '"big"']] }))({ x: 1 }).value).toBeNull();
  });
});

describe('input and output value lists', () => {
  it('refuses an input outside its input values', async () => {
    const evaluate = await table({ rules: [['-', '"ok"']], inputValues: '[0..100]' });
    expect(evaluate({ x: 50 }).value).toBe('ok');
    expect(() => evaluate({ x: 150 })).toThrow(/not one of its allowed values \[0\.\.100\]/);
  });

  it('refuses an output outside its output values', async () => {
    const evaluate = await table({ rules: [['-', '"D"']], outputValues: '"A","B","C"' });
    expect(() => evaluate({ x: 1 })).toThrow(/Output grade is "D", not one of its allowed values/);
  });
});

describe('input entries as DMN unary tests', () => {
  it('compares a boolean expression that does not use ? with the input', async () => {
    const evaluate = await table({
      rules: [
        ['flag', '"same"'],
        ['not(flag)', '"different"'],
      ],
    });
    expect(evaluate({ x: false, flag: true }).value).toBe('different');
    expect(evaluate({ x: true, flag: true }).value).toBe('same');
  });

  it('reads ranges, lists, negation and ? expressions', async () => {
    const evaluate = await table({
      hitPolicy: 'RULE ORDER',
      rules: [
        ['[1..10]', '"range"'],
        ['3, 4', '"list"'],
        ['not(3)', '"not"'],
        ['? * 2 = 6', '"question"'],
      ],
    });
    expect(evaluate({ x: 3 }).value).toEqual(['range', 'list', 'question']);
  });
});

describe('several outputs', () => {
  it('give a context per hit', async () => {
    const xml = `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="t" namespace="http://t">
      <decision id="d" name="Offer"><decisionTable id="table">
        <input id="in"><inputExpression><text>Credit Score</text></inputExpression></input>
        <output id="o1" name="rate"/><output id="o2" name="term"/>
        <rule id="good"><inputEntry><text>&gt;= 700</text></inputEntry><outputEntry><text>0.03</text></outputEntry><outputEntry><text>360</text></outputEntry></rule>
      </decisionTable></decision></definitions>`;
    const model = decisionModelOf((await readDmn(xml)).definitions);
    expect(evaluateDecision(model, 'Offer', { 'Credit Score': 720 })).toMatchObject({ value: { rate: 0.03, term: 360 }, resultList: [{ rate: 0.03, term: 360 }], matchedRules: ['good'] });
  });
});
