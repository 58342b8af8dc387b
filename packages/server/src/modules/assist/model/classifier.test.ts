import { describe, expect, it } from 'vitest';
import { evaluate, formatEvaluation, readArtifact, trainClassifier } from './index.ts';

// A small varied complaint set, zh-CN and en-US, built from phrase pools: each class has its own
// pool of complaint phrases, and every text mixes in openers, closers and product words shared
// by all classes, so a class cannot be told by one fixed word. Train and test rows are drawn
// with different seeds: the test texts are combinations the model has not seen.

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PHRASES: Record<string, { zh: string[]; en: string[] }> = {
  fees: {
    zh: ['多扣了年费', '收了我手续费却没说明', '账户管理费扣得莫名其妙', '跨行转账被收费', '短信提醒费没有同意就扣了', '年费免不掉'],
    en: [
      'charged an annual fee twice',
      'a service charge nobody told me about',
      'you took a fee for the transfer',
      'hidden fees on my statement',
      'the account fee is too high',
      'billed for text alerts I never ordered',
    ],
  },
  service: {
    zh: ['柜员态度很差', '客服电话一直打不通', '大堂经理不理人', '排队两个小时没人管', '工作人员说话很不耐烦', '投诉了也没人回复'],
    en: ['the staff were rude to me', 'nobody answers the hotline', 'waited two hours at the branch', 'the agent hung up on me', 'your employee was dismissive', 'no one replied to my complaint'],
  },
  wealth: {
    zh: ['理财产品亏了本金', '销售时承诺保本保收益', '基金净值一直跌', '没有做风险评估就卖给我理财', '理财到期不能赎回', '收益远低于宣传'],
    en: [
      'my wealth product lost principal',
      'they promised a guaranteed return',
      'the fund keeps falling',
      'sold an investment without a risk assessment',
      'cannot redeem the product at maturity',
      'returns far below what was advertised',
    ],
  },
  'credit-card': {
    zh: ['信用卡额度被降了', '分期利息算错了', '信用卡被盗刷', '账单日和还款日搞错', '申请提额一直不批', '催收电话打到我单位'],
    en: [
      'my credit limit was cut',
      'the instalment interest is wrong',
      'fraudulent charges on my credit card',
      'the statement date is wrong',
      'my limit increase keeps being refused',
      'debt collectors call my office',
    ],
  },
};

const OPENERS = { zh: ['你好，', '我要投诉，', '请问一下，', '', '麻烦处理：', '我想反映'], en: ['Hello, ', 'I want to complain: ', 'Hi, ', '', 'Please help, ', 'Dear bank, '] };
const CLOSERS = { zh: ['，请尽快处理。', '，太过分了！', '。', '，谢谢。', '，希望给个说法', ''], en: ['. Please fix it.', '! This is unacceptable.', '.', ', thanks.', '. I expect an answer.', ''] };
const SHARED = { zh: ['我的借记卡', '在你们网点', '上个月', '手机银行里', ''], en: ['on my debit account', 'at your branch', 'last month', 'in the mobile app', ''] };

function complaints(n: number, seed: number): { text: string; label: string }[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const labels = Object.keys(PHRASES);
  const rows: { text: string; label: string }[] = [];
  for (let i = 0; i < n; i++) {
    const label = pick(labels);
    const lang = random() < 0.5 ? 'zh' : 'en';
    const phrases = PHRASES[label]![lang];
    const middle = random() < 0.3 ? `${pick(phrases)}${lang === 'zh' ? '，而且' : ' and '}${pick(phrases)}` : pick(phrases);
    const shared = pick(SHARED[lang]);
    const text = lang === 'zh' ? `${pick(OPENERS.zh)}${shared}${middle}${pick(CLOSERS.zh)}` : `${pick(OPENERS.en)}${middle} ${shared}${pick(CLOSERS.en)}`;
    rows.push({ text, label });
  }
  return rows;
}

describe('the built-in classifier', () => {
  const train = complaints(240, 1);
  const test = complaints(120, 2);
  const classifier = trainClassifier('category', train, { seed: 7 });

  it('given zh-CN and en-US complaints, when evaluated on texts it was not trained on, then it beats the majority class clearly', () => {
    const result = evaluate(classifier, test);
    const counts = new Map<string, number>();
    for (const row of train) counts.set(row.label, (counts.get(row.label) ?? 0) + 1);
    const majority = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const baseline = test.filter((r) => r.label === majority).length / test.length;
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(result.accuracy).toBeGreaterThan(baseline + 0.4);
    expect(result.passed + result.failed).toBe(test.length);
    expect(result.confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(test.length);
  });

  it('gives the same model file and version for the same rows and seed, and reads it back to the same predictions', () => {
    const again = trainClassifier('category', train, { seed: 7 });
    expect(again.toArtifact().equals(classifier.toArtifact())).toBe(true);
    expect(again.version).toBe(classifier.version);
    expect(classifier.version).toMatch(/^category@softmax-ngram1-[0-9a-f]{12}$/);
    const read = readArtifact(classifier.toArtifact());
    expect(read.version).toBe(classifier.version);
    expect(read.classes).toEqual(classifier.classes);
    for (const row of test.slice(0, 10)) expect(read.predict(row.text)).toEqual(classifier.predict(row.text));
    expect(() => readArtifact(Buffer.from('not a model'))).toThrow();
  });

  it('points its evidence at the words that decided, as spans of the original text', () => {
    const text = 'ＨＥＬＬＯ，我的信用卡被盗刷了，请尽快处理。';
    const prediction = classifier.predict(text);
    expect(prediction.label).toBe('credit-card');
    expect(prediction.evidence.length).toBeGreaterThan(0);
    expect(prediction.evidence.length).toBeLessThanOrEqual(5);
    const quoted = prediction.evidence.map((e) => text.slice(e.start, e.end));
    expect(quoted.join(' ')).toMatch(/盗刷|信用卡/);
    for (let i = 1; i < prediction.evidence.length; i++) expect(prediction.evidence[i]!.weight).toBeLessThanOrEqual(prediction.evidence[i - 1]!.weight);
    const sorted = [...prediction.evidence].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end);

    const english = 'Someone made fraudulent charges on my credit card';
    const en = classifier.predict(english);
    expect(en.label).toBe('credit-card');
    expect(en.evidence.map((e) => english.slice(e.start, e.end)).join(' ')).toMatch(/credit|fraud/i);
  });

  it('compares only the classes it is given, and has no evidence for a text it has no features for', () => {
    const text = 'they promised a guaranteed return and charged a fee';
    const among = classifier.predict(text, { among: ['fees', 'service'] });
    expect(among.ranked.map((r) => r.label).sort()).toEqual(['fees', 'service']);
    expect(among.label).toBe('fees');
    expect(among.ranked.reduce((a, r) => a + r.confidence, 0)).toBeCloseTo(1, 5);
    expect(classifier.predict(text, { among: ['unknown'] })).toEqual({ label: '', confidence: 0, evidence: [], ranked: [] });
    const nothing = classifier.predict('∑∑∑ ……');
    expect(nothing.evidence).toEqual([]);
    expect(nothing.ranked).toHaveLength(4);
  });

  it('reports accuracy, macro-F1 and a confusion table ending with the passed and failed rows', () => {
    const report = formatEvaluation(evaluate(classifier, test.slice(0, 20)));
    expect(report).toMatch(/accuracy: \d+\.\d\d %/);
    expect(report).toMatch(/macro-F1: \d+\.\d\d %/);
    expect(report).toContain('confusion');
    expect(report.split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed$/);
  });
});
