import { describe, expect, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../seed/case-types.ts';
import { listFieldDefinitions } from '../../../src/modules/cases/index.ts';
import { extractEntities, findRejectedIdentifiers } from '../../../src/modules/assist/entities/index.ts';
import type { TextClassifier } from '../../../src/modules/assist/model/types.ts';
import { prefillBuiltin } from '../../../src/modules/assist/prefill/builtin-path.ts';
import { defaultSettings } from '../../../src/modules/assist/governance/settings-store.ts';
import { evaluate, formatEvaluation } from '../../../src/modules/assist/model/index.ts';
import { evaluateEntities, formatEntityEvaluation, readLabelledFile, rowsFor, SHIPPED_TEST_FILE, shippedClassifier } from '../../../src/modules/assist/models/index.ts';

// Issue 22: the shipped models measured on the shipped test split, which holds phrasings, frames
// and values the training split does not (assist-data/README.md). The figures are printed so that
// they appear in npm test's output; what `docket assist eval --data packages/server/assist-data/test.jsonl
// --label <label>` prints is the same.

const test = readLabelledFile(SHIPPED_TEST_FILE);
const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * The issue judges the category at ≥ 90 % accuracy; the case type is held to the same. The
 * consultation topic has a floor of 85 %: 136 test rows, so one row moves it by 0.7 points and
 * it measured 89.0–94.1 % across the learner's revisions. The others are printed.
 */
const FLOOR: Record<string, number> = { caseType: 0.9, category: 0.9, topic: 0.85 };
const GATED = new Set(Object.keys(FLOOR));
const LABELS = ['caseType', 'category', 'topic', 'product', 'rule', 'riskLevel', 'urgency', 'emotion'];

describe('the shipped models on the held-out test split', () => {
  for (const label of LABELS) {
    it(`${label}${GATED.has(label) ? `: accuracy ≥ ${FLOOR[label]! * 100} %` : ''}`, () => {
      const classifier = shippedClassifier(label);
      if (!classifier) throw new Error(`no shipped model for ${label}`);
      const rows = rowsFor(test, label);
      const result = evaluate(classifier, rows);
      console.log(`assist shipped model ${label}: accuracy ${percent(result.accuracy)}, macro-F1 ${percent(result.macroF1)} on ${rows.length} held-out rows (${classifier.version})`);
      if (process.env.DOCKET_ASSIST_EVAL_VERBOSE) console.log(formatEvaluation(result));
      if (GATED.has(label)) expect(result.accuracy).toBeGreaterThanOrEqual(FLOOR[label]!);
      // The first run trains (seconds of CPU on 2,500 rows, far longer on a loaded machine); later
      // runs read the model from the temporary directory (models/registry.ts).
    }, 120_000);
  }

  it('entities: F1 ≥ 95 %', () => {
    const result = evaluateEntities(test, (text) => extractEntities(text));
    console.log(`assist entities: precision ${percent(result.precision)}, recall ${percent(result.recall)}, F1 ${percent(result.f1)}; ${result.passed} rows passed, ${result.failed} failed`);
    console.log(formatEntityEvaluation(result));
    expect(result.f1).toBeGreaterThanOrEqual(0.95);
  });
});

describe('the built-in prefill on the held-out test split', () => {
  it('suggests no value without a source span that slices to the words it came from', () => {
    const classifiers = new Map<string, TextClassifier>();
    for (const label of LABELS) {
      const classifier = shippedClassifier(label);
      if (classifier) classifiers.set(label, classifier);
    }
    let suggested = 0;
    let ungrounded = 0;
    for (const row of test) {
      const type = SEED_CASE_TYPES.find((t) => t.key === row.labels.caseType);
      if (!type) continue;
      const fields = listFieldDefinitions(type.schema);
      const findings = prefillBuiltin({
        text: row.text,
        fields,
        settings: defaultSettings(type.key),
        classifiers,
        entities: extractEntities(row.text),
        rejectedIdentifiers: findRejectedIdentifiers(row.text),
        locale: 'zh-CN',
      });
      for (const s of findings.suggestions) {
        suggested++;
        if (s.source.end <= s.source.start || row.text.slice(s.source.start, s.source.end) !== s.source.text) ungrounded++;
      }
    }
    console.log(`assist built-in prefill: ${suggested} values suggested over ${test.length} held-out rows, ${ungrounded} without a source span`);
    expect(suggested).toBeGreaterThan(test.length);
    expect(ungrounded).toBe(0);
  }, 120_000);
});
