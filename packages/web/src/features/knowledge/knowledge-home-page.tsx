import { useMemo } from 'react';
import { Badge, Card, Col, Empty, Row, Space, Tree, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { ArticleList } from './article-list.tsx';
import { categoryName, categoryTree, type CategoryNode } from './category-tree.ts';
import { KnowledgeFrame, KnowledgeSearchBox } from './knowledge-frame.tsx';
import { useArticleList, useKnowledgeHome, type KnowledgeCategory } from './knowledge-api.ts';

interface TreeItem {
  key: string;
  title: string;
  children: TreeItem[];
}

/**
 * 知识库: search first, then the category tree with the articles the reader may read in each,
 * what changed lately and what colleagues use most; a writer's drafts and a reviewer's queue as
 * counts that lead to their lists.
 */
export function KnowledgeHomePage() {
  const { t, locale } = useLocale();
  const home = useKnowledgeHome();
  const [params, setParams] = useSearchParams();
  const selected = params.get('category') ?? undefined;
  const canWrite = useCan('knowledge:write');
  const canFirstReview = useCan('knowledge:review');
  const canComplianceReview = useCan('knowledge:compliance-review');
  const canReview = canFirstReview || canComplianceReview;
  const categories = home.data?.categories ?? [];
  const tree = useMemo(() => categoryTree(categories, (c) => categoryName(c, locale)), [categories, locale]);
  const selectedCategory = categories.find((c) => c.id === selected);
  const inCategory = useArticleList({ categoryId: selected, status: 'published' }, !!selected);

  const toTreeData = (nodes: CategoryNode[]): TreeItem[] =>
    nodes.map((n) => ({ key: n.category.id, title: t('knowledge.home.categoryCount', { name: categoryName(n.category, locale), count: n.category.articleCount }), children: toTreeData(n.children) }));

  return (
    <KnowledgeFrame title={t('knowledge.home.title')} testId="knowledge-home">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <KnowledgeSearchBox />
        {home.isError && <LoadError error={home.error} retry={() => home.refetch()} />}
        {(canWrite || canReview) && home.data && (
          <Space size="middle" wrap data-testid="knowledge-my-work">
            {canWrite && (
              <Link to="/knowledge/review?tab=drafts" data-testid="my-drafts-link">
                {t('knowledge.home.myDrafts')} <Badge count={home.data.myDrafts} showZero color="#1f5fbf" />
              </Link>
            )}
            {canReview && (
              <Link to="/knowledge/review?tab=review" data-testid="awaiting-review-link">
                {t('knowledge.home.awaitingMyReview')} <Badge count={home.data.awaitingMyReview} showZero color={home.data.awaitingMyReview ? '#b8560b' : '#1f5fbf'} />
              </Link>
            )}
          </Space>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} md={8}>
            <Card size="small" title={<h2 style={{ fontSize: 14, margin: 0 }}>{t('knowledge.home.categories')}</h2>} loading={home.isPending} data-testid="category-tree">
              {tree.length === 0 ? (
                <Empty description={t('knowledge.home.noCategories')} />
              ) : (
                <Tree
                  treeData={toTreeData(tree)}
                  selectedKeys={selected ? [selected] : []}
                  defaultExpandAll
                  blockNode
                  aria-label={t('knowledge.home.categories')}
                  onSelect={(keys) => {
                    const next = new URLSearchParams(params);
                    if (keys[0]) next.set('category', String(keys[0]));
                    else next.delete('category');
                    setParams(next, { replace: true });
                  }}
                />
              )}
            </Card>
          </Col>
          <Col xs={24} md={16}>
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              {selectedCategory && <CategoryArticles category={selectedCategory} articles={inCategory} />}
              <HomeSection title={t('knowledge.home.recentlyUpdated')} testId="recently-updated" articles={home.data?.recentlyUpdated} loading={home.isPending} />
              <HomeSection title={t('knowledge.home.mostUsed')} testId="most-used" articles={home.data?.mostUsed} loading={home.isPending} />
            </Space>
          </Col>
        </Row>
      </Space>
    </KnowledgeFrame>
  );
}

function CategoryArticles({ category, articles }: { category: KnowledgeCategory; articles: ReturnType<typeof useArticleList> }) {
  const { t, locale } = useLocale();
  const name = categoryName(category, locale);
  return (
    <Card size="small" title={<h2 style={{ fontSize: 14, margin: 0 }}>{t('knowledge.home.inCategory', { name })}</h2>} data-testid="category-articles">
      {articles.isError && <LoadError error={articles.error} retry={() => articles.refetch()} />}
      <ArticleList articles={articles.data?.items ?? []} loading={articles.isPending} empty={t('knowledge.home.categoryEmpty')} label={t('knowledge.home.inCategory', { name })} />
    </Card>
  );
}

function HomeSection({ title, articles, loading, testId }: { title: string; articles: Parameters<typeof ArticleList>[0]['articles'] | undefined; loading: boolean; testId: string }) {
  const t = useLocale().t;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 14, margin: 0 }}>{title}</h2>}>
      <ArticleList articles={articles ?? []} loading={loading} empty={<Typography.Text type="secondary">{t('knowledge.home.nothingYet')}</Typography.Text>} label={title} testId={testId} />
    </Card>
  );
}
