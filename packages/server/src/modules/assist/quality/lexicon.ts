// The fixed phrases quality inspection looks for (issue 22). A finding names the rule and one of
// these phrases, never the words of the reply that matched it: the phrase is ours, the reply is
// the customer's correspondence.

/** Promises a bank must not make when selling or explaining wealth and insurance products (资管新规, 理财产品销售管理办法). */
export interface PromiseRule {
  rule: 'guaranteed-principal' | 'guaranteed-return' | 'risk-free';
  phrases: readonly string[];
}

export const FORBIDDEN_PROMISES: readonly PromiseRule[] = [
  { rule: 'guaranteed-principal', phrases: ['保本', '保证本金', '本金无忧', '本金不会亏', 'principal guaranteed', 'guaranteed principal', 'capital guaranteed', 'capital-guaranteed'] },
  {
    rule: 'guaranteed-return',
    phrases: [
      '保收益',
      '保证收益',
      '保底收益',
      '保本保息',
      '稳赚',
      '只赚不赔',
      '包赚',
      '收益有保障',
      '刚性兑付',
      '刚兑',
      'guaranteed return',
      'guaranteed returns',
      'guaranteed yield',
      'guaranteed profit',
      'guaranteed income',
      'cannot lose',
      "can't lose",
    ],
  },
  { rule: 'risk-free', phrases: ['零风险', '无风险', '没有任何风险', '没有风险', '毫无风险', 'risk-free', 'risk free', 'zero risk', 'no risk at all'] },
];

// Before a promise phrase in the same clause, these make it a denial (不保本, "not risk-free").
const ZH_NEGATORS = ['不', '非', '没', '无法', '未', '勿', '禁止', '严禁', '不得', '并非', '不是', '不能', '不会'];
const EN_NEGATORS = /\b(not|no|never|cannot|can't|isn't|aren't|doesn't|don't|won't|without|neither|nor)\b[^.!?;,]{0,24}$/i;
const CLAUSE_END = /[。！？；，、,.!?;\n]/;
// 确保收益率… / 担保收益权…: 保 belongs to the word before it, not a promise.
const ZH_NOT_A_PROMISE_BEFORE = ['确', '担', '环', '医', '社', '参'];

/** Disclosures that satisfy the rule: the regulator's three sentences and their common variants. */
export const RISK_DISCLOSURE_PHRASES: readonly string[] = [
  '理财非存款',
  '产品有风险',
  '投资须谨慎',
  '投资需谨慎',
  '市场有风险',
  '不保本',
  '非保本',
  '风险自担',
  '可能损失本金',
  '可能亏损',
  '风险提示',
  '风险揭示',
  'not a deposit',
  'involves risk',
  'involve risk',
  'investment risk',
  'may lose',
  'could lose',
  'not guaranteed',
  'not principal-protected',
  'not principal protected',
];
/** The phrase a missing-disclosure finding names, in the reply's language. */
export const RISK_DISCLOSURE_RULE_PHRASE = { zh: '理财非存款、产品有风险、投资须谨慎', en: 'Wealth products are not deposits; investment involves risk' } as const;

/** A case is about wealth or insurance products when its fields say so or its words do. */
export const WEALTH_FIELD_VALUES: Readonly<Record<string, readonly string[]>> = {
  category: ['wealth'],
  product: ['wealth', 'insurance-agency'],
  topic: ['wealth'],
};
export const WEALTH_WORDS: readonly string[] = [
  '理财',
  '基金',
  '代销',
  '保险产品',
  '年金',
  '分红险',
  '万能险',
  '收益率',
  '净值',
  '结构性存款',
  'wealth management',
  'wealth product',
  'mutual fund',
  'investment product',
  'annuity',
  'insurance policy',
  'investment fund',
];

/** Words no polite reply to a customer contains; a hit is a rude reply whatever the classifier says. */
export const RUDE_PHRASES: readonly string[] = [
  '你懂不懂',
  '听不懂吗',
  '看不懂吗',
  '爱投诉就投诉',
  '随便你投诉',
  '关我什么事',
  '不关我的事',
  '烦不烦',
  '有完没完',
  '别烦',
  '少废话',
  '闭嘴',
  '有病',
  '神经病',
  '爱办不办',
  '爱信不信',
  '你自己去查',
  '自己看去',
  '滚开',
  '你给我滚',
  '蠢货',
  '笨蛋',
  'shut up',
  'stupid',
  'idiot',
  'not my problem',
  'deal with it',
  'stop bothering',
  'go away',
  "can't you read",
  'figure it out yourself',
  'whatever you say',
];

export interface PhraseHit {
  /** The lexicon's phrase (never the text around it). */
  phrase: string;
  /** Where in the text: for the caller's own use, never stored. */
  index: number;
}

const isLatin = (phrase: string) => /^[\x20-\x7e]+$/.test(phrase);

/** Occurrences of a phrase: Latin phrases whole-word and case-insensitive, Chinese as written. */
export function findPhrase(text: string, phrase: string): number[] {
  const found: number[] = [];
  if (isLatin(phrase)) {
    const pattern = new RegExp(`(?<![A-Za-z])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`, 'gi');
    for (const m of text.matchAll(pattern)) found.push(m.index);
    return found;
  }
  for (let i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) found.push(i);
  return found;
}

/** The first phrase of the list the text contains, if any. */
export function firstPhraseIn(text: string, phrases: readonly string[]): PhraseHit | undefined {
  for (const phrase of phrases) {
    const [index] = findPhrase(text, phrase);
    if (index !== undefined) return { phrase, index };
  }
  return undefined;
}

/** Is the phrase at `index` denied by what comes before it in its clause (不保本, "is not risk-free")? */
export function isNegated(text: string, index: number, phrase: string): boolean {
  let start = index;
  while (start > 0 && !CLAUSE_END.test(text[start - 1]!) && index - start < 40) start--;
  const before = text.slice(start, index);
  if (isLatin(phrase)) return EN_NEGATORS.test(before);
  if (phrase.startsWith('保') && ZH_NOT_A_PROMISE_BEFORE.some((c) => before.endsWith(c))) return true;
  // Only the last few characters: 不 far back in a long clause says nothing about this phrase.
  const near = before.slice(-6);
  return ZH_NEGATORS.some((n) => near.includes(n));
}

/** Promises made (not denied) in the text: one hit per rule, its first phrase. */
export function findForbiddenPromises(text: string): { rule: PromiseRule['rule']; phrase: string }[] {
  const hits: { rule: PromiseRule['rule']; phrase: string }[] = [];
  for (const { rule, phrases } of FORBIDDEN_PROMISES) {
    const phrase = phrases.find((p) => findPhrase(text, p).some((index) => !isNegated(text, index, p)));
    if (phrase !== undefined) hits.push({ rule, phrase });
  }
  return hits;
}

/** Is the text mostly Chinese? Decides the language of a rule's phrase in a finding. */
export function isMostlyChinese(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return han * 2 >= latin;
}
