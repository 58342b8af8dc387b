import { describe, expect, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { listFieldDefinitions } from '../../cases/index.ts';
import type { Entity } from '../entities/types.ts';
import { defaultSettings, type AssistSettings } from '../governance/settings-store.ts';
import type { Evidence, TextClassifier } from '../model/types.ts';
import { enforceGrounding, prefillBuiltin, type BuiltinInput } from './builtin-path.ts';

const complaintFields = listFieldDefinitions(SEED_CASE_TYPES.find((t) => t.key === 'complaint')!.schema);
const TEXT = '我叫王小明，电话13812345678，身份证110105194912310021。上个月借记卡被扣了年费，很着急。';
const at = (words: string) => ({ start: TEXT.indexOf(words), end: TEXT.indexOf(words) + words.length });

function fakeClassifier(label: string, answer: string, confidence: number, evidence: Evidence[]): TextClassifier {
  return {
    label,
    version: `${label}@fake-000000000000`,
    algorithm: 'fake',
    classes: [answer, 'other', 'low', 'normal', 'calm'],
    predict: () => ({ label: answer, confidence, evidence, ranked: [{ label: answer, confidence }] }),
    toArtifact: () => Buffer.alloc(0),
  };
}

function input(overrides: Partial<BuiltinInput> = {}, settings: Partial<AssistSettings> = {}): BuiltinInput {
  return {
    text: TEXT,
    fields: complaintFields,
    settings: { ...defaultSettings('complaint'), ...settings },
    classifiers: new Map([
      [
        'category',
        fakeClassifier('category', 'fees', 0.9, [
          { ...at('年费'), weight: 2 },
          { ...at('扣了'), weight: 1 },
        ]),
      ],
      ['urgency', fakeClassifier('urgency', 'high', 0.8, [{ ...at('很着急'), weight: 1 }])],
      ['emotion', fakeClassifier('emotion', 'anxious', 0.7, [{ ...at('着急'), weight: 1 }])],
    ]),
    entities: [
      { kind: 'person-name', value: '王小明', ...at('王小明'), confidence: 0.9 },
      { kind: 'phone', value: '13812345678', ...at('13812345678'), confidence: 0.99 },
      { kind: 'resident-id', value: '110105194912310021', ...at('110105194912310021'), confidence: 0.99 },
    ],
    rejectedIdentifiers: [],
    locale: 'zh-CN',
    ...overrides,
  };
}

describe('prefillBuiltin', () => {
  it('suggests classifier, entity and verbatim values, each with a span that slices to its words', () => {
    const found = prefillBuiltin(input());
    const byField = Object.fromEntries(found.suggestions.map((s) => [s.field, s]));
    expect(byField.category).toMatchObject({ value: 'fees', kind: 'classifier', source: { text: '年费' }, alsoFrom: [{ text: '扣了' }] });
    expect(byField.priority).toMatchObject({ value: 'high', source: { text: '很着急' } });
    expect(byField.customerName).toMatchObject({ value: '王小明', kind: 'entity' });
    expect(byField.phone).toMatchObject({ value: '13812345678' });
    expect(byField.description).toMatchObject({ value: TEXT, source: { start: 0, end: TEXT.length } });
    for (const s of found.suggestions) expect(TEXT.slice(s.source.start, s.source.end)).toBe(s.source.text);
    expect(found.signals).toEqual([expect.objectContaining({ label: 'emotion', value: 'anxious', source: expect.objectContaining({ text: '着急' }) })]);
    // The resident id's check digit is wrong (…002X is right): refused, no value anywhere.
    expect(byField.residentId).toBeUndefined();
    expect(found.refused).toContainEqual({ field: 'residentId', reason: 'check-digit', source: expect.objectContaining({ text: '110105194912310021' }) });
    expect(JSON.stringify(found.refused)).not.toContain('"value"');
    expect(found.missing).toEqual([]);
  });

  it('refuses a classifier answer with no evidence in the text and one below its threshold; lists what is missing', () => {
    const found = prefillBuiltin(
      input(
        {
          classifiers: new Map([
            ['category', fakeClassifier('category', 'fees', 0.99, [])],
            ['product', fakeClassifier('product', 'debit-card', 0.55, [{ ...at('借记卡'), weight: 1 }])],
          ]),
          entities: [],
        },
        { threshold: 0.6 },
      ),
    );
    expect(found.suggestions.map((s) => s.field)).toEqual(['description']);
    expect(found.refused).toEqual([
      { field: 'category', reason: 'not-in-text', source: { start: 0, end: 0, text: '' } },
      { field: 'product', reason: 'below-threshold', source: expect.objectContaining({ text: '借记卡' }) },
    ]);
    expect(found.missing).toEqual([
      { field: 'customerName', label: '客户姓名' },
      { field: 'phone', label: '联系电话' },
      { field: 'category', label: '投诉类别' },
    ]);
  });

  it('never suggests an entity whose span does not hold its value, nor a field switched off', () => {
    const invented: Entity = { kind: 'person-name', value: '李四', ...at('王小明'), confidence: 0.99 };
    const found = prefillBuiltin(input({ entities: [invented] }, { fields: { category: { enabled: false }, priority: { enabled: false } } }));
    const fields = found.suggestions.map((s) => s.field);
    expect(fields).not.toContain('customerName');
    expect(fields).not.toContain('category');
    expect(fields).not.toContain('priority');
    expect(JSON.stringify(found)).not.toContain('李四');
  });

  it('drops, as the last gate, a suggestion whose cited words are not the text at its span (an LLM answer)', () => {
    const fromLlm = prefillBuiltin(input());
    fromLlm.suggestions.push({ field: 'bankCard', value: '6222021234567894', confidence: 0.9, kind: 'llm', modelVersion: 'llm@qwen', source: { start: 0, end: 3, text: '6222' }, alsoFrom: [] });
    const grounded = enforceGrounding(TEXT, fromLlm, complaintFields, 'en-US');
    expect(grounded.suggestions.map((s) => s.field)).not.toContain('bankCard');
    expect(grounded.refused).toContainEqual({ field: 'bankCard', reason: 'not-in-text', source: { start: 0, end: 0, text: '' } });
  });
});
