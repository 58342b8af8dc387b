// Writes the shipped labelled set (train.jsonl, test.jsonl) for the five demo case types.
//   node --import tsx packages/server/assist-data/generate.ts [--seed 22] [--out <dir>]
// Deterministic: the same seed writes the same files, byte for byte. The test split is built
// from held-out phrasings, frames, people, streets and companies (see splitOf), so a model
// trained on train.jsonl is measured on sentences it never saw.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CITIES,
  COMPANIES,
  type ComplaintCategory,
  type ComplaintProduct,
  type Content,
  EMAIL_DOMAINS,
  PINYIN_GIVEN,
  PINYIN_SURNAMES,
  STREETS,
  splitOf,
  WESTERN_FIRST,
  WESTERN_LAST,
  ZH_GIVEN,
  ZH_SURNAMES,
} from './content.ts';
import { type Composed, EN_COMPOSED, ZH_COMPOSED } from './content-compose.ts';
import { EN } from './content-en.ts';
import { ZH } from './content-zh.ts';
import { int, pick, type Random, seededRandom } from './identities.ts';
import { type EntitySpan, type Lang, newRowValues, type Person, RowText, type Split } from './render.ts';

export interface GeneratedRow {
  text: string;
  labels: Record<string, string>;
  entities: EntitySpan[];
}

export const DEFAULT_SEED = 22;
export const SIZES = { train: 2500, test: 600 } as const;

type CaseType = 'complaint' | 'consultation' | 'suggestion' | 'suspicious-transaction' | 'credit-approval';

function weighted<T extends string>(random: Random, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as [T, number][];
  let r = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return (entries[entries.length - 1] as [T, number])[0];
}

/** One language's phrasings, narrowed to a split. */
function narrowed(content: Content, split: Split): Content {
  const narrow = <T>(items: readonly T[]) => splitOf(items, split);
  const each = <K extends string, V>(record: Record<K, V[]>) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, narrow(v as V[])])) as Record<K, V[]>;
  return {
    complaint: each(content.complaint),
    consultation: each(content.consultation),
    suggestion: narrow(content.suggestion),
    suspicious: each(content.suspicious),
    risk: each(content.risk),
    credit: each(content.credit),
    creditNotes: narrow(content.creditNotes),
    urgency: each(content.urgency),
    emotion: each(content.emotion),
    complaintDetails: narrow(content.complaintDetails),
    complaintAsks: narrow(content.complaintAsks),
    identity: each(content.identity),
    channels: { call: narrow(content.channels.call), email: narrow(content.channels.email), chat: narrow(content.channels.chat) },
    subjects: each(content.subjects),
    alertFrames: narrow(content.alertFrames),
    alertDetails: narrow(content.alertDetails),
    creditFrames: narrow(content.creditFrames),
  };
}

function narrowedComposed(composed: Composed, split: Split): Composed {
  return { ...composed, complaintFrames: splitOf(composed.complaintFrames, split), questionFrames: splitOf(composed.questionFrames, split), clauseFrames: splitOf(composed.clauseFrames, split), riskFrames: splitOf(composed.riskFrames, split) };
}

class Generator {
  private readonly content: Record<Lang, Content>;
  private readonly composed: Record<Lang, Composed>;
  private readonly zhGiven: string[];
  private readonly pinyinGiven: string[];
  private readonly westernFirst: string[];
  private readonly westernLast: string[];
  private readonly streets: [string, string][];
  private readonly companies: [string, string][];

  constructor(
    private readonly random: Random,
    split: Split,
  ) {
    this.content = { zh: narrowed(ZH, split), en: narrowed(EN, split) };
    this.composed = { zh: narrowedComposed(ZH_COMPOSED, split), en: narrowedComposed(EN_COMPOSED, split) };
    this.zhGiven = splitOf(ZH_GIVEN, split);
    this.pinyinGiven = splitOf(PINYIN_GIVEN, split);
    this.westernFirst = splitOf(WESTERN_FIRST, split);
    this.westernLast = splitOf(WESTERN_LAST, split);
    this.streets = splitOf(STREETS, split);
    this.companies = splitOf(COMPANIES, split);
  }

  private person(lang: Lang): Person {
    const { random } = this;
    const latin = `${pick(random, this.pinyinGiven)} ${pick(random, PINYIN_SURNAMES)}`;
    if (lang === 'zh') return { name: pick(random, ZH_SURNAMES) + pick(random, this.zhGiven), latin };
    if (random() < 0.6) {
      const surname = pick(random, PINYIN_SURNAMES);
      const given = pick(random, this.pinyinGiven);
      const name = random() < 0.7 ? `${surname} ${given}` : `${given} ${surname}`;
      return { name, latin: name };
    }
    const name = `${pick(random, this.westernFirst)} ${pick(random, this.westernLast)}`;
    return { name, latin: name };
  }

  private address(lang: Lang): string {
    const { random } = this;
    const [cityZh, cityEn] = pick(random, CITIES);
    const [streetZh, streetEn] = pick(random, this.streets);
    const n = int(random, 1, 999);
    const building = int(random, 1, 30);
    const room = `${int(random, 1, 28)}0${int(random, 1, 6)}`;
    const style = random();
    if (lang === 'zh') {
      if (style < 0.4) return `${cityZh}${streetZh}${n}号`;
      if (style < 0.7) return `${cityZh}${streetZh}${n}号${building}栋${int(random, 1, 4)}单元${room}室`;
      return `${cityZh}${streetZh}${n}号${building}号楼${room}室`;
    }
    if (style < 0.4) return `${n} ${streetEn}, ${cityEn}`;
    if (style < 0.7) return `No. ${n} ${streetEn}, ${cityEn}`;
    return `Room ${room}, Building ${building}, ${n} ${streetEn}, ${cityEn}`;
  }

  row(): GeneratedRow {
    const { random } = this;
    const lang: Lang = random() < 0.5 ? 'zh' : 'en';
    const caseType = weighted<CaseType>(random, { complaint: 45, consultation: 22, suggestion: 8, 'suspicious-transaction': 13, 'credit-approval': 12 });
    const [companyZh, companyEn] = pick(random, this.companies);
    const values = newRowValues(random, this.person(lang), this.address(lang), lang === 'zh' ? companyZh : companyEn, pick(random, EMAIL_DOMAINS));
    const text = new RowText(random, lang, values);
    const labels: Record<string, string> = { caseType };
    const c = this.content[lang];
    switch (caseType) {
      case 'complaint':
        this.complaint(text, labels, c, lang);
        break;
      case 'consultation': {
        const topic = weighted(random, { accounts: 1, loans: 1, wealth: 1 });
        labels.topic = topic;
        const composed = this.composed[lang];
        const question = random() < 0.35 ? pick(random, c.consultation[topic]) : pick(random, composed.questionFrames).replace('{k}', pick(random, composed.subjects[topic]));
        this.customerVoice(text, labels, c, lang, 'consultation', question, {
          urgency: { low: 25, normal: 50, high: 20, urgent: 5 },
          emotion: { calm: 70, anxious: 25, angry: 5 },
        });
        break;
      }
      case 'suggestion':
        this.customerVoice(text, labels, c, lang, 'suggestion', pick(random, c.suggestion), { urgency: { low: 50, normal: 45, high: 5, urgent: 0 }, emotion: { calm: 85, anxious: 5, angry: 10 } });
        break;
      case 'suspicious-transaction':
        this.alert(text, labels, c, lang);
        break;
      case 'credit-approval':
        this.credit(text, labels, c, lang);
        break;
    }
    return { text: text.text.trimEnd(), labels, entities: text.entities };
  }

  private complaint(text: RowText, labels: Record<string, string>, c: Content, lang: Lang): void {
    const category = weighted<ComplaintCategory>(this.random, { fees: 1, service: 1, wealth: 1, 'credit-card': 1, other: 1 });
    const { random } = this;
    let product: ComplaintProduct;
    let issue: string;
    if (random() < 0.3) [product, issue] = pick(random, c.complaint[category]);
    else {
      const composed = this.composed[lang];
      const happened = composed.happened[category];
      product = pick(random, Object.keys(happened).sort() as ComplaintProduct[]);
      issue = pick(random, composed.complaintFrames)
        .replace('{p}', pick(random, composed.productWords[product]))
        .replace('{k}', pick(random, happened[product] ?? []));
    }
    labels.category = category;
    labels.product = product;
    this.customerVoice(text, labels, c, lang, 'complaint', issue, { urgency: { low: 20, normal: 35, high: 30, urgent: 15 }, emotion: { calm: 35, anxious: 30, angry: 35 } });
  }

  /** A complaint, a question or a suggestion in the customer's own words: a call, an e-mail or a chat. */
  private customerVoice(
    text: RowText,
    labels: Record<string, string>,
    c: Content,
    lang: Lang,
    kind: 'complaint' | 'consultation' | 'suggestion',
    issue: string,
    weights: { urgency: Record<string, number>; emotion: Record<string, number> },
  ): void {
    const { random } = this;
    const urgency = weighted(random, weights.urgency);
    const emotion = weighted(random, weights.emotion);
    labels.urgency = urgency;
    labels.emotion = emotion;
    const channel = weighted(random, { call: 40, email: 30, chat: 30 });
    const sep = lang === 'zh' ? '' : ' ';
    const say = (...parts: string[]) =>
      parts
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .join(sep);

    const identity: string[] = [];
    const wants = (p: number) => random() < p;
    const product = labels.product;
    if (kind === 'complaint') {
      if (wants(0.85)) identity.push(pick(random, c.identity.name));
      if (wants(0.7)) identity.push(pick(random, c.identity.phone));
      if (wants(0.3)) identity.push(pick(random, c.identity.rid));
      if (product === 'credit-card' && wants(0.5)) identity.push(pick(random, c.identity.ccard));
      else if (product === 'debit-card' && wants(0.5)) identity.push(pick(random, c.identity.card));
      if (wants(channel === 'email' ? 0.3 : 0.05)) identity.push(pick(random, c.identity.email));
      if (wants(0.15)) identity.push(pick(random, c.identity.address));
    } else if (kind === 'consultation') {
      if (wants(0.7)) identity.push(pick(random, c.identity.name));
      if (wants(0.5)) identity.push(pick(random, c.identity.phone));
      if (wants(0.15)) identity.push(pick(random, c.identity.rid));
      if (wants(channel === 'email' ? 0.4 : 0.05)) identity.push(pick(random, c.identity.email));
    } else {
      if (wants(0.6)) identity.push(pick(random, c.identity.name));
      if (wants(channel === 'email' ? 0.8 : 0.3)) identity.push(pick(random, c.identity.email));
      if (wants(0.2)) identity.push(pick(random, c.identity.phone));
      if (wants(0.1)) identity.push(pick(random, c.identity.address));
    }
    const details = kind === 'complaint' ? Array.from({ length: int(random, 0, 2) }, () => pick(random, c.complaintDetails)).filter((d, i, all) => all.indexOf(d) === i) : [];
    const ask = kind === 'complaint' && wants(0.7) ? pick(random, c.complaintAsks) : '';
    const urgencyText = this.clause(lang, 'urgency', urgency);
    const emotionText = this.clause(lang, 'emotion', emotion);
    const body = say(issue, ...details);
    // Feelings come first or last, as people say them.
    const feelingsFirst = wants(0.3);
    const closing = feelingsFirst ? say(ask, urgencyText) : say(emotionText, ask, urgencyText);

    if (channel === 'call') {
      const frame = pick(random, c.channels.call);
      const colon = lang === 'zh' ? '：' : ': ';
      const turn = (who: string, words: string) => (words.trim() ? `${who}${colon}${words.trim()}\n` : '');
      const idFirst = wants(0.4);
      text.add(turn(frame.agent, frame.open));
      if (idFirst && identity.length) text.add(turn(frame.customer, say(...identity)));
      text.add(turn(frame.customer, say(feelingsFirst ? emotionText : '', body)));
      if (!idFirst && identity.length) {
        text.add(turn(frame.agent, frame.ask));
        text.add(turn(frame.customer, say(...identity)));
      }
      text.add(turn(frame.customer, closing));
      text.add(`${frame.agent}${colon}${frame.close}`);
      return;
    }
    if (channel === 'email') {
      const frame = pick(random, c.channels.email);
      const subjects = c.subjects[kind];
      text.add(`${frame.subject.replace('{subject}', pick(random, subjects))}\n\n${frame.greet}\n`);
      const nameLine = identity.find((i) => i.includes('{name}'));
      const others = identity.filter((i) => i !== nameLine);
      text.add(say(nameLine ?? '', feelingsFirst ? emotionText : '', body, closing));
      if (others.length) text.add(`\n${say(...others)}`);
      text.add(`\n\n${frame.sign}\n`);
      text.add(nameLine || wants(0.5) ? '{name}' : lang === 'zh' ? '一位客户' : 'A customer');
      if (wants(0.4)) text.add('\n{date}');
      return;
    }
    const frame = pick(random, c.channels.chat);
    let minute = int(random, 0, 22 * 60);
    const line = (who: string, words: string) => {
      if (!words.trim()) return;
      minute += int(random, 0, 2);
      const stamp = wants(0.6) ? `[${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}] ` : '';
      text.add(`${stamp}${who}${lang === 'zh' ? '：' : ': '}${words.trim()}\n`);
    };
    line(frame.customer, frame.hello);
    line(frame.agent, frame.reply);
    line(frame.customer, say(feelingsFirst ? emotionText : '', body));
    // Some details come one per message, the rest together in one.
    const together: string[] = [];
    for (const part of identity) {
      if (wants(0.5)) line(frame.customer, part);
      else together.push(part);
    }
    line(frame.customer, say(...together));
    line(frame.customer, closing);
  }

  /** How urgent it is, or how the customer feels: a whole sentence, or a frame around the words that say it. */
  private clause(lang: Lang, kind: 'urgency' | 'emotion', level: string): string {
    const { random } = this;
    const whole = this.content[lang][kind] as Record<string, string[]>;
    const composed = this.composed[lang][kind] as Record<string, string[]>;
    if ((level === 'normal' || level === 'calm') && random() < 0.25) return '';
    if (random() < 0.5) return pick(random, whole[level] ?? []);
    const words = pick(random, composed[level] ?? []);
    return pick(random, this.composed[lang].clauseFrames)
      .replace('{K}', words.charAt(0).toUpperCase() + words.slice(1))
      .replace('{k}', words);
  }

  private alert(text: RowText, labels: Record<string, string>, c: Content, lang: Lang): void {
    const { random } = this;
    const rule = weighted(random, { 'large-amount': 1, frequent: 1, 'fan-in-out': 1, sanctions: 1 });
    const riskLevel = weighted(random, { low: 1, medium: 1, high: 1 });
    labels.rule = rule;
    labels.riskLevel = riskLevel;
    // An alert's urgency follows its risk: a high-risk alert has a reporting deadline.
    labels.urgency = riskLevel === 'high' ? 'high' : riskLevel === 'medium' ? 'normal' : 'low';
    labels.emotion = 'calm';
    const frame = pick(random, c.alertFrames);
    text.add(frame.replace('{rule}', pick(random, c.suspicious[rule])).replace('{risk}', random() < 0.5 ? pick(random, c.risk[riskLevel]) : pick(random, this.composed[lang].riskFrames).replace('{k}', pick(random, this.composed[lang].risk[riskLevel]))).replace('{detail}', pick(random, c.alertDetails)));
  }

  private credit(text: RowText, labels: Record<string, string>, c: Content, lang: Lang): void {
    const { random } = this;
    const product = weighted(random, { personal: 1, mortgage: 1, 'small-business': 1 });
    const urgency = weighted(random, { low: 15, normal: 50, high: 25, urgent: 10 });
    const emotion = weighted(random, { calm: 75, anxious: 25 });
    labels.product = product;
    labels.urgency = urgency;
    labels.emotion = emotion;
    const sep = lang === 'zh' ? '' : ' ';
    const frame = pick(random, c.creditFrames);
    text.add(frame.replace('{product}', pick(random, c.credit[product])).replace('{note}', pick(random, c.creditNotes)));
    const tail = [this.clause(lang, 'emotion', emotion), this.clause(lang, 'urgency', urgency)].filter((t) => t !== '').join(sep);
    if (tail) text.add(`\n${tail}`);
  }
}

export function generate(split: Split, seed = DEFAULT_SEED, size: number = SIZES[split]): GeneratedRow[] {
  // Each split has its own stream: the test split does not shift when the training split grows.
  const generator = new Generator(seededRandom(split === 'train' ? seed : seed + 1_000_003), split);
  return Array.from({ length: size }, () => generator.row());
}

export function toJsonl(rows: GeneratedRow[]): string {
  return rows.map((row) => JSON.stringify({ text: row.text, labels: row.labels, entities: row.entities })).join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const seed = Number(arg('--seed') ?? DEFAULT_SEED);
  const out = arg('--out') ?? path.dirname(fileURLToPath(import.meta.url));
  for (const split of ['train', 'test'] as const) {
    const rows = generate(split, seed);
    writeFileSync(path.join(out, `${split}.jsonl`), toJsonl(rows));
    process.stdout.write(`${split}.jsonl: ${rows.length} rows\n`);
  }
}
