import { segmentForIndex } from '../../knowledge/index.ts';
import type { TextClassifier } from '../model/types.ts';
import { findForbiddenPromises, findPhrase, firstPhraseIn, isMostlyChinese, RISK_DISCLOSURE_PHRASES, RISK_DISCLOSURE_RULE_PHRASE, RUDE_PHRASES, WEALTH_FIELD_VALUES, WEALTH_WORDS } from './lexicon.ts';

// The five checks of a handled case (issue 22), pure: the caller reads the case, its comments and
// its SLA targets through their modules and stores what this returns.

export const QUALITY_CHECKS = ['missing-disclosure', 'forbidden-promise', 'rude-reply', 'unanswered-question', 'missed-deadline'] as const;
export type QualityCheck = (typeof QUALITY_CHECKS)[number];
export type Severity = 'low' | 'medium' | 'high';

/** Where and by which rule; never the words of a reply or of the customer. */
export interface FindingDetail {
  commentId?: string;
  rule: string;
  /** A fixed phrase of the rule (the lexicon's), not text from the case. */
  phrase?: string;
  /** missed-deadline: the SLA target's key (first-response, resolution …). */
  target?: string;
  /** missing-disclosure: what made the case a wealth or insurance case (a field's key, or `words`). */
  because?: string;
  /** unanswered-question: how many content words the question and the replies share. */
  sharedWords?: number;
}

export interface Finding {
  check: QualityCheck;
  severity: Severity;
  detail: FindingDetail;
  confidence: number;
}

export interface InspectedComment {
  id: string;
  body: string;
  visibility: 'internal' | 'public';
  /** agent, customer (through a channel) or system. */
  origin: string;
  createdAt: Date;
}

export interface InspectionInput {
  fields: Record<string, unknown>;
  comments: readonly InspectedComment[];
  /** The case's SLA targets with whether each was breached (met late, or still overdue). */
  slaTargets: readonly { key: string; kind: string; breached: boolean }[];
}

/** Rules' version: bump when a lexicon or threshold changes, so old findings say what produced them. */
export const RULES_VERSION = 'quality-rules@3';
/** A reply the tone model calls rude or dismissive with at least this probability is flagged. */
export const TONE_THRESHOLD = 0.7;
/** Question and replies sharing fewer content words than this (and under the share below) leave the question unanswered. */
const MIN_SHARED_WORDS = 2;
const MIN_SHARED_SHARE = 0.15;

// Fields that hold the customer's own question, by the demo case types' keys.
const QUESTION_FIELDS = ['question', 'description', 'suggestion', 'purpose'] as const;

// Words every reply and question share that say nothing about the matter.
const GENERIC_WORDS = new Set(
  (
    '您好 你好 谢谢 感谢 客户 银行 问题 情况 我行 本行 已经 已 收到 反映 反馈 处理 回复 联系 您的 ' +
    'hello hi dear thank thanks thank-you customer bank please regards issue problem sincerely team we our your you'
  ).split(' '),
);

export function modelVersionOf(tone: Pick<TextClassifier, 'version'> | undefined): string {
  return tone ? `${RULES_VERSION}+${tone.version}` : RULES_VERSION;
}

// What the bank said to the customer. Internal notes are read with the case but checked by none
// of the rules: a disclosure or an answer the customer never saw does not count, and a note's
// wording is for colleagues.
const agentReplies = (input: InspectionInput) => input.comments.filter((c) => c.visibility === 'public' && c.origin !== 'customer' && c.origin !== 'system');

function contentWords(text: string): Set<string> {
  return new Set(segmentForIndex(text).filter((w) => !GENERIC_WORDS.has(w) && !/^\d+$/.test(w) && (w.length >= 2 || /\p{Script=Han}/u.test(w))));
}

/** The customer's question: the case's question field, else their last message. */
export function customerQuestion(input: InspectionInput): string | undefined {
  for (const key of QUESTION_FIELDS) {
    const value = input.fields[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  const fromCustomer = input.comments.filter((c) => c.origin === 'customer');
  return fromCustomer.at(-1)?.body;
}

function wealthReason(input: InspectionInput, question: string | undefined): string | undefined {
  for (const [key, values] of Object.entries(WEALTH_FIELD_VALUES)) {
    const value = input.fields[key];
    if (typeof value === 'string' && values.includes(value)) return key;
  }
  const words = [question ?? '', ...agentReplies(input).map((c) => c.body)].join('\n');
  return firstPhraseIn(words, WEALTH_WORDS) ? 'words' : undefined;
}

function checkDisclosure(input: InspectionInput, question: string | undefined): Finding[] {
  const replies = agentReplies(input);
  if (replies.length === 0) return [];
  const because = wealthReason(input, question);
  if (!because) return [];
  if (replies.some((r) => firstPhraseIn(r.body, RISK_DISCLOSURE_PHRASES))) return [];
  const chinese = isMostlyChinese(replies.map((r) => r.body).join('\n'));
  return [
    {
      check: 'missing-disclosure',
      severity: 'high',
      detail: { rule: 'risk-disclosure', phrase: chinese ? RISK_DISCLOSURE_RULE_PHRASE.zh : RISK_DISCLOSURE_RULE_PHRASE.en, because },
      // A field says so: certain. Only words: the case may mention a fund in passing.
      confidence: because === 'words' ? 0.8 : 1,
    },
  ];
}

function checkPromises(input: InspectionInput): Finding[] {
  return agentReplies(input).flatMap((reply) =>
    findForbiddenPromises(reply.body).map(({ rule, phrase }): Finding => ({ check: 'forbidden-promise', severity: 'high', detail: { commentId: reply.id, rule, phrase }, confidence: 1 })),
  );
}

function checkTone(input: InspectionInput, tone: TextClassifier | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const reply of agentReplies(input)) {
    const rude = RUDE_PHRASES.find((p) => findPhrase(reply.body, p).length > 0);
    if (rude) {
      findings.push({ check: 'rude-reply', severity: 'high', detail: { commentId: reply.id, rule: 'rude-phrase', phrase: rude }, confidence: 1 });
      continue;
    }
    if (!tone) continue;
    const prediction = tone.predict(reply.body);
    if (prediction.label !== 'polite' && prediction.confidence >= TONE_THRESHOLD) {
      findings.push({
        check: 'rude-reply',
        severity: 'medium',
        detail: { commentId: reply.id, rule: `tone-${prediction.label}` },
        confidence: Math.round(prediction.confidence * 1000) / 1000,
      });
    }
  }
  return findings;
}

function checkAnswered(input: InspectionInput, question: string | undefined): Finding[] {
  const replies = agentReplies(input);
  if (replies.length === 0) return [{ check: 'unanswered-question', severity: 'high', detail: { rule: 'no-public-reply' }, confidence: 1 }];
  if (question === undefined) return [];
  const asked = contentWords(question);
  if (asked.size === 0) return [];
  const answered = contentWords(replies.map((r) => r.body).join('\n'));
  let shared = 0;
  for (const word of asked) if (answered.has(word)) shared++;
  const share = shared / asked.size;
  if (shared >= MIN_SHARED_WORDS || share >= MIN_SHARED_SHARE) return [];
  return [
    {
      check: 'unanswered-question',
      severity: 'medium',
      detail: { commentId: replies.at(-1)!.id, rule: 'few-shared-words', sharedWords: shared },
      confidence: Math.round((1 - share / MIN_SHARED_SHARE) * 0.5 * 1000 + 500) / 1000,
    },
  ];
}

function checkDeadlines(input: InspectionInput): Finding[] {
  // One finding per target key: a clock restarted after a reopening counts once.
  const breached = [...new Map(input.slaTargets.filter((t) => t.breached).map((t) => [t.key, t])).values()];
  return breached.map(
    (t): Finding => ({
      check: 'missed-deadline',
      severity: t.kind === 'resolution' ? 'high' : 'medium',
      detail: { rule: 'sla-breached', target: t.key },
      confidence: 1,
    }),
  );
}

/** Every finding on a handled case, in check order. */
export function runQualityChecks(input: InspectionInput, tone: TextClassifier | undefined): Finding[] {
  const question = customerQuestion(input);
  return [...checkDisclosure(input, question), ...checkPromises(input), ...checkTone(input, tone), ...checkAnswered(input, question), ...checkDeadlines(input)];
}
