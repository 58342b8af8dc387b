import { describe, expect, it } from 'vitest';
import { extractEntities, findRejectedIdentifiers } from './index.ts';
import type { EntityKind } from './types.ts';

// Read on Wednesday 11 March 2026, 10:00 in Shanghai.
const now = new Date('2026-03-11T10:00:00+08:00');
const read = (text: string) => extractEntities(text, { now }).map((e) => [e.kind, text.slice(e.start, e.end), e.value] as [EntityKind, string, string]);

describe('extractEntities, zh-CN', () => {
  it('reads a complaint call', () => {
    const text = '您好，我叫张伟，身份证号11010519491231002X，手机13812345678，昨天下午2点在ATM取款5000元被吞卡，卡号6222021234567894。';
    expect(read(text)).toEqual([
      ['person-name', '张伟', '张伟'],
      ['resident-id', '11010519491231002X', '11010519491231002X'],
      ['phone', '13812345678', '13812345678'],
      ['datetime', '昨天下午2点', '2026-03-10T14:00:00+08:00'],
      ['amount', '5000元', '5000'],
      ['bank-card', '6222021234567894', '6222021234567894'],
    ]);
  });

  it('reads two-character surnames, addresses, relative weekdays, 万 and accounts', () => {
    const text = '我是欧阳娜娜，住在北京市朝阳区建国路88号3栋2单元501室，上周五转账1.2万元到账号6217 0000 1234 5678 99。';
    expect(read(text)).toEqual([
      ['person-name', '欧阳娜娜', '欧阳娜娜'],
      ['address', '北京市朝阳区建国路88号3栋2单元501室', '北京市朝阳区建国路88号3栋2单元501室'],
      ['date', '上周五', '2026-03-06'],
      ['amount', '1.2万元', '12000'],
      ['account', '6217 0000 1234 5678 99', '621700001234567899'],
    ]);
  });

  it('reads an alert, an honorific, an ISO datetime, a bare 万 and a credit code', () => {
    const text = '预警编号：AML-2026-000123，客户王小明先生账户于2026-03-05 14:30收到3万，统一社会信用代码91350100M000100Y43';
    expect(read(text)).toEqual([
      ['alert-id', 'AML-2026-000123', 'AML-2026-000123'],
      ['person-name', '王小明', '王小明'],
      ['datetime', '2026-03-05 14:30', '2026-03-05T14:30:00+08:00'],
      ['amount', '3万', '30000'],
      ['uscc', '91350100M000100Y43', '91350100M000100Y43'],
    ]);
  });

  it('reads Chinese numerals, dates without a year and landlines', () => {
    const text = '二〇二六年三月二日被扣了两千块，12月5日又扣五千元，座机010-62345678，申请人：李明华';
    expect(read(text)).toEqual([
      ['date', '二〇二六年三月二日', '2026-03-02'],
      ['amount', '两千块', '2000'],
      ['date', '12月5日', '2025-12-05'],
      ['amount', '五千元', '5000'],
      ['phone', '010-62345678', '01062345678'],
      ['person-name', '李明华', '李明华'],
    ]);
  });

  it('resolves relative days in the given time zone', () => {
    // 23:30 UTC on the 10th is already the 11th in Shanghai.
    const late = new Date('2026-03-10T23:30:00Z');
    expect(extractEntities('今天', { now: late }).map((e) => e.value)).toEqual(['2026-03-11']);
    expect(extractEntities('today', { now: late, timeZone: 'UTC' }).map((e) => e.value)).toEqual(['2026-03-10']);
    expect(extractEntities('前天晚上8点半', { now }).map((e) => e.value)).toEqual(['2026-03-09T20:30:00+08:00']);
  });
});

describe('extractEntities, en-US', () => {
  it('reads an e-mail', () => {
    const text = 'My name is John Smith, I live at 123 Main Street, Springfield, IL 62701. On March 5, 2026 at 2:30 pm I was charged $1,200.50. Call me at +86 138 1234 5678 or John.Smith@example.com';
    expect(read(text)).toEqual([
      ['person-name', 'John Smith', 'John Smith'],
      ['address', '123 Main Street, Springfield, IL 62701', '123 Main Street, Springfield, IL 62701'],
      ['datetime', 'March 5, 2026 at 2:30 pm', '2026-03-05T14:30:00+08:00'],
      ['amount', '$1,200.50', '1200.5'],
      ['phone', '+86 138 1234 5678', '13812345678'],
      ['email', 'John.Smith@example.com', 'john.smith@example.com'],
    ]);
  });

  it('reads honorifics, day-month dates, currencies after the number and relative days', () => {
    const text = 'Dear Ms. Emily Chen, on 5 Mar we received 3,000 yuan; yesterday USD 250 left account no. 0123456789012.';
    expect(read(text)).toEqual([
      ['person-name', 'Emily Chen', 'Emily Chen'],
      ['date', '5 Mar', '2026-03-05'],
      ['amount', '3,000 yuan', '3000'],
      ['date', 'yesterday', '2026-03-10'],
      ['amount', 'USD 250', '250'],
      ['account', '0123456789012', '0123456789012'],
    ]);
    expect(extractEntities('$250', { now })[0]!.currency).toBe('USD');
    expect(extractEntities('250元', { now })[0]!.currency).toBe('CNY');
  });

  it('reads last Friday and an alert id after its word', () => {
    expect(read('Alert ID: TX99-0042 fired last Friday')).toEqual([
      ['alert-id', 'TX99-0042', 'TX99-0042'],
      ['date', 'last Friday', '2026-03-06'],
    ]);
  });
});

describe('what is not an entity', () => {
  it.each([
    ['an order number', '订单号2026120412345678'],
    ['a date written as digits', '流水 20260305 与 20261204153000123'],
    ['a case number', 'CMP-2026-000123'],
    ['a mobile number inside a longer number', '流水号 202613812345678901234'],
    ['a bare number', '共有 12345 笔'],
    ['a count in 万 of people', '3万人排队'],
    ['ordinary words after 客户', '客户反映高度不满，我是来投诉的'],
    ['a surname alone', '张先生说周末再来'],
    ['a city alone', '我在上海市工作'],
    ['a street alone', '人民路上车很多'],
    ['every Monday', '每周一还款'],
    ['capitalised words that are not names', 'This is The Bank calling. I am Very upset'],
  ])('nothing in %s', (_why, text) => {
    expect(read(text)).toEqual([]);
  });

  it('keeps amounts apart from the digits beside them', () => {
    expect(read('卡号6222021234567894扣款300元')).toEqual([
      ['bank-card', '6222021234567894', '6222021234567894'],
      ['amount', '300元', '300'],
    ]);
  });
});

describe('identifiers failing their check', () => {
  it('are not entities but are reported as likely mistyped', () => {
    const text = '身份证110105194912310021，卡号6222021234567895，统一社会信用代码91350100M000100Y44';
    expect(read(text)).toEqual([]);
    expect(findRejectedIdentifiers(text).map((r) => [r.kind, text.slice(r.start, r.end), r.reason])).toEqual([
      ['resident-id', '110105194912310021', 'check-digit'],
      ['bank-card', '6222021234567895', 'check-digit'],
      ['uscc', '91350100M000100Y44', 'check-digit'],
    ]);
  });

  it('do not include numbers that merely have the length', () => {
    expect(findRejectedIdentifiers('订单号 2026120412345678 / 999999999999999999')).toEqual([]);
  });
});

describe('spans', () => {
  it('are exact, in text order and never overlap', () => {
    const text = 'Name: 李雷  电话：+86-139-1234-5678 ￥3,000.00 2026/3/5 客户韩梅梅女士 mail lilei@bank.cn 上海市浦东新区世纪大道100号';
    const entities = extractEntities(text, { now });
    expect(entities.map((e) => text.slice(e.start, e.end))).toEqual(['李雷', '+86-139-1234-5678', '￥3,000.00', '2026/3/5', '韩梅梅', 'lilei@bank.cn', '上海市浦东新区世纪大道100号']);
    for (let i = 1; i < entities.length; i++) expect(entities[i]!.start).toBeGreaterThanOrEqual(entities[i - 1]!.end);
    for (const e of entities) expect(e.confidence).toBeGreaterThan(0);
  });

  it('count UTF-16 code units past characters outside the BMP', () => {
    const text = '😀😀 我叫赵敏 😀 13812345678';
    expect(extractEntities(text, { now }).map((e) => text.slice(e.start, e.end))).toEqual(['赵敏', '13812345678']);
  });

  it('stay linear on long hostile input', () => {
    const text = `${'1'.repeat(20_000)} ${'客户'.repeat(5_000)} ${'北京市'.repeat(3_000)}${'路'.repeat(3_000)} ${'a.'.repeat(10_000)}@`;
    const started = process.cpuUsage();
    extractEntities(text, { now });
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(2_000);
  });
});
