import { useMemo, useState } from 'react';
import { DatePicker, Form, Input, Radio, Select, TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { dataOf, type Department, type Role } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { departmentTreeData } from '../admin/admin-queries.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { categoryName, categoryTree, categoryTreeData } from './category-tree.ts';
import type { ArticleFormValues } from './editor-model.ts';
import { ARTICLE_KINDS, AUDIENCES, SENSITIVITIES, knowledgeApi, useCategories, type KnowledgeArticle } from './knowledge-api.ts';

/**
 * Departments an author may aim an article at: the whole tree for an administrator (GET
 * /departments is theirs), else the departments the author's own roles reach.
 */
function useReachDepartments() {
  const isAdmin = useCan('user:admin');
  return useQuery({
    queryKey: ['knowledge', 'reach-departments', isAdmin],
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<Department[]> =>
      isAdmin ? dataOf(await api.GET('/api/v1/departments')).items : dataOf(await api.GET('/api/v1/me/departments', { params: { query: { action: 'case:read' } } })).items,
  });
}

/** Role names for the roles field: only an administrator may list roles; others type role keys. */
function useRoleOptions() {
  const isAdmin = useCan('user:admin');
  return useQuery({ queryKey: ['knowledge', 'roles'], enabled: isAdmin, staleTime: 5 * 60_000, queryFn: async (): Promise<Role[]> => dataOf(await api.GET('/api/v1/roles')).items });
}

/** Related articles: picked by searching published ones; those already related keep their titles. */
function RelatedArticlesSelect({ value, onChange, initial, excludeId }: { value?: string[]; onChange?: (v: string[]) => void; initial: { id: string; title: string }[]; excludeId?: string }) {
  const t = useLocale().t;
  const [q, setQ] = useState('');
  const found = useQuery({ queryKey: ['knowledge', 'related-search', q], enabled: q.trim().length > 0, queryFn: () => knowledgeApi.search({ q: q.trim(), limit: 10, validity: 'all' }) });
  const [known, setKnown] = useState(() => new Map(initial.map((a) => [a.id, a.title])));
  const options = useMemo(() => {
    const map = new Map(known);
    for (const hit of found.data?.items ?? []) map.set(hit.article.id, hit.article.title);
    return [...map].filter(([id]) => id !== excludeId).map(([id, title]) => ({ value: id, label: title }));
  }, [known, found.data, excludeId]);
  return (
    <Select
      mode="multiple"
      value={value}
      onChange={(ids: string[]) => {
        setKnown((m) => new Map([...m, ...options.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label] as const)]));
        onChange?.(ids);
      }}
      showSearch={{ filterOption: false, onSearch: setQ }}
      options={options}
      loading={found.isFetching}
      placeholder={t('knowledge.editor.relatedPlaceholder')}
      notFoundContent={q ? t('knowledge.editor.relatedNone') : t('knowledge.editor.relatedType')}
      aria-label={t('knowledge.field.relatedArticles')}
      data-testid="field-related"
    />
  );
}

/** The article's metadata beside the editor: kind, category, audience and reach, applicability, validity, regulation, related. */
export function ArticleMetadataFields({ article }: { article?: KnowledgeArticle }) {
  const { t, locale } = useLocale();
  const categories = useCategories();
  const caseTypes = useCaseTypes();
  const departments = useReachDepartments();
  const roles = useRoleOptions();
  const kind = Form.useWatch<ArticleFormValues['kind']>('kind');
  const audience = Form.useWatch<ArticleFormValues['audience']>('audience');
  const regulationIssuer = Form.useWatch<string | undefined>('regulationIssuer');
  const tree = useMemo(() => categoryTree(categories.data ?? [], (c) => categoryName(c, locale)), [categories.data, locale]);
  const departmentData = useMemo(() => departmentTreeData(departments.data ?? []), [departments.data]);
  const tagsSelect = (label: string, testId: string) => <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} aria-label={label} data-testid={testId} />;
  return (
    <>
      <Form.Item name="kind" label={t('knowledge.field.kind')} rules={[{ required: true }]}>
        <Select options={ARTICLE_KINDS.map((k) => ({ value: k, label: t(`knowledge.kind.${k}`) }))} aria-label={t('knowledge.field.kind')} data-testid="field-kind" />
      </Form.Item>
      <Form.Item name="categoryId" label={t('knowledge.field.category')}>
        <TreeSelect allowClear treeData={categoryTreeData(tree, locale)} treeDefaultExpandAll aria-label={t('knowledge.field.category')} data-testid="field-category" />
      </Form.Item>
      <Form.Item name="summary" label={t('knowledge.field.summary')}>
        <Input.TextArea rows={2} maxLength={1000} showCount data-testid="field-summary" />
      </Form.Item>
      <Form.Item name="audience" label={t('knowledge.field.audience')} extra={audience === 'customer' ? t('knowledge.editor.customerHint') : undefined}>
        <Radio.Group options={AUDIENCES.map((a) => ({ value: a, label: t(`knowledge.audience.${a}`) }))} data-testid="field-audience" />
      </Form.Item>
      <Form.Item name="reachSubtrees" label={t('knowledge.field.reachSubtrees')} extra={t('knowledge.editor.reachHint')}>
        <TreeSelect
          multiple
          allowClear
          treeData={departmentData}
          treeDefaultExpandAll
          loading={departments.isPending}
          aria-label={t('knowledge.field.reachSubtrees')}
          data-testid="field-reach-subtrees"
        />
      </Form.Item>
      <Form.Item name="reachDepartments" label={t('knowledge.field.reachDepartments')}>
        <TreeSelect
          multiple
          allowClear
          treeData={departmentData}
          treeDefaultExpandAll
          loading={departments.isPending}
          aria-label={t('knowledge.field.reachDepartments')}
          data-testid="field-reach-departments"
        />
      </Form.Item>
      <Form.Item name="roles" label={t('knowledge.field.roles')} extra={t('knowledge.editor.rolesHint')}>
        {roles.data ? (
          <Select mode="multiple" options={roles.data.map((r) => ({ value: r.key, label: r.name }))} aria-label={t('knowledge.field.roles')} data-testid="field-roles" />
        ) : (
          tagsSelect(t('knowledge.field.roles'), 'field-roles')
        )}
      </Form.Item>
      <Form.Item name="sensitivity" label={t('knowledge.field.sensitivity')}>
        <Select options={SENSITIVITIES.map((s) => ({ value: s, label: t(`knowledge.sensitivity.${s}`) }))} aria-label={t('knowledge.field.sensitivity')} data-testid="field-sensitivity" />
      </Form.Item>
      <Form.Item name="tags" label={t('knowledge.field.tags')}>
        {tagsSelect(t('knowledge.field.tags'), 'field-tags')}
      </Form.Item>
      <Form.Item name="caseTypes" label={t('knowledge.field.caseTypes')}>
        <Select mode="multiple" options={(caseTypes.data ?? []).map((ct) => ({ value: ct.key, label: ct.name }))} aria-label={t('knowledge.field.caseTypes')} data-testid="field-case-types" />
      </Form.Item>
      <Form.Item name="products" label={t('knowledge.field.products')} extra={t('knowledge.editor.productsHint')}>
        {tagsSelect(t('knowledge.field.products'), 'field-products')}
      </Form.Item>
      <Form.Item name="validFrom" label={t('knowledge.field.validFrom')}>
        <DatePicker style={{ width: '100%' }} aria-label={t('knowledge.field.validFrom')} data-testid="field-valid-from" />
      </Form.Item>
      <Form.Item
        name="validTo"
        label={t('knowledge.field.validTo')}
        dependencies={['validFrom']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, value) => {
              const from = getFieldValue('validFrom');
              return !value || !from || !value.isBefore(from, 'day') ? Promise.resolve() : Promise.reject(new Error(t('knowledge.editor.validToBeforeFrom')));
            },
          }),
        ]}
      >
        <DatePicker style={{ width: '100%' }} aria-label={t('knowledge.field.validTo')} data-testid="field-valid-to" />
      </Form.Item>
      {(kind === 'regulation' || !!regulationIssuer) && (
        <fieldset style={{ border: '1px solid #f0f0f0', borderRadius: 4, padding: '4px 12px', marginBottom: 16, minWidth: 0 }} data-testid="regulation-fields">
          <legend style={{ fontSize: 14, width: 'auto', marginBottom: 4, border: 0 }}>{t('knowledge.field.regulation')}</legend>
          <Form.Item
            name="regulationIssuer"
            label={t('knowledge.field.regulationIssuer')}
            rules={kind === 'regulation' ? [{ required: true, whitespace: true, message: t('knowledge.editor.issuerRequired') }] : []}
          >
            <Input maxLength={200} data-testid="field-regulation-issuer" />
          </Form.Item>
          <Form.Item name="regulationNumber" label={t('knowledge.field.regulationNumber')}>
            <Input maxLength={200} data-testid="field-regulation-number" />
          </Form.Item>
          <Form.Item name="regulationIssuedAt" label={t('knowledge.field.regulationIssuedAt')}>
            <DatePicker style={{ width: '100%' }} aria-label={t('knowledge.field.regulationIssuedAt')} />
          </Form.Item>
          <Form.Item name="regulationUrl" label={t('knowledge.field.regulationUrl')} rules={[{ pattern: /^https?:\/\//i, message: t('knowledge.editor.linkInvalid') }]}>
            <Input maxLength={2000} placeholder="https://" />
          </Form.Item>
        </fieldset>
      )}
      <Form.Item name="relatedArticleIds" label={t('knowledge.field.relatedArticles')}>
        <RelatedArticlesSelect initial={article?.relatedArticles ?? []} excludeId={article?.id} />
      </Form.Item>
      <Form.Item name="changeNote" label={t('knowledge.field.changeNote')}>
        <Input maxLength={1000} data-testid="field-change-note" />
      </Form.Item>
    </>
  );
}
