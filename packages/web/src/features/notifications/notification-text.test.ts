import { describe, expect, it } from 'vitest';
import { createTranslate } from '../../i18n/i18n.ts';
import { notificationText } from './notification-text.ts';

describe('notificationText', () => {
  const zh = createTranslate('zh-CN');
  const en = createTranslate('en-US');

  it('words a task given to someone in either language from names and numbers', () => {
    const n = { kind: 'task-assigned', params: { taskName: '复核贷款', caseNumber: 'CR-2026-000001' }, actorName: '王经理' };
    expect(notificationText(n, zh)).toBe('王经理将任务「复核贷款」（工单 CR-2026-000001）交给了您');
    expect(notificationText(n, en)).toBe('王经理 gave you the task "复核贷款" (case CR-2026-000001)');
  });

  it('words a signer task canceled by another signer’s reject', () => {
    const n = { kind: 'signer-canceled', params: { taskName: '复核贷款', caseNumber: 'CR-2026-000001' }, actorName: '李审批' };
    expect(notificationText(n, zh)).toBe('李审批已驳回「复核贷款」（工单 CR-2026-000001），您的加签任务已取消');
    expect(notificationText(n, en)).toBe('李审批 rejected "复核贷款" (case CR-2026-000001); your signer task was canceled');
  });

  it('words an outcome through the catalogue and an unknown kind as a new notification', () => {
    expect(notificationText({ kind: 'process-outcome', params: { processName: '信贷审批', outcome: 'approved' }, actorName: null }, zh)).toBe('流程「信贷审批」已结束，结果：通过');
    expect(notificationText({ kind: 'birthday', params: {}, actorName: null }, en)).toBe('New notification');
  });

  it('falls back to words of its own when a param is missing', () => {
    expect(notificationText({ kind: 'task-claimable', params: {}, actorName: null }, zh)).toBe('任务「任务」可由您认领');
  });
});

describe('notificationText of SLA kinds', () => {
  const zh = createTranslate('zh-CN');
  const en = createTranslate('en-US');

  it('names the target by its kind in words, never the code', () => {
    const n = { kind: 'sla-warning', params: { caseNumber: 'CMP-2026-000007', targetKind: 'first-response', dueAt: '2026-09-28T01:00:00.000Z' }, actorName: null };
    expect(notificationText(n, zh)).toMatch(/^工单 CMP-2026-000007 的首次响应即将到期（2026\/09\/28 \d\d:00）$/);
    expect(notificationText(n, en)).toMatch(/^The first response of case CMP-2026-000007 is due soon \(09\/28\/2026, \d\d:00\)$/);
  });

  it("names a step's clock by its task name and a breach as overdue", () => {
    const n = { kind: 'sla-breached', params: { caseNumber: 'AML-2026-000002', targetKind: 'step', taskName: '风险分析', dueAt: '2026-09-28T01:00:00.000Z' }, actorName: null };
    expect(notificationText(n, zh)).toMatch(/^工单 AML-2026-000002 的步骤「风险分析」已超时（应于 2026\/09\/28 \d\d:00）$/);
    expect(notificationText(n, en)).toContain('The step "风险分析" of case AML-2026-000002 is overdue');
  });

  it('falls back to a generic word for an unknown kind of target', () => {
    const n = { kind: 'sla-breached', params: { caseNumber: 'X-1', targetKind: 'mystery', dueAt: 'soon' }, actorName: null };
    expect(notificationText(n, zh)).toBe('工单 X-1 的时限已超时（应于 soon）');
  });
});
