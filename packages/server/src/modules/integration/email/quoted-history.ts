// Where a mail client starts quoting the message answered: "On … wrote:", "在 … 写道：", an
// Outlook "-----Original Message-----" / "-----原始邮件-----" line, or a "From:" header block.
const HISTORY_STARTS = [/^On .{1,300} wrote:\s*$/i, /^在.{1,300}写道[:：]\s*$/, /^-{2,}\s*(Original Message|原始邮件|Forwarded message)\s*-{2,}\s*$/i, /^(From|发件人)\s*[:：].+$/];

/**
 * The customer's own words of an e-mail: the quoted history a reply carries (everything from the
 * first quoting header on, and "> " lines) is cut, since the case already holds it.
 */
export function withoutQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((line) => HISTORY_STARTS.some((pattern) => pattern.test(line.trim())));
  const own = (start >= 0 ? lines.slice(0, start) : lines).filter((line) => !line.startsWith('>'));
  return own.join('\n').trim();
}
