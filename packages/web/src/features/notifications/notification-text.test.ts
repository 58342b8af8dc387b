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
