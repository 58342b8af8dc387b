import { sql } from 'kysely';
import { newId } from '../../../../src/platform/ids/ids.ts';
import { writePublishedArticle } from '../../../../src/modules/knowledge/search/published-index.ts';
import type { TestApp } from '../../../helpers/test-app.ts';

// Published articles for the suggestion tests, written as the publishing transaction writes them
// (article, version, projection). At merge this can become part A's importArticles.

export interface ArticleFixture {
  title: string;
  body: string;
  audience?: 'internal' | 'customer';
  caseTypes?: string[];
  products?: string[];
  reachDepartmentIds?: string[];
  validFrom?: Date | null;
  validTo?: Date | null;
  ownerId: string;
  departmentId?: string | null;
}

export async function publishArticle(t: TestApp, a: ArticleFixture): Promise<string> {
  const id = newId<string>();
  const now = new Date();
  await t.database.db.transaction().execute(async (tx) => {
    const n = (await sql<{ n: string }>`SELECT nextval('knowledge.article_number_seq')::text AS n`.execute(tx)).rows[0]!.n;
    const number = `KB-${n.padStart(6, '0')}`;
    await tx
      .insertInto('knowledge.article')
      .values({
        id,
        number,
        status: 'published',
        owner_id: a.ownerId,
        department_id: a.departmentId ?? null,
        current_version: 1,
        published_version: 1,
        created_by: a.ownerId,
        created_at: now,
        updated_at: now,
        published_at: now,
      })
      .execute();
    await tx
      .insertInto('knowledge.article_version')
      .values({
        article_id: id,
        version: 1,
        state: 'published',
        kind: 'sop',
        title: a.title,
        body_html: `<p>${a.body}</p>`,
        body_text: a.body,
        audience: a.audience ?? 'internal',
        reach_department_ids: a.reachDepartmentIds ?? [],
        case_types: a.caseTypes ?? [],
        products: a.products ?? [],
        valid_from: a.validFrom ?? null,
        valid_to: a.validTo ?? null,
        author_id: a.ownerId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writePublishedArticle(tx, {
      articleId: id,
      version: 1,
      number,
      kind: 'sop',
      title: a.title,
      summary: null,
      bodyText: a.body,
      categoryId: null,
      categoryPath: [],
      audience: a.audience ?? 'internal',
      departmentId: a.departmentId ?? null,
      ownerId: a.ownerId,
      reachSubtreeIds: [],
      reachDepartmentIds: a.reachDepartmentIds ?? [],
      roles: [],
      sensitivity: 'normal',
      tags: [],
      caseTypes: a.caseTypes ?? [],
      products: a.products ?? [],
      validFrom: a.validFrom ?? null,
      validTo: a.validTo ?? null,
      publishedAt: now,
    });
  });
  return id;
}

/** What retiring does to the projection (part A's retireArticle calls deletePublishedArticle). */
export async function retireArticle(t: TestApp, id: string): Promise<void> {
  await t.sql('DELETE FROM knowledge.published_article WHERE article_id = $1', [id]);
  await t.sql("UPDATE knowledge.article SET status = 'retired' WHERE id = $1", [id]);
}
