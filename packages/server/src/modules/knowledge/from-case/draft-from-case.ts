import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import { listEventsOfCase, recordAuditEvent } from '../../audit/index.ts';
import { buildTimeline, type TimelineEvent } from '../../case-history/index.ts';
import { findCaseTypeVersionCached, listComments, presentCases, presentFieldChanges, readCase } from '../../cases/index.ts';
import { withoutPersonalData } from '../case-index/case-text.ts';
import { findFreeTextFieldKeys } from '../case-index/index-case.ts';
import type { ArticleKind } from '../schemas.ts';
import { readableCaseTexts, readableCategoryAndProduct } from '../suggestions/case-texts.ts';
import { knowledgeReader } from '../access.ts';
import { presentArticle, type NameLanguage } from '../articles/article-view.ts';
import { createArticle } from '../articles/create-article.ts';
import { listCategories } from '../categories/category-store.ts';
import { buildDraftBody } from './draft-body.ts';

// The steps worth telling a colleague, from the case's timeline (its audit events as the drafter
// may read them); reads, routing details and field edits are left out.
const STEP_LABELS: Record<string, string> = {
  'case.created': '受理案件',
  'case.status-changed': '变更状态',
  'case.replied': '答复客户',
  'process.task-completed': '完成步骤',
  'process.task-approved': '审批通过',
  'process.task-rejected': '审批驳回',
  'process.task-returned': '退回重办',
  'process.external-task-completed': '外部系统完成步骤',
};
const DECISIONS = new Set(['process.task-approved', 'process.task-rejected', 'process.task-returned']);

// An internal note is part of the decision basis when its author says so at its start:
// 决定依据：… / 【决定依据】… / #决定依据 …
const BASIS_NOTE = /^\s*(?:【决定依据】|#决定依据|决定依据[:：])\s*/;

const clean = (text: string) =>
  withoutPersonalData(text)
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/**
 * Drafts an internal article from a case: its overview, the steps taken, the basis of the
 * decisions and the replies to the customer, all as the drafter may read the case and with
 * personal data cut out (not masked: an article travels far beyond the case's readers). The
 * draft names the case as its source and goes through review like any other.
 */
export async function draftArticleFromCase(ctx: CommandContext, input: { caseId: string; kind?: ArticleKind }, language: NameLanguage = 'zh') {
  assertAllowed(ctx.actor, 'knowledge:write');
  const row = await readCase(ctx, input.caseId);
  const [view] = await presentCases(ctx, [row]);
  const caseType = await findCaseTypeVersionCached(ctx.tx, row.typeKey, row.typeVersion);
  const freeTextKeys = await findFreeTextFieldKeys(ctx.tx, row.typeKey, row.typeVersion);
  const texts = readableCaseTexts(ctx.actor, row, { title: view!.title, fields: view!.fields, freeTextKeys, replies: [] });
  const { category, product } = readableCategoryAndProduct(ctx.actor, row, view!.fields);

  const events = await listEventsOfCase(ctx.tx, row.id, 0, 5000);
  for (const event of events) event.changes = await presentFieldChanges(ctx, row, event.changes);
  const timeline = buildTimeline(events as TimelineEvent[], ctx.now);
  const steps: string[] = [];
  const basis: string[] = [];
  for (const entry of timeline.entries) {
    const label = STEP_LABELS[entry.action];
    if (!label) continue;
    const status = entry.changes.find((c) => c.field === 'status');
    const moved = entry.action === 'case.status-changed' && status ? `：${String(status.before ?? '')} → ${String(status.after ?? '')}` : '';
    const outcome = entry.decision ? `（结果：${clean(entry.decision)}）` : '';
    const why = entry.basis ? clean(entry.basis) : '';
    steps.push(`${minute(entry.at)} ${entry.handler.name ?? '系统'} ${label}${moved}${outcome}${why && !DECISIONS.has(entry.action) ? `，说明：${why}` : ''}`);
    if (DECISIONS.has(entry.action)) basis.push(`${label}（${entry.handler.name ?? '系统'}，${minute(entry.at)}）${why ? `：${why}` : ''}`);
  }
  for (const event of events.filter((e) => e.action.startsWith('decision.'))) {
    const data = (event.data ?? {}) as { matchedRules?: unknown };
    basis.push(`决策表 ${event.targetId}${Array.isArray(data.matchedRules) ? `：命中规则 ${data.matchedRules.map(String).join('、')}` : ''}`);
  }
  const comments = await listComments(ctx, row.id);
  for (const note of comments.filter((c) => c.visibility === 'internal' && BASIS_NOTE.test(c.body))) basis.push(clean(note.body.replace(BASIS_NOTE, '')));
  const replies = comments.filter((c) => c.visibility === 'public').map((c) => clean(c.body));

  const body = buildDraftBody({
    caseNumber: row.number,
    caseTypeName: caseType?.name ?? row.typeKey,
    category,
    product,
    overview: texts.filter((t) => t.field !== 'title').map((t) => clean(t.text)),
    steps,
    basis,
    replies,
  });
  const title = clean(view!.title) || row.number;
  // Written by the articles part's createArticle: numbered, sanitised, audited as created; this
  // command adds what it was drafted from.
  const loaded = await createArticle(ctx, {
    kind: input.kind ?? 'note',
    title: `${caseType?.name.split(' ')[0] ?? row.typeKey}：${title}`.slice(0, 300),
    summary: null,
    body: body.html,
    audience: 'internal',
    caseTypes: [row.typeKey],
    products: product ? [product] : [],
    tags: category && category !== product ? [category] : [],
    sourceCaseId: row.id,
  });
  await recordAuditEvent(ctx, {
    action: 'knowledge.article-drafted-from-case',
    targetType: 'knowledge-article',
    targetId: loaded.article.id,
    data: { caseId: row.id, number: loaded.article.number },
  });
  return presentArticle(ctx, await knowledgeReader(ctx.tx, ctx.actor), { ...loaded, shown: loaded.working }, await listCategories(ctx.tx), language);
}
