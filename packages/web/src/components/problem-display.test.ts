import { describe, expect, it } from 'vitest';
import { createTranslate } from '../i18n/i18n.ts';
import { localizeProblem } from './problem-display.ts';

describe('localizeProblem', () => {
  const vetoed = {
    type: '/problems/case-transition-vetoed',
    title: 'A rule of this case refuses the status change now',
    status: 409,
    detail: 'The process 投诉处理 Complaint handling holds this case open until its review is signed off',
    requestId: 'req-1',
    code: 'process-holds-case-open',
  };

  it('says why a vetoed status change was refused, by its code, in Chinese, never in the server English', () => {
    const shown = localizeProblem(vetoed, createTranslate('zh-CN'));
    expect(shown.title).toBe('业务规则当前不允许此状态变更');
    expect(shown.detail).toBe('流程要求的复核尚未签字，工单在此之前不能解决或关闭');
  });

  it('keeps the request id for a code the console does not know', () => {
    const shown = localizeProblem({ ...vetoed, code: 'some-other-rule' }, createTranslate('zh-CN'));
    expect(shown.detail).toBe('请求编号 req-1');
  });
});
