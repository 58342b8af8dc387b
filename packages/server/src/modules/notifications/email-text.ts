import type { NotificationKind, NotificationLocale } from './kinds.ts';

/**
 * The words of a notification e-mail, in the recipient's language. Only the kind and its params
 * (names and numbers) go in: an e-mail crosses systems the bank does not control, so it never
 * carries a case field, a variable or a note's text — the link leads to them, behind sign-in.
 */
type Params = Record<string, string | number>;
type Template = { subject: (p: Params) => string; line: (p: Params) => string };

const s = (value: string | number | undefined, fallback: string) => (value === undefined || value === '' ? fallback : String(value));

const zhOutcome: Record<string, string> = { approved: '通过', rejected: '驳回', completed: '完成' };
const enOutcome: Record<string, string> = { approved: 'approved', rejected: 'rejected', completed: 'completed' };

const onCase = (p: Params, zh: boolean) => (p.caseNumber ? (zh ? `（工单 ${p.caseNumber}）` : ` (case ${p.caseNumber})`) : '');

const ZH: Record<NotificationKind, Template> = {
  'task-assigned': {
    subject: (p) => `[Docket] 新待办：${s(p.taskName, '任务')}${onCase(p, true)}`,
    line: (p) => `${s(p.actorName, '系统')}将任务「${s(p.taskName, '任务')}」${onCase(p, true)}交给了您。`,
  },
  'task-claimable': { subject: (p) => `[Docket] 可认领的任务：${s(p.taskName, '任务')}`, line: (p) => `任务「${s(p.taskName, '任务')}」${onCase(p, true)}可由您所在的组认领。` },
  'task-urged': {
    subject: (p) => `[Docket] 催办：${s(p.taskName, '任务')}${onCase(p, true)}`,
    line: (p) => `${s(p.actorName, '有人')}催办任务「${s(p.taskName, '任务')}」${onCase(p, true)}，请尽快处理。`,
  },
  'case-cc': { subject: (p) => `[Docket] 抄送：工单 ${s(p.caseNumber, '')}`, line: (p) => `${s(p.actorName, '有人')}将工单 ${s(p.caseNumber, '')} 抄送给您。` },
  'task-returned': {
    subject: (p) => `[Docket] 退回：${s(p.taskName, '任务')}${onCase(p, true)}`,
    line: (p) => `${s(p.actorName, '有人')}将任务「${s(p.taskName, '任务')}」${onCase(p, true)}退回给您。`,
  },
  'task-withdrawn': { subject: (p) => `[Docket] 撤回：${s(p.taskName, '任务')}${onCase(p, true)}`, line: (p) => `${s(p.actorName, '有人')}撤回了任务「${s(p.taskName, '任务')}」${onCase(p, true)}。` },
  'signer-canceled': {
    subject: (p) => `[Docket] 加签已取消：${s(p.taskName, '任务')}${onCase(p, true)}`,
    line: (p) => `${s(p.actorName, '另一位加签人')}已驳回「${s(p.taskName, '任务')}」${onCase(p, true)}，您的加签任务已取消，无需再处理。`,
  },
  'delegation-resolved': {
    subject: (p) => `[Docket] 委派已办理：${s(p.taskName, '任务')}${onCase(p, true)}`,
    line: (p) => `${s(p.actorName, '受托人')}已办理您委派的任务「${s(p.taskName, '任务')}」${onCase(p, true)}，请您完成。`,
  },
  mention: {
    subject: (p) => `[Docket] ${s(p.actorName, '有人')}在工单 ${s(p.caseNumber, '')} 中提到了您`,
    line: (p) => `${s(p.actorName, '有人')}在工单 ${s(p.caseNumber, '')} 的内部备注中提到了您。`,
  },
  'process-outcome': {
    subject: (p) => `[Docket] 流程结束：${s(p.processName, '流程')}${onCase(p, true)}`,
    line: (p) => `流程「${s(p.processName, '流程')}」${onCase(p, true)}已结束${p.outcome ? `，结果：${zhOutcome[String(p.outcome)] ?? p.outcome}` : ''}。`,
  },
  'sla-warning': {
    subject: (p) => `[Docket] 时限预警：工单 ${s(p.caseNumber, '')}`,
    line: (p) => `工单 ${s(p.caseNumber, '')} 的${zhTarget(p)}即将到期（到期时间 ${s(p.dueAt, '')}）。`,
  },
  'sla-breached': {
    subject: (p) => `[Docket] 已超时：工单 ${s(p.caseNumber, '')}`,
    line: (p) => `工单 ${s(p.caseNumber, '')} 的${zhTarget(p)}已超过到期时间 ${s(p.dueAt, '')}。`,
  },
  'routing-offer': {
    subject: (p) => `[Docket] 待接收工单：${s(p.caseNumber, '')}`,
    line: (p) => `工单 ${s(p.caseNumber, '')} 已分派给您，请在 ${s(p.expiresAt, '')} 前接收，否则将转给下一位。`,
  },
  'routing-unassigned': {
    subject: (p) => `[Docket] 无人可分派：工单 ${s(p.caseNumber, '')}`,
    line: (p) => `队列「${s(p.queueName, '')}」中的工单 ${s(p.caseNumber, '')} 暂无合适的处理人${p.overflowedTo ? `，已溢出到「${s(p.overflowedTo, '')}」` : '，正在队列中等待'}。`,
  },
};

const EN: Record<NotificationKind, Template> = {
  'task-assigned': {
    subject: (p) => `[Docket] New task: ${s(p.taskName, 'a task')}${onCase(p, false)}`,
    line: (p) => `${s(p.actorName, 'Docket')} gave you the task "${s(p.taskName, 'a task')}"${onCase(p, false)}.`,
  },
  'task-claimable': { subject: (p) => `[Docket] Task to claim: ${s(p.taskName, 'a task')}`, line: (p) => `The task "${s(p.taskName, 'a task')}"${onCase(p, false)} may be claimed by your group.` },
  'task-urged': {
    subject: (p) => `[Docket] Reminder: ${s(p.taskName, 'a task')}${onCase(p, false)}`,
    line: (p) => `${s(p.actorName, 'Someone')} asks you to act on "${s(p.taskName, 'a task')}"${onCase(p, false)} soon.`,
  },
  'case-cc': { subject: (p) => `[Docket] Copied on case ${s(p.caseNumber, '')}`, line: (p) => `${s(p.actorName, 'Someone')} copied you on case ${s(p.caseNumber, '')}.` },
  'task-returned': {
    subject: (p) => `[Docket] Returned: ${s(p.taskName, 'a task')}${onCase(p, false)}`,
    line: (p) => `${s(p.actorName, 'Someone')} returned the task "${s(p.taskName, 'a task')}"${onCase(p, false)} to you.`,
  },
  'task-withdrawn': {
    subject: (p) => `[Docket] Withdrawn: ${s(p.taskName, 'a task')}${onCase(p, false)}`,
    line: (p) => `${s(p.actorName, 'Someone')} withdrew the task "${s(p.taskName, 'a task')}"${onCase(p, false)}.`,
  },
  'signer-canceled': {
    subject: (p) => `[Docket] Signature no longer needed: ${s(p.taskName, 'a task')}${onCase(p, false)}`,
    line: (p) => `${s(p.actorName, 'Another signer')} rejected "${s(p.taskName, 'a task')}"${onCase(p, false)}, so your signer task was canceled; nothing is left for you to do.`,
  },
  'delegation-resolved': {
    subject: (p) => `[Docket] Delegated task done: ${s(p.taskName, 'a task')}${onCase(p, false)}`,
    line: (p) => `${s(p.actorName, 'Your delegate')} finished the task "${s(p.taskName, 'a task')}"${onCase(p, false)} you delegated; it is yours to complete.`,
  },
  mention: {
    subject: (p) => `[Docket] ${s(p.actorName, 'Someone')} mentioned you on case ${s(p.caseNumber, '')}`,
    line: (p) => `${s(p.actorName, 'Someone')} mentioned you in an internal note on case ${s(p.caseNumber, '')}.`,
  },
  'process-outcome': {
    subject: (p) => `[Docket] Process ended: ${s(p.processName, 'a process')}${onCase(p, false)}`,
    line: (p) => `The process "${s(p.processName, 'a process')}"${onCase(p, false)} ended${p.outcome ? `: ${enOutcome[String(p.outcome)] ?? p.outcome}` : ''}.`,
  },
  'sla-warning': {
    subject: (p) => `[Docket] Deadline at risk: case ${s(p.caseNumber, '')}`,
    line: (p) => `The ${enTarget(p)} of case ${s(p.caseNumber, '')} is due soon (at ${s(p.dueAt, '')}).`,
  },
  'sla-breached': {
    subject: (p) => `[Docket] Deadline missed: case ${s(p.caseNumber, '')}`,
    line: (p) => `The ${enTarget(p)} of case ${s(p.caseNumber, '')} is past its due time ${s(p.dueAt, '')}.`,
  },
  'routing-offer': {
    subject: (p) => `[Docket] Case offered to you: ${s(p.caseNumber, '')}`,
    line: (p) => `Case ${s(p.caseNumber, '')} is offered to you; accept it before ${s(p.expiresAt, '')} or it goes to the next person.`,
  },
  'routing-unassigned': {
    subject: (p) => `[Docket] Nobody to route to: case ${s(p.caseNumber, '')}`,
    line: (p) => `Case ${s(p.caseNumber, '')} in queue "${s(p.queueName, '')}" found nobody who fits${p.overflowedTo ? ` and overflowed to "${s(p.overflowedTo, '')}"` : '; it waits in the queue'}.`,
  },
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface EmailText {
  subject: string;
  text: string;
  html: string;
}

export function renderEmail(kind: NotificationKind, params: Params, locale: NotificationLocale, link: string | null): EmailText {
  const zh = locale !== 'en-US';
  const template = (zh ? ZH : EN)[kind];
  const line = template.line(params);
  const open = zh ? '在 Docket 中查看' : 'Open in Docket';
  const footer = zh ? '您收到此邮件是因为您的 Docket 通知设置；可在“我的账户”中更改。' : 'You receive this e-mail because of your Docket notification settings; change them under Account.';
  const text = [line, link ? `${open}: ${link}` : '', '', '--', footer].filter((l, i) => l !== '' || i > 1).join('\n');
  const html = [`<p>${escapeHtml(line)}</p>`, link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p>` : '', `<p style="color:#888;font-size:12px">${escapeHtml(footer)}</p>`].join('\n');
  return { subject: template.subject(params), text, html };
}

/** Where the e-mail leads: the task, else the case, else nothing (no public URL configured). */
export function linkOf(publicUrl: string | undefined, target: { taskId: string | null; caseId: string | null }): string | null {
  if (!publicUrl) return null;
  const base = publicUrl.replace(/\/+$/, '');
  if (target.taskId) return `${base}/tasks/${target.taskId}`;
  if (target.caseId) return `${base}/cases/${target.caseId}`;
  return `${base}/`;
}

// SLA notices name the target (its kind, or a step's task name), never a case field.
const zhTargetKinds: Record<string, string> = { 'first-response': '首次响应时限', 'next-response': '再次响应时限', resolution: '办结时限', step: '环节时限' };
const enTargetKinds: Record<string, string> = { 'first-response': 'first-response deadline', 'next-response': 'next-response deadline', resolution: 'resolution deadline', step: 'step deadline' };
function zhTarget(p: Record<string, unknown>): string {
  return p.taskName ? `环节「${String(p.taskName)}」的时限` : (zhTargetKinds[String(p.targetKind)] ?? '时限');
}
function enTarget(p: Record<string, unknown>): string {
  return p.taskName ? `deadline of the step "${String(p.taskName)}"` : (enTargetKinds[String(p.targetKind)] ?? 'deadline');
}
