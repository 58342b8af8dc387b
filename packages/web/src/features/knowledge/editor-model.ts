import dayjs, { type Dayjs } from 'dayjs';
import type { FieldError } from '@docket/client';
import type { ArticleBody, ArticleKind, Audience, KnowledgeArticle, Sensitivity } from './knowledge-api.ts';

/** The editor's metadata form: the article's fields as antd controls hold them (dates as dayjs, the regulation flattened). */
export interface ArticleFormValues {
  kind: ArticleKind;
  title: string;
  summary?: string;
  categoryId?: string | null;
  audience: Audience;
  reachSubtrees: string[];
  reachDepartments: string[];
  roles: string[];
  sensitivity: Sensitivity;
  tags: string[];
  caseTypes: string[];
  products: string[];
  validFrom?: Dayjs | null;
  validTo?: Dayjs | null;
  regulationIssuer?: string;
  regulationNumber?: string;
  regulationIssuedAt?: Dayjs | null;
  regulationUrl?: string;
  relatedArticleIds: string[];
  changeNote?: string;
}

export const ARTICLE_FORM_FIELDS = [
  'kind',
  'title',
  'summary',
  'categoryId',
  'audience',
  'reachSubtrees',
  'reachDepartments',
  'roles',
  'sensitivity',
  'tags',
  'caseTypes',
  'products',
  'validFrom',
  'validTo',
  'regulationIssuer',
  'regulationNumber',
  'regulationIssuedAt',
  'regulationUrl',
  'relatedArticleIds',
  'changeNote',
] as const satisfies readonly (keyof ArticleFormValues)[];

export function emptyArticleForm(): ArticleFormValues {
  return { kind: 'sop', title: '', audience: 'internal', reachSubtrees: [], reachDepartments: [], roles: [], sensitivity: 'normal', tags: [], caseTypes: [], products: [], relatedArticleIds: [] };
}

const trimmed = (value: string | undefined | null) => value?.trim() || undefined;

/** The request body for POST/PUT: the form's values and the editor's HTML. */
export function toArticleBody(values: ArticleFormValues, bodyHtml: string): ArticleBody {
  const issuer = trimmed(values.regulationIssuer);
  const number = trimmed(values.regulationNumber);
  const url = trimmed(values.regulationUrl);
  return {
    kind: values.kind,
    title: values.title.trim(),
    summary: trimmed(values.summary) ?? null,
    body: bodyHtml,
    categoryId: values.categoryId ?? null,
    audience: values.audience,
    reach: { subtrees: values.reachSubtrees ?? [], departments: values.reachDepartments ?? [] },
    roles: values.roles ?? [],
    sensitivity: values.sensitivity,
    tags: values.tags ?? [],
    caseTypes: values.caseTypes ?? [],
    products: values.products ?? [],
    // A validity date means the start or end of that day in the reader's time zone.
    validFrom: values.validFrom ? values.validFrom.startOf('day').toISOString() : null,
    validTo: values.validTo ? values.validTo.endOf('day').toISOString() : null,
    regulation: issuer
      ? { issuer, ...(number ? { documentNumber: number } : {}), ...(values.regulationIssuedAt ? { issuedAt: values.regulationIssuedAt.format('YYYY-MM-DD') } : {}), ...(url ? { url } : {}) }
      : null,
    relatedArticleIds: values.relatedArticleIds ?? [],
    changeNote: trimmed(values.changeNote) ?? null,
  };
}

/** The form's values for an article read with ?working=true. */
export function formValuesOf(article: KnowledgeArticle): ArticleFormValues {
  return {
    kind: article.kind,
    title: article.title,
    summary: article.summary ?? undefined,
    categoryId: article.categoryId,
    audience: article.audience,
    reachSubtrees: article.reach.subtrees,
    reachDepartments: article.reach.departments,
    roles: article.roles,
    sensitivity: article.sensitivity,
    tags: article.tags,
    caseTypes: article.caseTypes,
    products: article.products,
    validFrom: article.validFrom ? dayjs(article.validFrom) : null,
    validTo: article.validTo ? dayjs(article.validTo) : null,
    regulationIssuer: article.regulation?.issuer,
    regulationNumber: article.regulation?.documentNumber,
    regulationIssuedAt: article.regulation?.issuedAt ? dayjs(article.regulation.issuedAt) : null,
    regulationUrl: article.regulation?.url,
    relatedArticleIds: article.relatedArticles.map((a) => a.id),
    // A change note belongs to one version: the next save starts without one.
    changeNote: undefined,
  };
}

const SERVER_FIELDS: Record<string, keyof ArticleFormValues | 'body'> = {
  'regulation.issuer': 'regulationIssuer',
  'regulation.documentNumber': 'regulationNumber',
  'regulation.issuedAt': 'regulationIssuedAt',
  'regulation.url': 'regulationUrl',
  regulation: 'regulationIssuer',
  'reach.subtrees': 'reachSubtrees',
  'reach.departments': 'reachDepartments',
  reach: 'reachSubtrees',
};

/**
 * The form field a server validation error names: `regulation.issuer` → `regulationIssuer`,
 * `tags.3` → `tags`, `body` stays `body` (the editor shows it). Undefined for a field the form
 * does not hold.
 */
export function formFieldOf(serverField: string): keyof ArticleFormValues | 'body' | undefined {
  const withoutIndex = serverField.replace(/\.\d+(\..*)?$/, '');
  const mapped = SERVER_FIELDS[withoutIndex] ?? withoutIndex;
  if (mapped === 'body') return 'body';
  return (ARTICLE_FORM_FIELDS as readonly string[]).includes(mapped) ? (mapped as keyof ArticleFormValues) : undefined;
}

/** Server field errors renamed to the form's fields; the ones no field holds keep their name. */
export function toFormFieldErrors(errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, field: formFieldOf(e.field) ?? e.field }));
}
