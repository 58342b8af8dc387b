import type { Static } from '@sinclair/typebox';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems, type FieldError } from '../../../platform/http/problem.ts';
import { findUserById, lookupNames } from '../../access/index.ts';
import type { CategoryRow } from '../categories/category-store.ts';
import type { CreateArticleBody } from '../schemas.ts';
import { existingArticleIds, type VersionContent } from './article-store.ts';
import { prepareArticleBody } from './sanitise.ts';

export type ArticleInput = Static<typeof CreateArticleBody>;

/** An article as it should be saved: its version's content, its owner and department. */
export interface CheckedArticle {
  content: VersionContent;
  ownerId: string;
  departmentId: string | null;
}

/** A problem for each id that is not known, named by its place in the list (reach.subtrees.2). */
export function unknownAt(ids: readonly string[], isKnown: (id: string) => boolean, field: string, reason: string): FieldError[] {
  return ids.flatMap((id, i) => (isKnown(id) ? [] : [{ field: `${field}.${i}`, reason }]));
}

const distinct = (values: readonly string[] | undefined) => [...new Set((values ?? []).map((v) => v.trim()).filter((v) => v !== ''))];

/**
 * Checks what the database knows about an input (its category, departments, owner, related
 * articles exist; validTo after validFrom) and fills the defaults: the owner is the caller, the
 * department the owner's. Every problem is reported at once, naming its field.
 */
export async function checkArticleInput(
  ctx: CommandContext,
  input: ArticleInput,
  categories: readonly CategoryRow[],
  options: { selfId?: string; defaults?: { ownerId: string; departmentId: string | null } } = {},
): Promise<CheckedArticle> {
  const errors: FieldError[] = [];
  const subtrees = distinct(input.reach?.subtrees);
  const departments = distinct(input.reach?.departments);
  const ownerId = input.ownerId ?? options.defaults?.ownerId ?? ctx.actor.userId;
  const names = await lookupNames(ctx.tx, [ownerId], [...subtrees, ...departments, ...(input.departmentId ? [input.departmentId] : [])]);

  if (input.categoryId && !categories.some((c) => c.id === input.categoryId)) errors.push({ field: 'categoryId', reason: 'no such category' });
  errors.push(...unknownAt(subtrees, (id) => names.department(id) !== null, 'reach.subtrees', 'no such department'));
  errors.push(...unknownAt(departments, (id) => names.department(id) !== null, 'reach.departments', 'no such department'));
  if (input.departmentId && names.department(input.departmentId) === null) errors.push({ field: 'departmentId', reason: 'no such department' });
  if (names.user(ownerId) === null) errors.push({ field: 'ownerId', reason: 'no such user' });

  const related = distinct(input.relatedArticleIds).filter((id) => id !== options.selfId);
  const known = await existingArticleIds(ctx.tx, related);
  errors.push(...unknownAt(related, (id) => known.has(id), 'relatedArticleIds', 'no such article'));

  const validFrom = input.validFrom ? new Date(input.validFrom) : null;
  const validTo = input.validTo ? new Date(input.validTo) : null;
  if (validFrom && validTo && validTo <= validFrom) errors.push({ field: 'validTo', reason: 'must be after validFrom' });

  const body = prepareArticleBody(input.body);
  if (input.title.trim() === '') errors.push({ field: 'title', reason: 'must not be blank' });
  if (input.kind === 'regulation' && !input.regulation) errors.push({ field: 'regulation', reason: 'a regulation names its issuer' });

  if (errors.length > 0) throw httpProblems.validationFailed({ errors });

  const departmentId =
    input.departmentId !== undefined
      ? input.departmentId
      : input.ownerId === undefined && options.defaults
        ? options.defaults.departmentId
        : ownerId === ctx.actor.userId
          ? ctx.actor.departmentId
          : await ownerDepartment(ctx, ownerId);

  return {
    ownerId,
    departmentId,
    content: {
      kind: input.kind,
      title: input.title.trim(),
      summary: input.summary?.trim() || null,
      bodyHtml: body.html,
      bodyText: body.text,
      categoryId: input.categoryId ?? null,
      audience: input.audience,
      reachSubtreeIds: subtrees,
      reachDepartmentIds: departments,
      roles: distinct(input.roles),
      sensitivity: input.sensitivity ?? 'normal',
      tags: distinct(input.tags),
      caseTypes: distinct(input.caseTypes),
      products: distinct(input.products),
      validFrom,
      validTo,
      regulation: input.regulation ?? null,
      relatedArticleIds: related,
      changeNote: input.changeNote?.trim() || null,
    },
  };
}

async function ownerDepartment(ctx: CommandContext, ownerId: string): Promise<string | null> {
  return (await findUserById(ctx.tx, ownerId))?.departmentId ?? null;
}
