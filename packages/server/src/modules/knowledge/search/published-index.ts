import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import { toIndexText } from './segmenter.ts';

// The published projection (knowledge.published_article) is written here, in the transaction that
// publishes or retires a version, so search and suggestions never see a half-published article.
// The articles part calls these; the search part owns how a document is weighted and what else
// is kept for it (the Latin term lexicon for typo tolerance).

export interface PublishedArticleInput {
  articleId: string;
  version: number;
  number: string;
  kind: string;
  title: string;
  summary: string | null;
  bodyText: string;
  categoryId: string | null;
  /** The category and its ancestors' ids. */
  categoryPath: string[];
  audience: 'internal' | 'customer';
  departmentId: string | null;
  ownerId: string;
  reachSubtreeIds: string[];
  reachDepartmentIds: string[];
  roles: string[];
  sensitivity: 'normal' | 'confidential' | 'secret';
  tags: string[];
  caseTypes: string[];
  products: string[];
  validFrom: Date | null;
  validTo: Date | null;
  publishedAt: Date;
}

/** Puts a version into the published projection (replacing the article's previous one), with its search vector. */
export async function writePublishedArticle(tx: Tx, input: PublishedArticleInput): Promise<void> {
  const title = toIndexText(input.title);
  const middle = toIndexText([input.summary ?? '', ...input.tags].join(' '));
  const body = toIndexText(input.bodyText);
  const vector = sql<string>`setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${middle}), 'B') || setweight(to_tsvector('simple', ${body}), 'C')`;
  const row = {
    article_id: input.articleId,
    version: input.version,
    number: input.number,
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    body_text: input.bodyText,
    category_id: input.categoryId,
    category_path: input.categoryPath,
    audience: input.audience,
    department_id: input.departmentId,
    owner_id: input.ownerId,
    reach_subtree_ids: input.reachSubtreeIds,
    reach_department_ids: input.reachDepartmentIds,
    roles: input.roles,
    sensitivity: input.sensitivity,
    tags: input.tags,
    case_types: input.caseTypes,
    products: input.products,
    valid_from: input.validFrom,
    valid_to: input.validTo,
    search_vector: vector,
    published_at: input.publishedAt,
    updated_at: input.publishedAt,
  };
  const { article_id: _id, ...changes } = row;
  await tx
    .insertInto('knowledge.published_article')
    .values(row as never)
    .onConflict((oc) => oc.column('article_id').doUpdateSet(changes as never))
    .execute();
}

/** Takes a retired article out of search and suggestions. */
export async function deletePublishedArticle(tx: Tx, articleId: string): Promise<void> {
  await tx.deleteFrom('knowledge.published_article').where('article_id', '=', articleId).execute();
}
