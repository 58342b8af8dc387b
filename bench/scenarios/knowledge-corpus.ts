// Issue 19: a knowledge base of any size written from a vocabulary of banking sentences, so words
// repeat as in a real one (a few products and topics in most articles, a long tail of rare
// terms), plus the cases the suggestions bench compares with. Deterministic: article i is the same
// in every run.

/** Products by how often articles name them (the first ones far more often: rank^-0.9). */
const PRODUCTS = [
  '信用卡',
  '借记卡',
  '手机银行',
  '理财产品',
  '个人住房贷款',
  '大额存单',
  '定期存款',
  '网上银行',
  '消费贷款',
  '跨境汇款',
  '代发工资',
  '对公账户',
  '经营贷款',
  '基金代销',
  '保险代销',
  '外汇兑换',
  '社保卡',
  '养老金账户',
  '贵金属',
  '第三方存管',
  'ETC 记账卡',
  '数字人民币钱包',
  '公积金贷款',
  '汽车贷款',
  '助学贷款',
];
const TOPICS = [
  '年费',
  '挂失',
  '补卡',
  '激活',
  '销户',
  '转账限额',
  '密码重置',
  '提前还款',
  '利率调整',
  '手续费',
  '分期',
  '还款',
  '逾期',
  '额度调整',
  '赎回',
  '风险评估',
  '开户',
  '冻结',
  '解冻',
  '积分',
  '账单',
  '争议交易',
  '退款',
  '证明开具',
  '身份核验',
  '不明扣费',
  '到账时间',
  '自动扣款',
];
const KINDS = [
  { kind: 'sop', suffix: '操作规程' },
  { kind: 'faq', suffix: '常见问题' },
  { kind: 'script', suffix: '标准话术' },
  { kind: 'note', suffix: '处理经验' },
  { kind: 'sop', suffix: '办理指引' },
  { kind: 'regulation', suffix: '监管要求摘要' },
] as const;
const UNITS = ['北京分行', '上海分行', '广州分行', '深圳分行', '成都分行', '武汉分行', '总行运营管理部', '总行消保部', '信用卡中心', '个人金融部'];
// Latin words staff write beside Chinese: card schemes, message types, abbreviations, English terms.
const LATIN = [
  'Visa',
  'Mastercard',
  'UnionPay',
  'SWIFT',
  'ATM',
  'POS',
  'KYC',
  'AML',
  'LPR',
  'OTP',
  'chargeback',
  'statement',
  'refund',
  'overdraft',
  'settlement',
  'dispute',
  'annual',
  'instalment',
  'limit',
  'transfer',
];
// Words only a few articles hold: the rare queries of the bench.
const RARE = ['双录', '睡眠卡', '久悬账户', '受益所有人', '跑分', '征信异议', '质押', '展期', '冲正', '圈存'];

const SENTENCES = [
  '客户办理{p}{t}业务时，应核验本人有效身份证件。',
  '{p}{t}须在受理后{n}个工作日内办结，并告知客户处理结果。',
  '对{p}的{t}有异议的，坐席应记录客户诉求并转{u}核实。',
  '办理{t}前，请向客户说明{p}的收费标准和办理渠道。',
  '{p}{t}可通过手机银行、网点柜面或客服热线办理。',
  '如客户反映{p}被收取不明费用，应调取交易流水核对收费依据。',
  '{u}负责{p}{t}的业务指导和检查。',
  '涉及{p}{t}的投诉，应在{n}日内作出处理决定。',
  '客户为老年人的，办理{p}{t}时应放慢语速并充分提示风险。',
  '{p}{t}的办理结果须以短信告知客户。',
  '系统无法自动处理{t}的，由经办人在{n}个工作日内手工处理。',
  '境外 {l} 交易涉及{p}{t}的，按卡组织规则在时限内处理。',
  '如客户要求提供 {l} 相关证明，可在网点打印。',
  '不得向客户承诺{p}{t}的处理结果。',
  '{p}的{t}标准以营业网点公示为准。',
  '经办人应在系统中记录{t}的处理过程，以备查询。',
  '超过{n}万元的{p}{t}须经主管授权。',
  '对疑似电信诈骗的{p}{t}，应暂停办理并提示客户。',
  '客户通过掌上银行办理{t}失败的，可引导其到网点办理。',
  '办理{p}{t}须由客户本人签字确认。',
];

/** A deterministic pseudo-random sequence from a seed (the same article text in every run). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

function zipfPicker<T>(items: readonly T[], exponent: number): (r: number) => T {
  const weights = items.map((_, i) => 1 / (i + 1) ** exponent);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w / total;
    cumulative.push(sum);
  }
  return (r) =>
    items[
      Math.min(
        items.length - 1,
        cumulative.findIndex((c) => r <= c),
      )
    ]!;
}

const pickProduct = zipfPicker(PRODUCTS, 0.9);
const pickTopic = zipfPicker(TOPICS, 0.7);

export interface BenchArticle {
  kind: string;
  title: string;
  summary: string;
  /** HTML as the editor saves it. */
  body: string;
  /** The body's plain text, for the direct path. */
  bodyText: string;
  categoryKey: string;
  audience: 'internal' | 'customer';
  tags: string[];
  caseTypes: string[];
  products: string[];
  /** Which departments it reaches, by the bench's department names. */
  reach: 'bank' | 'head-office' | 'branch-a' | 'branch-b';
  validTo: string | null;
}

export const BENCH_CATEGORIES = ['cards', 'accounts', 'wealth', 'loans', 'protection', 'aml', 'regulations', 'scripts'] as const;
const CATEGORY_OF: Record<string, (typeof BENCH_CATEGORIES)[number]> = {
  信用卡: 'cards',
  借记卡: 'cards',
  社保卡: 'cards',
  'ETC 记账卡': 'cards',
  手机银行: 'accounts',
  网上银行: 'accounts',
  大额存单: 'accounts',
  定期存款: 'accounts',
  对公账户: 'accounts',
  代发工资: 'accounts',
  数字人民币钱包: 'accounts',
  养老金账户: 'accounts',
  跨境汇款: 'accounts',
  外汇兑换: 'accounts',
  理财产品: 'wealth',
  基金代销: 'wealth',
  保险代销: 'wealth',
  贵金属: 'wealth',
  第三方存管: 'wealth',
};
const PRODUCT_KEY: Record<string, string> = {
  信用卡: 'credit-card',
  理财产品: 'wealth',
  个人住房贷款: 'mortgage',
  公积金贷款: 'mortgage',
  借记卡: 'debit-card',
  消费贷款: 'personal',
  经营贷款: 'small-business',
};

/** Article i of the bench's knowledge base. */
export function benchArticle(i: number): BenchArticle {
  const random = seededRandom(i * 7919 + 17);
  const product = pickProduct(random());
  const topic = pickTopic(random());
  const kind = KINDS[Math.floor(random() * KINDS.length)]!;
  const unit = UNITS[Math.floor(random() * UNITS.length)]!;
  const fill = (template: string) =>
    template
      .replaceAll('{p}', random() < 0.85 ? product : pickProduct(random()))
      .replaceAll('{t}', random() < 0.8 ? topic : pickTopic(random()))
      .replaceAll('{u}', unit)
      .replaceAll('{n}', String(1 + Math.floor(random() * 30)))
      .replaceAll('{l}', LATIN[Math.floor(random() * LATIN.length)]!);
  const sentences = Array.from({ length: 8 + Math.floor(random() * 10) }, () => fill(SENTENCES[Math.floor(random() * SENTENCES.length)]!));
  if (random() < 0.02) sentences.push(`注意${RARE[Math.floor(random() * RARE.length)]}相关要求。`);
  if (random() < 0.3) sentences.push(`英文摘要: ${LATIN[Math.floor(random() * LATIN.length)]} ${LATIN[Math.floor(random() * LATIN.length)]} handling for ${product}.`);
  const half = Math.ceil(sentences.length / 2);
  const body = `<h2>办理要求</h2><p>${sentences.slice(0, half).join('')}</p><h2>注意事项</h2><ul>${sentences
    .slice(half)
    .map((s) => `<li>${s}</li>`)
    .join('')}</ul>`;
  const bodyText = `办理要求\n${sentences.slice(0, half).join('')}\n注意事项\n${sentences.slice(half).join('\n')}`;
  const r = random();
  const reach = r < 0.06 ? 'head-office' : r < 0.11 ? 'branch-a' : r < 0.16 ? 'branch-b' : 'bank';
  return {
    kind: kind.kind,
    title: `${product}${topic}${kind.suffix}（${unit} ${2020 + (i % 7)}-${String(1 + (i % 12)).padStart(2, '0')}）`,
    summary: `${product}${topic}的办理要求、时限与注意事项。`,
    body,
    bodyText,
    categoryKey: `bench-${CATEGORY_OF[product] ?? (product.includes('贷款') ? 'loans' : 'protection')}`,
    audience: kind.kind === 'faq' && random() < 0.5 ? 'customer' : 'internal',
    tags: [topic, product],
    caseTypes: [topic === '不明扣费' || topic === '争议交易' ? 'complaint' : random() < 0.5 ? 'consultation' : 'complaint'],
    products: PRODUCT_KEY[product] ? [PRODUCT_KEY[product]] : [],
    reach,
    // About 3% were superseded and are expired.
    validTo: random() < 0.03 ? '2024-01-01T00:00:00Z' : null,
  };
}

/** The bench's synonym sets (as the demo's). */
export const BENCH_SYNONYMS = [
  ['信用卡', '贷记卡'],
  ['借记卡', '储蓄卡'],
  ['挂失', '报失'],
  ['个人住房贷款', '房贷', '按揭'],
  ['手机银行', '掌上银行'],
];

/** The mixed query set: each class is reported on its own and all together. */
export const BENCH_QUERIES: { class: string; q: string }[] = [
  ...['信用卡', '手机银行', '理财产品', '手续费', '挂失'].map((q) => ({ class: 'common word', q })),
  ...['双录', '睡眠卡', '受益所有人', '征信异议', '圈存'].map((q) => ({ class: 'rare word', q })),
  ...['信用卡 年费', '个人住房贷款 提前还款', '理财产品 赎回', '手机银行 转账限额', '借记卡 不明扣费'].map((q) => ({ class: 'two words', q })),
  ...['贷记卡年费', '储蓄卡 挂失', '按揭 利率调整', '掌上银行 密码重置', '报失 补卡'].map((q) => ({ class: 'synonym', q })),
  ...['chargebak', 'mastercrad', 'statment', 'overdraf', 'setlement'].map((q) => ({ class: 'Latin typo', q })),
  ...['信用卡年费怎么减免', '理财产品亏损了怎么投诉'].map((q) => ({ class: 'sentence', q })),
];

const CASE_TOPICS = [
  { title: '客户投诉不明扣费', text: '客户反映账户被收取不明费用，要求解释收费依据并退还。经核实为短信通知服务费，客户称未签约。', category: 'fees' },
  { title: '信用卡年费争议', text: '客户称信用卡未激活却被收取年费，要求全额退还。核实卡片确未激活，已退还年费并致歉。', category: 'credit-card' },
  { title: '理财产品亏损投诉', text: '客户购买的理财产品净值下跌，认为销售时未充分揭示风险。调阅双录资料，风险揭示完整。', category: 'wealth' },
  { title: '柜面服务态度投诉', text: '客户反映柜员办理挂失时态度生硬，排队时间长。已向客户致歉并对柜员进行服务培训。', category: 'service' },
  { title: '手机银行转账失败投诉', text: '客户使用手机银行转账提示超过限额，资金未到账。已协助客户调整转账限额并重新转账。', category: 'other' },
  { title: '房贷提前还款咨询', text: '客户询问个人住房贷款提前还款是否收取违约金，已告知合同约定并协助预约。', category: 'other' },
  { title: '信用卡分期手续费投诉', text: '客户认为信用卡分期手续费过高，未告知年化利率。已按年化利率重新说明并减免部分手续费。', category: 'credit-card' },
  { title: '借记卡被盗刷投诉', text: '客户借记卡在异地发生非本人交易，已办理挂失并协助报警，按争议交易流程处理。', category: 'other' },
];

/** Case i of the suggestions bench: a title and a description that repeat the way complaints do. */
export function benchCase(i: number): { title: string; description: string; category: string } {
  const random = seededRandom(i * 104_729 + 3);
  const topic = CASE_TOPICS[Math.floor(random() * CASE_TOPICS.length)]!;
  const extra = SENTENCES[Math.floor(random() * SENTENCES.length)]!.replaceAll('{p}', pickProduct(random()))
    .replaceAll('{t}', pickTopic(random()))
    .replaceAll('{u}', UNITS[i % UNITS.length]!)
    .replaceAll('{n}', '5')
    .replaceAll('{l}', 'ATM');
  return { title: `${topic.title}（${UNITS[i % UNITS.length]}）`, description: `${topic.text}${extra}`, category: topic.category };
}
