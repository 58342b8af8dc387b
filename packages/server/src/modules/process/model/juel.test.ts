// biome-ignore-all lint/suspicious/noTemplateCurlyInString: JUEL is written ${…}, and these strings are JUEL.
import { describe, expect, it } from 'vitest';
import { evaluateFeel, feelSyntaxProblem } from '../../../platform/feel/index.ts';
import { isJuel, translateJuel } from './juel.ts';

describe('translateJuel', () => {
  it.each([
    ['${approved}', 'approved'],
    ['#{approved}', 'approved'],
    ['${customer.address.city}', 'customer.address.city'],
    ['${amount > 1000}', 'amount > 1000'],
    ['${amount gt 1000 and risk eq "high"}', '(amount > 1000) and (risk = "high")'],
    ['${status == \'open\' || status != "closed"}', '(status = "open") or (status != "closed")'],
    ['${a <= 1 && b >= 2 && c < 3}', '((a <= 1) and (b >= 2)) and (c < 3)'],
    ['${x le 1 or y ge 2 or z lt 3 or w ne 4}', '(((x <= 1) or (y >= 2)) or (z < 3)) or (w != 4)'],
    ['${!approved}', 'not(approved)'],
    ['${not approved}', 'not(approved)'],
    ['${empty comment}', 'comment = null'],
    ['${not empty comment}', 'not(comment = null)'],
    ['${(a + b) * 2 - c / 4}', '((a + b) * 2) - (c / 4)'],
    ['${a % 2 == 0}', 'modulo(a, 2) = 0'],
    ['${a mod 2}', 'modulo(a, 2)'],
    ['${a div 2}', 'a / 2'],
    ['${-amount}', '-amount'],
    ['${true}', 'true'],
    ['${null}', 'null'],
    ["${'it\\'s'}", '"it\'s"'],
    ['${items[0].name}', 'items[1].name'],
    ["${order['total']}", 'order.total'],
    ["${order['line total']}", 'get value(order, "line total")'],
    ['${amount > 10 ? "big" : "small"}', 'if amount > 10 then "big" else "small"'],
    ['${金额 > 1000000 && 客户.等级 == "VIP"}', '(金额 > 1000000) and (客户.等级 = "VIP")'],
    ['Dear ${name}, your case ${caseNumber}', '"Dear " + string(name) + ", your case " + string(caseNumber)'],
  ])('%s → %s', (juel, feel) => {
    const result = translateJuel(juel);
    expect(result).toEqual({ ok: true, feel });
    if (result.ok) expect(feelSyntaxProblem(result.feel)).toBeNull();
  });

  it('translates to FEEL that evaluates as the JUEL did', () => {
    const translate = (juel: string) => {
      const result = translateJuel(juel);
      if (!result.ok) throw new Error(result.reason);
      return result.feel;
    };
    expect(evaluateFeel(translate('${amount gt 1000 && !blocked}'), { amount: 5000, blocked: false })).toBe(true);
    expect(evaluateFeel(translate('${empty comment}'), { comment: null })).toBe(true);
    expect(evaluateFeel(translate('${items[1]}'), { items: ['a', 'b'] })).toBe('b');
    expect(evaluateFeel(translate('${a % 3}'), { a: 7 })).toBe(1);
    expect(evaluateFeel(translate('${score >= 600 ? "approve" : "review"}'), { score: 650 })).toBe('approve');
  });

  it.each([
    ['a method call', '${customer.isVip()}', /method call/],
    ['a function call', '${dateTime()}', /function call/],
    ['execution', '${execution.getVariable("a")}', /execution/],
    ['execution by itself', '${execution}', /execution/],
    ['task', '${task.assignee}', /task/],
    ['an unclosed expression', '${amount > 1', /never closed/],
    ['a computed index', '${items[i]}', /literal index/],
    ['an unknown character', '${a ~ b}', /not part/],
    ['a dangling operator', '${a >}', /ends too early/],
    ['an unclosed string', "${'abc}", /never closed|not closed/],
  ])('refuses %s with the reason', (_case, juel, reason) => {
    const result = translateJuel(juel);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('recognises JUEL', () => {
    expect(isJuel('${a}')).toBe(true);
    expect(isJuel('#{a}')).toBe(true);
    expect(isJuel('=a')).toBe(false);
    expect(isJuel('price in $')).toBe(false);
  });
});
