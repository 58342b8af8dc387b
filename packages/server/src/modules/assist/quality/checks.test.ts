import { describe, expect, it } from 'vitest';
import type { TextClassifier } from '../model/types.ts';
import { type InspectionInput, runQualityChecks } from './checks.ts';
import { findForbiddenPromises } from './lexicon.ts';

const at = new Date('2026-12-01T00:00:00Z');
const reply = (id: string, body: string) => ({ id, body, visibility: 'public' as const, origin: 'agent', createdAt: at });
const input = (fields: Record<string, unknown>, bodies: string[], slaTargets: InspectionInput['slaTargets'] = []): InspectionInput => ({
  fields,
  comments: bodies.map((b, i) => reply(`00000000-0000-4000-8000-00000000000${i}`, b)),
  slaTargets,
});
/** A tone model that calls every reply polite, except those containing `rudeWord`. */
const fakeTone = (rudeWord: string): TextClassifier => ({
  label: 'tone',
  version: 'tone@fake-000000000000',
  algorithm: 'fake',
  classes: ['polite', 'rude', 'dismissive'],
  predict: (text) => {
    const label = text.includes(rudeWord) ? 'rude' : 'polite';
    return { label, confidence: 0.9, evidence: [], ranked: [{ label, confidence: 0.9 }] };
  },
  toArtifact: () => Buffer.alloc(0),
});
const checksOf = (i: InspectionInput, tone?: TextClassifier) => runQualityChecks(i, tone).map((f) => `${f.check}:${f.detail.rule}`);

describe('forbidden promises', () => {
  it('finds promises and lets their denials pass', () => {
    expect(findForbiddenPromises('这款产品保本保收益，零风险。').map((h) => h.rule)).toEqual(['guaranteed-principal', 'guaranteed-return', 'risk-free']);
    expect(findForbiddenPromises('本产品不保本，不保证收益，并非零风险。')).toEqual([]);
    expect(findForbiddenPromises('我们会确保收益按时到账。')).toEqual([]);
    expect(findForbiddenPromises('The plan offers guaranteed returns and is risk-free.').map((h) => h.rule)).toEqual(['guaranteed-return', 'risk-free']);
    expect(findForbiddenPromises('This product is not risk-free and returns are not guaranteed returns of any kind.')).toEqual([]);
  });
});

describe('runQualityChecks', () => {
  const wealth = { category: 'wealth', product: 'wealth', description: '我购买的理财产品到期收益低于预期，想了解原因和赎回安排' };

  it('flags a wealth case promised a guaranteed return without the risk disclosure, naming the rule and never the reply', () => {
    const findings = runQualityChecks(input(wealth, ['您好，这款理财产品保本保收益，请放心持有，到期赎回即可。']), undefined);
    expect(findings.map((f) => `${f.check}:${f.detail.rule}`)).toEqual(['missing-disclosure:risk-disclosure', 'forbidden-promise:guaranteed-principal', 'forbidden-promise:guaranteed-return']);
    expect(JSON.stringify(findings)).not.toContain('请放心持有');
    expect(findings[0]!.detail).toMatchObject({ phrase: '理财非存款、产品有风险、投资须谨慎', because: 'category' });
  });

  it('passes a good reply: disclosure given, question answered, polite', () => {
    const good = '您好，关于您购买的理财产品到期收益低于预期的问题，我们已核实：产品收益随市场波动，到期赎回款已于今日到账。理财非存款、产品有风险、投资须谨慎。如有疑问请随时联系我们。';
    expect(checksOf(input(wealth, [good]), fakeTone('麻烦'))).toEqual([]);
  });

  it('treats wealth words as a wealth case, and English replies get the English phrase', () => {
    const findings = runQualityChecks(input({ description: 'Why did my mutual fund lose value this month?' }, ['Your mutual fund value changes with the market every month.']), undefined);
    expect(findings.map((f) => f.check)).toEqual(['missing-disclosure']);
    expect(findings[0]!.detail).toMatchObject({ because: 'words', phrase: 'Wealth products are not deposits; investment involves risk' });
    expect(findings[0]!.confidence).toBeLessThan(1);
  });

  it('flags rude replies by lexicon and by the tone model', () => {
    const fees = { category: 'fees', description: '信用卡年费为什么没有减免' };
    expect(checksOf(input(fees, ['信用卡年费不能减免，你懂不懂规定？']))).toEqual(['rude-reply:rude-phrase']);
    expect(checksOf(input(fees, ['信用卡年费的事情你真麻烦。']), fakeTone('麻烦'))).toEqual(['rude-reply:tone-rude']);
  });

  it('flags a question without a public reply or with a reply about something else', () => {
    expect(checksOf(input({ question: '房贷提前还款需要什么材料？' }, []))).toEqual(['unanswered-question:no-public-reply']);
    const internalOnly: InspectionInput = { fields: { question: '房贷提前还款需要什么材料？' }, comments: [{ ...reply('x', '已电话联系'), visibility: 'internal' }], slaTargets: [] };
    expect(checksOf(internalOnly)).toEqual(['unanswered-question:no-public-reply']);
    expect(checksOf(input({ question: '房贷提前还款需要什么材料？' }, ['您好，我行信用卡积分可以在手机银行兑换礼品。']))).toEqual(['unanswered-question:few-shared-words']);
    expect(checksOf(input({ question: '房贷提前还款需要什么材料？' }, ['您好，房贷提前还款请携带身份证和借款合同到网点办理。']))).toEqual([]);
  });

  it('flags each breached SLA target once, resolution as high', () => {
    const findings = runQualityChecks(
      input(
        { question: '开户' },
        ['您好，开户请到网点办理。'],
        [
          { key: 'first-response', kind: 'first-response', breached: false },
          { key: 'resolution', kind: 'resolution', breached: true },
          { key: 'resolution', kind: 'resolution', breached: true },
        ],
      ),
      undefined,
    );
    expect(findings.map((f) => [f.check, f.severity, f.detail.target])).toEqual([['missed-deadline', 'high', 'resolution']]);
  });
});
