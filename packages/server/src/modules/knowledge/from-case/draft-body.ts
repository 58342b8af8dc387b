// The body of an article drafted from a case: four sections a reviewer knows from the bank's own
// case write-ups (问题概述, 处理经过, 决定依据, 答复客户) and a footer naming the source case.
// Every text handed in has had its personal data cut out already; here it is only escaped.

export interface DraftSections {
  caseNumber: string;
  caseTypeName: string;
  category: string | null;
  product: string | null;
  /** The case's free text as the drafter reads it (description, question …). */
  overview: string[];
  /** One line per step: who did what, with what outcome. */
  steps: string[];
  /** Approval decisions with their comments, decision tables, notes marked as the basis. */
  basis: string[];
  /** The public replies to the customer. */
  replies: string[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const NONE = '（无）';

function paragraphs(texts: string[]): string {
  const kept = texts.map((t) => t.trim()).filter((t) => t !== '');
  return kept.length === 0 ? `<p>${NONE}</p>` : kept.map((t) => `<p>${escapeHtml(t).replace(/\n/g, '<br>')}</p>`).join('');
}

function list(items: string[]): string {
  const kept = items.map((t) => t.trim()).filter((t) => t !== '');
  return kept.length === 0 ? `<p>${NONE}</p>` : `<ul>${kept.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`;
}

/** The draft's HTML (headings, paragraphs, lists only) and its plain text. Pure. */
export function buildDraftBody(s: DraftSections): { html: string; text: string } {
  const facts = [`案件类型：${s.caseTypeName}`, ...(s.category ? [`类别：${s.category}`] : []), ...(s.product && s.product !== s.category ? [`产品：${s.product}`] : [])];
  const footer = `本文由案件 ${s.caseNumber} 的处理记录整理而成，敏感信息已删除。`;
  const html = [
    '<h2>问题概述</h2>',
    `<p>${escapeHtml(facts.join('；'))}</p>`,
    paragraphs(s.overview),
    '<h2>处理经过</h2>',
    list(s.steps),
    '<h2>决定依据</h2>',
    list(s.basis),
    '<h2>答复客户</h2>',
    paragraphs(s.replies),
    '<hr>',
    `<p>${escapeHtml(footer)}</p>`,
  ].join('');
  const section = (title: string, lines: string[]) => [title, ...(lines.filter((l) => l.trim() !== '').length > 0 ? lines.filter((l) => l.trim() !== '') : [NONE])].join('\n');
  const text = [section('问题概述', [facts.join('；'), ...s.overview]), section('处理经过', s.steps), section('决定依据', s.basis), section('答复客户', s.replies), footer].join('\n\n');
  return { html, text };
}
