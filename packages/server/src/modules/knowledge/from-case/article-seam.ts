import { sql } from 'kysely';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import type { ArticleKind } from '../schemas.ts';

// MERGE SEAM (part A). Part A owns creating articles (createArticle in modules/knowledge/index.ts:
// number, sanitising, audit 'knowledge.article-created', the KnowledgeArticle view). Built in
// parallel, this part cannot call it yet; this file is the only place that writes an article
// here. At merge: replace insertDraftArticle with A's createArticle (body → body, sourceCaseId
// set) and presentDraft with A's article view, and delete this file.

export interface DraftArticleInput {
  kind: ArticleKind;
  title: string;
  summary: string | null;
  bodyHtml: string;
  bodyText: string;
  caseTypes: string[];
  products: string[];
  tags: string[];
  sourceCaseId: string;
}

export interface DraftArticle {
  id: string;
  number: string;
  input: DraftArticleInput;
  createdAt: Date;
}

export async function insertDraftArticle(ctx: CommandContext, input: DraftArticleInput): Promise<DraftArticle> {
  const id = newId<string>();
  const seq = await sql<{ n: string }>`SELECT nextval('knowledge.article_number_seq')::text AS n`.execute(ctx.tx);
  const number = `KB-${seq.rows[0]!.n.padStart(6, '0')}`;
  await ctx.tx
    .insertInto('knowledge.article')
    .values({
      id,
      number,
      status: 'draft',
      owner_id: ctx.actor.userId,
      department_id: ctx.actor.departmentId,
      current_version: 1,
      published_version: null,
      source_case_id: input.sourceCaseId,
      created_by: ctx.actor.userId,
      created_at: ctx.now,
      updated_at: ctx.now,
    })
    .execute();
  await ctx.tx
    .insertInto('knowledge.article_version')
    .values({
      article_id: id,
      version: 1,
      state: 'draft',
      kind: input.kind,
      title: input.title,
      summary: input.summary,
      body_html: input.bodyHtml,
      body_text: input.bodyText,
      audience: 'internal',
      tags: input.tags,
      case_types: input.caseTypes,
      products: input.products,
      author_id: ctx.actor.userId,
      created_at: ctx.now,
      updated_at: ctx.now,
    })
    .execute();
  return { id, number, input, createdAt: ctx.now };
}

/** The draft as KnowledgeArticle, to its author (who may edit and submit it). */
export function presentDraft(ctx: CommandContext, draft: DraftArticle, sourceCase: { id: string; number: string }) {
  const at = draft.createdAt.toISOString();
  const me = { id: ctx.actor.userId, name: ctx.actor.displayName };
  return {
    id: draft.id,
    number: draft.number,
    status: 'draft' as const,
    shownVersion: 1,
    shownState: 'draft' as const,
    currentVersion: 1,
    publishedVersion: null,
    kind: draft.input.kind,
    title: draft.input.title,
    summary: draft.input.summary,
    body: draft.input.bodyHtml,
    categoryId: null,
    categoryPath: [],
    audience: 'internal' as const,
    reach: { subtrees: [], departments: [] },
    roles: [],
    sensitivity: 'normal' as const,
    tags: draft.input.tags,
    caseTypes: draft.input.caseTypes,
    products: draft.input.products,
    validFrom: null,
    validTo: null,
    validity: 'current' as const,
    regulation: null,
    relatedArticles: [],
    supersededBy: null,
    sourceCase,
    owner: me,
    author: me,
    departmentId: ctx.actor.departmentId,
    changeNote: null,
    reviews: [],
    assets: [],
    usage: { views: 0, attached: 0, helpful: 0, notHelpful: 0 },
    myFeedback: null,
    can: { edit: true, submit: true, review: false, complianceReview: false, retire: false, attachToReply: false },
    createdAt: at,
    updatedAt: at,
    publishedAt: null,
    retiredAt: null,
    retiredReason: null,
    version: 1,
  };
}
