// Fills a template ("我叫{name}，卡号{card}") and records where each value landed: the entities
// of a row are exact by construction, not annotated afterwards.
import { accountNumber, alertId, bankCard, int, mobile, pick, type Random, residentId, uscc } from './identities.ts';

export type Lang = 'zh' | 'en';
export type Split = 'train' | 'test';

export interface EntitySpan {
  kind: string;
  value: string;
  start: number;
  end: number;
}

export interface Person {
  name: string;
  /** For e-mail addresses: latin letters. */
  latin: string;
}

/** The values one row speaks about: the same person, phone and card wherever they are mentioned. */
export interface RowValues {
  person: Person;
  phone: string;
  residentId: string;
  debitCard: string;
  creditCard: string;
  account: string;
  uscc: string;
  email: string;
  address: string;
  alertId: string;
  /** The day things happened: dates and date-times of the row fall on or near it. */
  day: { y: number; m: number; d: number };
  term: number;
  company: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const commas = (s: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function groupsOfFour(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

function phoneSurface(random: Random, phone: string): string {
  const r = random();
  if (r < 0.6) return phone;
  if (r < 0.8) return `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
  return `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
}

function amountOf(random: Random, size: 1 | 2 | 3, lang: Lang): { surface: string; value: string } {
  const [min, max] = size === 1 ? [20, 3000] : size === 2 ? [3000, 200000] : [200000, 5000000];
  const style = random();
  // Round sums are how people say them; the cents appear where a statement is read out.
  let n: number;
  if (style < 0.25 && size === 1) n = int(random, min * 100, max * 100) / 100;
  else if (size === 1) n = int(random, min / 10, max / 10) * 10;
  else n = int(random, min / 100, max / 100) * 100;
  const value = n.toFixed(2);
  const whole = Number.isInteger(n);
  const text = whole ? String(n) : n.toFixed(2);
  const withCommas = whole ? commas(String(n)) : `${commas(String(Math.trunc(n)))}.${n.toFixed(2).slice(-2)}`;
  if (lang === 'zh') {
    const forms = [`${text}元`, `${withCommas}元`, `¥${withCommas}`, `人民币${text}元`];
    if (whole && n >= 10000 && n % 100 === 0) forms.push(`${n / 10000}万元`, `${n / 10000}万元`);
    if (whole && size === 1) forms.push(`${n}块`, `${n}块钱`);
    return { surface: pick(random, forms), value };
  }
  const forms = [`RMB ${withCommas}`, `CNY ${commas(String(Math.trunc(n)))}.${n.toFixed(2).slice(-2)}`, `¥${withCommas}`, `${withCommas} yuan`];
  return { surface: pick(random, forms), value };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function dateSurface(random: Random, day: RowValues['day'], lang: Lang): { surface: string; value: string } {
  const value = `${day.y}-${pad(day.m)}-${pad(day.d)}`;
  const forms =
    lang === 'zh'
      ? [`${day.y}年${day.m}月${day.d}日`, `${day.y}年${day.m}月${day.d}日`, value, `${day.y}/${pad(day.m)}/${pad(day.d)}`]
      : [`${MONTHS[day.m - 1]} ${day.d}, ${day.y}`, `${day.d} ${MONTHS[day.m - 1]} ${day.y}`, value];
  return { surface: pick(random, forms), value };
}

function datetimeSurface(random: Random, day: RowValues['day'], lang: Lang): { surface: string; value: string } {
  const h = int(random, 0, 23);
  const mi = int(random, 0, 59);
  const withSeconds = random() < 0.3;
  const s = withSeconds ? int(random, 0, 59) : 0;
  const date = `${day.y}-${pad(day.m)}-${pad(day.d)}`;
  const time = `${pad(h)}:${pad(mi)}${withSeconds ? `:${pad(s)}` : ''}`;
  // The bank's zone (Asia/Shanghai): the offset is part of the value, as a datetime field stores it.
  const value = `${date}T${pad(h)}:${pad(mi)}:${pad(s)}+08:00`;
  const forms =
    lang === 'zh' ? [`${date} ${time}`, `${day.y}年${day.m}月${day.d}日 ${time}`, `${day.y}年${day.m}月${day.d}日${time}`] : [`${date} ${time}`, `${MONTHS[day.m - 1]} ${day.d}, ${day.y} at ${time}`];
  return { surface: pick(random, forms), value };
}

export function newRowValues(random: Random, person: Person, address: string, company: string, emailDomain: string): RowValues {
  const day = { y: pick(random, [2025, 2026]), m: int(random, 1, 12), d: int(random, 1, 28) };
  const handle = `${person.latin.toLowerCase().replace(/[^a-z]+/g, pick(random, ['.', '_', '']))}${random() < 0.5 ? int(random, 1, 99) : ''}`;
  return {
    person,
    phone: mobile(random),
    residentId: residentId(random),
    debitCard: bankCard(random, 'debit'),
    creditCard: bankCard(random, 'credit'),
    account: accountNumber(random),
    uscc: uscc(random),
    email: `${handle}@${emailDomain}`,
    address,
    alertId: alertId(random, day),
    day,
    term: pick(random, [12, 24, 36, 60, 120, 240, 360]),
    company,
  };
}

export class RowText {
  text = '';
  readonly entities: EntitySpan[] = [];

  constructor(
    private readonly random: Random,
    private readonly lang: Lang,
    private readonly values: RowValues,
  ) {}

  /** Appends a template: `{slot}` is a value (recorded as an entity) or a fixed word. */
  add(template: string): this {
    const parts = template.split(/(\{[a-zA-Z0-9]+\})/);
    for (const part of parts) {
      const slot = /^\{([a-zA-Z0-9]+)\}$/.exec(part)?.[1];
      if (slot) this.slot(slot);
      else this.text += part;
    }
    return this;
  }

  private entity(kind: string, surface: string, value: string): void {
    this.entities.push({ kind, value, start: this.text.length, end: this.text.length + surface.length });
    this.text += surface;
  }

  private slot(slot: string): void {
    const { random, lang, values } = this;
    switch (slot) {
      case 'name':
        this.entity('person-name', values.person.name, values.person.name);
        return;
      case 'phone':
        this.entity('phone', phoneSurface(random, values.phone), values.phone);
        return;
      case 'rid':
        this.entity('resident-id', values.residentId, values.residentId);
        return;
      case 'card':
      case 'ccard': {
        const card = slot === 'card' ? values.debitCard : values.creditCard;
        this.entity('bank-card', random() < 0.7 ? card : groupsOfFour(card), card);
        return;
      }
      case 'account':
        this.entity('account', values.account, values.account);
        return;
      case 'uscc':
        this.entity('uscc', values.uscc, values.uscc);
        return;
      case 'email':
        this.entity('email', values.email, values.email);
        return;
      case 'address':
        this.entity('address', values.address, values.address);
        return;
      case 'alert':
        this.entity('alert-id', values.alertId, values.alertId);
        return;
      case 'amt1':
      case 'amt2':
      case 'amt3': {
        const amount = amountOf(random, Number(slot.slice(3)) as 1 | 2 | 3, lang);
        this.entity('amount', amount.surface, amount.value);
        return;
      }
      case 'date': {
        const date = dateSurface(random, values.day, lang);
        this.entity('date', date.surface, date.value);
        return;
      }
      case 'datetime': {
        const datetime = datetimeSurface(random, values.day, lang);
        this.entity('datetime', datetime.surface, datetime.value);
        return;
      }
      case 'term':
        this.text += String(values.term);
        return;
      case 'company':
        this.text += values.company;
        return;
      default:
        throw new Error(`unknown slot {${slot}}`);
    }
  }
}
