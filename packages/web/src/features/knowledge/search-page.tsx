import { useMemo } from 'react';
import { Card, Empty, List, Pagination, Select, Space, TreeSelect, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { useCaseTypes } from '../cases/case-queries.ts';
import { articlePath } from './article-list.tsx';
import { categoryName, categoryTree, categoryTreeData } from './category-tree.ts';
import { Highlighted } from './highlighted.tsx';
import { markedText } from './marked-snippet.tsx';
import { KnowledgeFrame, KnowledgeSearchBox } from './knowledge-frame.tsx';
import { ARTICLE_KINDS, VALIDITY_FILTERS, knowledgeApi, knowledgeKeys, useCategories, type SearchHit, type SearchResult } from './knowledge-api.ts';
import { AudienceTag, KindTag, ValidityTag } from './knowledge-tags.tsx';
import { SEARCH_PAGE_SIZE, searchParamsOf, searchQueryOf, searchStateOf, type SearchState } from './search-params.ts';

/** Search results: highlighted titles and passages, filters, what the query was widened to, an honest empty state. */
export function KnowledgeSearchPage() {
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => searchStateOf(params), [params]);
  const query = searchQueryOf(state);
  const result = useQuery({ queryKey: knowledgeKeys.search(query), queryFn: () => knowledgeApi.search(query), enabled: !!state.q });
  const go = (next: SearchState) => setParams(searchParamsOf(next), { replace: false });

  return (
    <KnowledgeFrame title={t('knowledge.search.title')} testId="knowledge-search-page">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {/* Keyed by the query: a search from the box on this page starts the box afresh. */}
        <KnowledgeSearchBox key={state.q} initial={state.q} />
        <SearchFilters state={state} onChange={(next) => go({ ...next, page: 1 })} />
        {result.data && <QueryExpansion result={result.data} />}
        {result.isError && <LoadError error={result.error} retry={() => result.refetch()} />}
        {!state.q ? (
          <Empty description={t('knowledge.search.enterQuery')} />
        ) : (
          <SearchResults result={result.data} loading={result.isPending} state={state} onPage={(page) => go({ ...state, page })} />
        )}
      </Space>
    </KnowledgeFrame>
  );
}

function SearchFilters({ state, onChange }: { state: SearchState; onChange: (next: SearchState) => void }) {
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  const categories = useCategories();
  const caseTypes = useCaseTypes();
  const tree = useMemo(() => categoryTree(categories.data ?? [], (c) => categoryName(c, locale)), [categories.data, locale]);
  const width = narrow ? '100%' : 180;
  return (
    <Space wrap style={{ width: '100%' }} data-testid="search-filters">
      <TreeSelect
        allowClear
        value={state.categoryId}
        onChange={(categoryId?: string) => onChange({ ...state, categoryId })}
        treeData={categoryTreeData(tree, locale)}
        treeDefaultExpandAll
        placeholder={t('knowledge.filter.category')}
        aria-label={t('knowledge.filter.category')}
        style={{ width }}
        data-testid="filter-category"
      />
      <Select
        allowClear
        value={state.caseType}
        onChange={(caseType?: string) => onChange({ ...state, caseType })}
        options={(caseTypes.data ?? []).map((ct) => ({ value: ct.key, label: ct.name }))}
        placeholder={t('knowledge.filter.caseType')}
        aria-label={t('knowledge.filter.caseType')}
        style={{ width }}
        data-testid="filter-case-type"
      />
      <Select
        allowClear
        value={state.kind}
        onChange={(kind?: SearchState['kind']) => onChange({ ...state, kind })}
        options={ARTICLE_KINDS.map((k) => ({ value: k, label: t(`knowledge.kind.${k}`) }))}
        placeholder={t('knowledge.filter.kind')}
        aria-label={t('knowledge.filter.kind')}
        style={{ width }}
        data-testid="filter-kind"
      />
      <Select
        value={state.validity}
        onChange={(validity: SearchState['validity']) => onChange({ ...state, validity })}
        options={VALIDITY_FILTERS.map((v) => ({ value: v, label: t(`knowledge.validityFilter.${v}`) }))}
        aria-label={t('knowledge.filter.validity')}
        style={{ width }}
        data-testid="filter-validity"
      />
    </Space>
  );
}

/** "Also searched: 贷记卡" and "Did you mean": what the server widened the query to, so a reader trusts a result without the typed word. */
function QueryExpansion({ result }: { result: SearchResult }) {
  const t = useLocale().t;
  const synonyms = [...new Set(result.query.expanded.flatMap((e) => e.synonyms))];
  const corrections = [...new Set(result.query.expanded.flatMap((e) => e.corrections))];
  if (synonyms.length === 0 && corrections.length === 0) return null;
  const separator = t('knowledge.listSeparator');
  return (
    <Space orientation="vertical" size={0} data-testid="query-expansion">
      {synonyms.length > 0 && <Typography.Text type="secondary">{t('knowledge.search.alsoSearched', { terms: synonyms.join(separator) })}</Typography.Text>}
      {corrections.length > 0 && <Typography.Text type="secondary">{t('knowledge.search.corrections', { terms: corrections.join(separator) })}</Typography.Text>}
    </Space>
  );
}

function SearchResults({ result, loading, state, onPage }: { result: SearchResult | undefined; loading: boolean; state: SearchState; onPage: (page: number) => void }) {
  const t = useLocale().t;
  if (!loading && result && result.total === 0) {
    return (
      <Empty
        data-testid="search-empty"
        description={
          <Space orientation="vertical" size={2}>
            <span>{t('knowledge.search.noResults', { q: state.q })}</span>
            <Typography.Text type="secondary">{state.validity === 'current' ? t('knowledge.search.noResultsHintValidity') : t('knowledge.search.noResultsHint')}</Typography.Text>
          </Space>
        }
      />
    );
  }
  return (
    <div>
      {result && (
        <Typography.Text type="secondary" role="status">
          {t('knowledge.search.total', { count: result.total })}
        </Typography.Text>
      )}
      <List loading={loading} dataSource={result?.items ?? []} data-testid="search-results" renderItem={(hit) => <SearchHitItem hit={hit} />} />
      {result && result.total > SEARCH_PAGE_SIZE && (
        <Pagination current={state.page} pageSize={SEARCH_PAGE_SIZE} total={Math.min(result.total, 1000 + SEARCH_PAGE_SIZE)} onChange={onPage} showSizeChanger={false} size="small" />
      )}
    </div>
  );
}

function SearchHitItem({ hit }: { hit: SearchHit }) {
  const { t, locale } = useLocale();
  const a = hit.article;
  return (
    <List.Item style={{ paddingInline: 0 }} data-testid="search-hit">
      <Card size="small" style={{ width: '100%' }}>
        <Space orientation="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
          <Link to={articlePath(a.id)} aria-label={markedText(hit.highlights.title)} style={{ fontWeight: 600, fontSize: 15, wordBreak: 'break-word' }} data-testid="search-hit-title">
            <Highlighted html={hit.highlights.title} />
          </Link>
          <Typography.Paragraph style={{ margin: 0, wordBreak: 'break-word' }} data-testid="search-hit-snippet">
            <Highlighted html={hit.highlights.snippet} />
          </Typography.Paragraph>
          <Space size={[4, 4]} wrap>
            <KindTag kind={a.kind} />
            {a.audience === 'customer' && <AudienceTag audience={a.audience} />}
            <ValidityTag validity={a.validity} />
            <Typography.Text type="secondary">{[a.categoryName, t('knowledge.updatedAt', { at: formatDateTime(a.updatedAt, locale) })].filter(Boolean).join(' · ')}</Typography.Text>
          </Space>
        </Space>
      </Card>
    </List.Item>
  );
}
