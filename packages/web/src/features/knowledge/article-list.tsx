import type { ReactNode } from 'react';
import { Card, Empty, List, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import type { ArticleSummary } from './knowledge-api.ts';
import { AudienceTag, KindTag, StatusTag, ValidityTag } from './knowledge-tags.tsx';

/** Where an article opens: its published page, or (`working`) the draft or version in review. */
export const articlePath = (id: string, working = false) => `/knowledge/articles/${id}${working ? '?working=1' : ''}`;

function ArticleTitle({ article, working }: { article: ArticleSummary; working: boolean }) {
  return (
    <Link to={articlePath(article.id, working)} data-testid="article-link" style={{ fontWeight: 600, wordBreak: 'break-word' }}>
      {article.title}
    </Link>
  );
}

function ArticleTags({ article, showStatus }: { article: ArticleSummary; showStatus: boolean }) {
  return (
    <Space size={[4, 4]} wrap>
      <KindTag kind={article.kind} />
      {showStatus && <StatusTag status={article.status} />}
      {article.audience === 'customer' && <AudienceTag audience={article.audience} />}
      <ValidityTag validity={article.validity} />
    </Space>
  );
}

/**
 * Articles as a table on a desk and as cards on a phone (no sideways scroll at 390 px): title,
 * kind, category, updated. `showStatus` and `working` for lists of drafts and reviews.
 */
export function ArticleList({
  articles,
  loading,
  empty,
  showStatus = false,
  working = false,
  label,
  testId,
}: {
  articles: ArticleSummary[];
  loading?: boolean;
  empty: ReactNode;
  showStatus?: boolean;
  working?: boolean;
  label: string;
  testId?: string;
}) {
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  if (narrow) {
    return (
      <List
        loading={loading}
        dataSource={articles}
        locale={{ emptyText: <Empty description={empty} /> }}
        data-testid={testId}
        aria-label={label}
        renderItem={(article) => (
          <List.Item key={article.id} style={{ paddingInline: 0 }}>
            <Card size="small" style={{ width: '100%' }}>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <ArticleTitle article={article} working={working} />
                <ArticleTags article={article} showStatus={showStatus} />
                <Typography.Text type="secondary">
                  {[article.number, article.categoryName, t('knowledge.updatedAt', { at: formatDateTime(article.updatedAt, locale) })].filter(Boolean).join(' · ')}
                </Typography.Text>
              </Space>
            </Card>
          </List.Item>
        )}
      />
    );
  }
  return (
    <KeyboardScrollable label={label}>
      <Table<ArticleSummary>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={articles}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={empty} /> }}
        data-testid={testId}
        columns={[
          { title: t('knowledge.field.title'), key: 'title', render: (_: unknown, a) => <ArticleTitle article={a} working={working} /> },
          { title: t('knowledge.field.kind'), key: 'kind', render: (_: unknown, a) => <ArticleTags article={a} showStatus={showStatus} /> },
          { title: t('knowledge.field.category'), key: 'category', render: (_: unknown, a) => a.categoryName ?? '—' },
          { title: t('knowledge.field.number'), dataIndex: 'number', responsive: ['lg'] },
          { title: t('knowledge.field.updatedAt'), key: 'updatedAt', render: (_: unknown, a) => formatDateTime(a.updatedAt, locale) },
        ]}
      />
    </KeyboardScrollable>
  );
}
