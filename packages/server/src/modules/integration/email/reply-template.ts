import type { MailLanguage } from './mailbox-store.ts';

export interface ReplyTemplateInput {
  customerName: string | null;
  reply: string;
  caseNumber: string;
  mailboxName: string;
}

/** The customer's e-mail for an agent's public reply, in the mailbox's language: greeting, the reply, the case number, how to answer. */
export function renderReply(language: MailLanguage, input: ReplyTemplateInput): string {
  if (language === 'en-US') {
    return [
      input.customerName ? `Dear ${input.customerName},` : 'Dear customer,',
      '',
      input.reply,
      '',
      `Case number: ${input.caseNumber}`,
      'To add anything, simply reply to this e-mail and keep the case number in the subject.',
      '',
      input.mailboxName,
      '',
    ].join('\n');
  }
  return [
    input.customerName ? `${input.customerName}，您好：` : '尊敬的客户，您好：',
    '',
    input.reply,
    '',
    `案件编号：${input.caseNumber}`,
    '如需补充，请直接回复本邮件，并保留主题中的案件编号。',
    '',
    input.mailboxName,
    '',
  ].join('\n');
}

/** `Re: <title> [<number>]`: the number lets the customer's answer find its case even without In-Reply-To. */
export function replySubject(title: string, caseNumber: string): string {
  return `Re: ${title} [${caseNumber}]`;
}
