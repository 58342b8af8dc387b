import { describe, expect, it } from 'vitest';
import { detectPersonalData, type TextDataClass } from './personal-data-detector.ts';

// [text, expected spans as [class, the text of the span]]
const POSITIVES: [string, [TextDataClass, string][]][] = [
  ['客户身份证11010519491231002X已核实', [['resident-id', '11010519491231002X']]],
  ['id 44030419900307123x lower-case x', [['resident-id', '44030419900307123x']]],
  ['ID: 110105200001010016.', [['resident-id', '110105200001010016']]],
  ['card 6222021234567894 swallowed', [['bank-card', '6222021234567894']]],
  ['卡 6222 0212 3456 7894 被吞', [['bank-card', '6222 0212 3456 7894']]],
  ['card 6228-4800-1234-5678-903 (19 digits)', [['bank-card', '6228-4800-1234-5678-903']]],
  ['Visa 4111111111111111', [['bank-card', '4111111111111111']]],
  ['请回电13812345678', [['phone', '13812345678']]],
  ['call +86 138 1234 5678 today', [['phone', '+86 138 1234 5678']]],
  ['手机：199-8765-4321。', [['phone', '199-8765-4321']]],
  ['转账至账号：6217 0000 1234 5678 99', [['account', '6217 0000 1234 5678 99']]],
  ['account no. 0123456789012 closed', [['account', '0123456789012']]],
  ['A/C 9558801234567890123456', [['account', '9558801234567890123456']]],
  ['mail zhang.san@bank.example.cn please', [['email', 'zhang.san@bank.example.cn']]],
  ['客户王小明来电称卡被盗刷', [['name', '王小明']]],
  ['我叫欧阳娜娜，想咨询理财', [['name', '欧阳娜娜']]],
  ['请联系李明华女士确认', [['name', '李明华']]],
  [
    '户名：张伟 账号 6217000012345678990',
    [
      ['name', '张伟'],
      ['account', '6217000012345678990'],
    ],
  ],
  ['My name is John Smith and my card was declined', [['name', 'John Smith']]],
  ['Spoke to Mr. Wang about the fee', [['name', 'Wang']]],
  ['寄到上海市浦东新区世纪大道100号3楼', [['address', '上海市浦东新区世纪大道100号3楼']]],
  ['我住在北京市朝阳区建国路88号，请上门', [['address', '北京市朝阳区建国路88号']]],
  ['send it to 123 Main Street, Springfield please', [['address', '123 Main Street, Springfield']]],
  [
    '张先生 11010519491231002X 电话13812345678 卡号6222021234567894',
    [
      ['resident-id', '11010519491231002X'],
      ['phone', '13812345678'],
      ['bank-card', '6222021234567894'],
    ],
  ],
];

const NEGATIVES: [string, string][] = [
  ['resident id with a wrong check digit', '身份证110105194912310021'],
  ['resident id with an impossible birth date', '110105194902300021'],
  ['a card number failing Luhn', 'card 6222021234567895'],
  ['a 16-digit order number failing Luhn', '订单号 2026120412345678'],
  ['a Luhn-valid order number outside the card issuer ranges', '订单号 2016120412345674'],
  ['an order number with letters', '订单 DD20261204000138123456'],
  ['a phone number inside a longer number', '流水号 202613812345678901234'],
  ['a phone number that is not mobile', '电话 12812345678'],
  ['a 12-digit landline-like number', '010-12345678'],
  ['a date', '2026-12-04 与 20261204'],
  ['a timestamp', '20261204153000123'],
  ['an amount', '¥1,234,567.89 元 及 12345678.90'],
  ['a long amount', 'amount 1380000000.00'],
  ['an account-like number without the word account', '参考号 6217000012345678990'],
  ['a case number', 'CMP-2026-000123'],
  ['an at sign that is not an e-mail', '@张三 请处理'],
  ['empty text', ''],
  ['a surname with an honorific but no given name', '张先生来电，王女士已回复'],
  ['ordinary words after a naming word', '客户反映高度不满，我是来投诉的，本人已经还款'],
  ['words that start with a surname', '方便的话请马上回复，周末也可以，金额不对'],
  ['a city or district alone', '我在上海市浦东新区工作'],
  ['a street without a door or a district', '人民路上的网点排队很久'],
  ['a building floor without a place', '3楼柜台'],
  ['capitalised words after "this is"', 'This is The Bank. I am Very upset'],
];

describe('personal data in free text', () => {
  it.each(POSITIVES)('finds %s', (text, expected) => {
    const found = detectPersonalData(text).map((d) => [d.dataClass, text.slice(d.start, d.end)]);
    expect(found).toEqual(expected);
  });

  it.each(NEGATIVES)('finds nothing in %s', (_why, text) => {
    expect(detectPersonalData(text)).toEqual([]);
  });

  it('reports spans in text order without overlaps', () => {
    const text = '卡号6222021234567894 / 13812345678 / a@b.cn';
    const spans = detectPersonalData(text);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    expect(spans.map((s) => s.dataClass)).toEqual(['bank-card', 'phone', 'email']);
  });

  it('is linear on long hostile input', () => {
    const text = '1'.repeat(20_000) + ' ' + '账号'.repeat(5_000) + ' ' + 'a.'.repeat(10_000) + '@';
    // CPU time, not wall time: a backtracking pattern burns seconds of it, while wall time on a
    // loaded machine says more about the other processes.
    const started = process.cpuUsage();
    detectPersonalData(text);
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(1_000);
  });
});
