import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { durationLabel, elementTypeLabel, incidentKindLabel, instanceStateLabel, isOverdue, modelProblemLabel, outcomeLabel, prettyJson, waitingKindLabel } from './process-labels.ts';
import { modelProblemsOf } from './process-api.ts';
import { variablesOf } from '../tasks/task-api.ts';
import { asDmn13, parseVariables } from '../decisions/decision-api.ts';

const zh = createTranslate('zh-CN');
const en = createTranslate('en-US');
const ELEMENT_TYPES = [
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
  'task',
  'userTask',
  'manualTask',
  'serviceTask',
  'sendTask',
  'receiveTask',
  'businessRuleTask',
  'scriptTask',
  'callActivity',
  'subProcess',
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
];

describe('the engine codes the console shows', () => {
  it('names every element type and instance state in both languages, never by its code', () => {
    for (const t of [zh, en]) {
      for (const type of ELEMENT_TYPES) expect(elementTypeLabel(t, type)).not.toBe(type);
      for (const state of ['active', 'completed', 'terminated', 'incident']) expect(instanceStateLabel(t, state)).not.toBe(state);
      for (const kind of ['timer', 'message', 'signal']) expect(waitingKindLabel(t, kind)).not.toBe(kind);
    }
    expect(elementTypeLabel(zh, 'userTask')).toBe('人工任务');
    expect(elementTypeLabel(en, 'exclusiveGateway')).toBe('Exclusive gateway');
  });

  it('gives a code it does not know a generic label, not the raw code', () => {
    expect(elementTypeLabel(zh, 'complexGateway')).toBe('流程元素');
    expect(instanceStateLabel(en, 'suspended')).toBe('Other state');
    expect(modelProblemLabel(zh, 'brand-new-check')).toBe('模型问题');
    expect(incidentKindLabel(en, 'brand-new-kind')).toBe('Incident');
    expect(modelProblemLabel(zh, 'gateway-needs-default')).toBe('网关需要默认流');
  });

  it("translates the engine's outcomes and keeps a model's own task outcome", () => {
    expect(outcomeLabel(zh, 'completed')).toBe('完成');
    expect(outcomeLabel(en, 'canceled')).toBe('Canceled');
    expect(outcomeLabel(zh, 'approved')).toBe('approved');
    expect(outcomeLabel(zh, null)).toBe('—');
  });

  it('says how long an element ran in the unit that matters', () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 11, 5) + ms).toISOString();
    expect(durationLabel(en, at(0), at(250))).toBe('250 ms');
    expect(durationLabel(en, at(0), at(42_000))).toBe('42 s');
    expect(durationLabel(zh, at(0), at(125_000))).toBe('2 分 5 秒');
    expect(durationLabel(en, at(0), at(3 * 3_600_000 + 60_000))).toBe('3 h 1 min');
    expect(durationLabel(en, at(0), at(50 * 3_600_000))).toBe('2 d 2 h');
    expect(durationLabel(en, at(0), null)).toBe('—');
  });

  it('marks a due time in the past as overdue', () => {
    const now = Date.UTC(2026, 11, 5, 12);
    expect(isOverdue('2026-12-05T11:59:00Z', now)).toBe(true);
    expect(isOverdue('2026-12-05T12:01:00Z', now)).toBe(false);
    expect(isOverdue(null, now)).toBe(false);
  });

  it('shows variable values as JSON, objects indented', () => {
    expect(prettyJson('text')).toBe('"text"');
    expect(prettyJson(12)).toBe('12');
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
});

describe('what the console sends and reads', () => {
  it("reads a refused deployment's problems from the problem document", () => {
    expect(
      modelProblemsOf({
        problems: [
          { elementId: 'Gateway_1', code: 'gateway-needs-default', message: 'x' },
          { elementId: null, code: 'not-bpmn' },
        ],
      }),
    ).toEqual([
      { elementId: 'Gateway_1', code: 'gateway-needs-default', message: 'x' },
      { elementId: null, code: 'not-bpmn', message: undefined },
    ]);
    expect(modelProblemsOf({ problems: [{ elementId: 'Decision_1', problem: 'Decision x has no decision logic' }] })).toEqual([
      { elementId: 'Decision_1', code: 'other', message: 'Decision x has no decision logic' },
    ]);
    expect(modelProblemsOf({ problems: 'nope' })).toEqual([]);
    expect(modelProblemsOf(undefined)).toEqual([]);
  });

  it('reads task variables as JSON where they parse, else as text, and skips unnamed rows', () => {
    expect(
      variablesOf([
        { name: 'amount', value: '5000' },
        { name: 'approved', value: 'true' },
        { name: 'note', value: 'looks fine' },
        { name: ' ', value: '1' },
        { name: 'list', value: '[1,2]' },
        { name: 'empty', value: '' },
      ]),
    ).toEqual({
      amount: 5000,
      approved: true,
      note: 'looks fine',
      list: [1, 2],
      empty: null,
    });
  });

  it('accepts only a JSON object as decision input', () => {
    expect(parseVariables('{"amount": 1}')).toEqual({ ok: true, value: { amount: 1 } });
    expect(parseVariables('  ')).toEqual({ ok: true, value: {} });
    expect(parseVariables('{amount: 1}')).toEqual({ ok: false, reason: 'json' });
    expect(parseVariables('[1]')).toEqual({ ok: false, reason: 'object' });
  });

  it('shows DMN 1.4 and 1.5 files to dmn-js under the 1.3 namespaces', () => {
    const dmn15 =
      '<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20230324/DMNDI/" xmlns:feel="https://www.omg.org/spec/DMN/20230324/FEEL/">';
    expect(asDmn13(dmn15)).toBe(
      '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:feel="https://www.omg.org/spec/DMN/20230324/FEEL/">',
    );
    expect(asDmn13('xmlns="https://www.omg.org/spec/DMN/20211108/MODEL/"')).toBe('xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"');
  });
});
