import { useEffect, useRef } from 'react';
import { Alert, Breadcrumb, Card, Descriptions, Empty, List, Skeleton, Space, Tabs, Tag, Timeline, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { ArticleActions } from './article-actions.tsx';
import { ArticleDiffView } from './article-diff.tsx';
import { ArticleFeedback } from './article-feedback.tsx';
import { knowledgeApi, knowledgeKeys, useArticle, type KnowledgeArticle } from './knowledge-api.ts';
import { AudienceTag, KindTag, StatusTag, ValidityTag, VersionStateTag } from './knowledge-tags.tsx';
import { KnowledgeFrame } from './knowledge-frame.tsx';
import './knowledge.css';

const formatDate = (iso: string | null | undefined, locale: string) => (iso ? new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso)) : '—');

/**
 * One article: the published version everyone reads, or with ?working=1 the draft or the version
 * in review (authors, editors, reviewers). Below it, its versions with a diff and its review history.
 */
export function ArticlePage() {
  const { t } = useLocale();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const working = params.get('working') === '1';
  const article = useArticle(id, working);
  const a = article.data;
  return (
    <KnowledgeFrame title={a ? a.title : t('knowledge.article.title')} testId="article-page">
      {article.isError && <LoadError error={article.error} retry={() => article.refetch()} />}
      {article.isPending && <Skeleton active />}
      {a && <ArticleView article={a} working={working} onWorking={(next) => setParams(next ? { working: '1' } : {}, { replace: true })} />}
    </KnowledgeFrame>
  );
}

function ArticleView({ article: a, working, onWorking }: { article: KnowledgeArticle; working: boolean; onWorking: (working: boolean) => void }) {
  const { t, locale } = useLocale();
  const me = useSession();
  // The working draft is offered to whoever may act on the article or wrote it; others would be refused it.
  const mayWork = a.can.edit || a.can.submit || a.can.review || a.can.complianceReview || a.can.retire || a.owner.id === me.id || a.author.id === me.id;
  const viewed = useRef<string | null>(null);
  // An opened published article counts as a view (usage ranks search); once per article and page.
  useEffect(() => {
    if (a.shownState !== 'published' || viewed.current === a.id) return;
    viewed.current = a.id;
    knowledgeApi.giveFeedback(a.id, 'viewed').catch(() => undefined);
  }, [a.id, a.shownState]);
  const hasWorkingDraft = a.currentVersion !== a.publishedVersion;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', minWidth: 0 }}>
      {a.categoryPath.length > 0 && <Breadcrumb data-testid="category-path" items={a.categoryPath.map((c) => ({ key: c.id, title: <Link to={`/knowledge?category=${c.id}`}>{c.name}</Link> }))} />}
      <Space size={[4, 4]} wrap data-testid="article-tags">
        <Typography.Text type="secondary">{a.number}</Typography.Text>
        <KindTag kind={a.kind} />
        <AudienceTag audience={a.audience} />
        {/* The published version shows only whether it was retired; the working draft its own state. */}
        {working ? <VersionStateTag state={a.shownState} /> : a.status === 'retired' && <StatusTag status={a.status} />}
        <ValidityTag validity={a.validity} testId="validity-marker" />
        <Typography.Text type="secondary">{t('knowledge.version.label', { version: a.shownVersion })}</Typography.Text>
      </Space>
      {a.validity === 'expired' && (
        <Alert
          type="error"
          showIcon
          title={t('knowledge.article.expired', { date: formatDate(a.validTo, locale) })}
          description={a.supersededBy ? <SupersededBy article={a} /> : undefined}
          data-testid="expired-alert"
        />
      )}
      {a.status === 'retired' && <Alert type="warning" showIcon title={t('knowledge.article.retired', { date: formatDate(a.retiredAt, locale) })} description={a.retiredReason ?? undefined} />}
      {working && a.shownState === 'rejected' && (
        <Alert
          type="warning"
          showIcon
          title={t('knowledge.article.rejectedNote')}
          description={a.reviews.find((r) => r.version === a.shownVersion && r.decision === 'rejected')?.comment ?? undefined}
        />
      )}
      {mayWork && ((working && a.publishedVersion) || (!working && hasWorkingDraft)) && (
        <Typography.Link onClick={() => onWorking(!working)} data-testid="toggle-working" role="button">
          {working ? t('knowledge.article.showPublished', { version: a.publishedVersion ?? a.currentVersion }) : t('knowledge.article.showWorking', { version: a.currentVersion })}
        </Typography.Link>
      )}
      <ArticleActions article={a} />
      <Tabs
        items={[
          { key: 'content', label: t('knowledge.article.tab.content'), children: <ArticleContent article={a} /> },
          { key: 'versions', label: t('knowledge.article.tab.versions'), children: <ArticleVersions article={a} /> },
          { key: 'reviews', label: t('knowledge.article.tab.reviews', { count: a.reviews.length }), children: <ReviewHistory article={a} /> },
        ]}
      />
    </Space>
  );
}

function SupersededBy({ article }: { article: KnowledgeArticle }) {
  const t = useLocale().t;
  if (!article.supersededBy) return null;
  return (
    <span>
      {t('knowledge.article.supersededBy')} <Link to={`/knowledge/articles/${article.supersededBy.id}`}>{article.supersededBy.title}</Link>
    </span>
  );
}

function ArticleContent({ article: a }: { article: KnowledgeArticle }) {
  const { t, locale } = useLocale();
  const separator = t('knowledge.listSeparator');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', minWidth: 0 }}>
      {a.summary && (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {a.summary}
        </Typography.Paragraph>
      )}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server sanitises article bodies on save (headings, lists, tables, links, images only) */}
      <div className="kb-article-body" data-testid="article-body" dangerouslySetInnerHTML={{ __html: a.body }} />
      {a.shownState === 'published' && <ArticleFeedback article={a} />}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="article-facts">
        <Descriptions.Item label={t('knowledge.field.validity')}>
          {a.validFrom || a.validTo ? t('knowledge.article.validRange', { from: formatDate(a.validFrom, locale), to: formatDate(a.validTo, locale) }) : t('knowledge.article.validAlways')}
        </Descriptions.Item>
        <Descriptions.Item label={t('knowledge.field.owner')}>{a.owner.name}</Descriptions.Item>
        {a.regulation && (
          <Descriptions.Item label={t('knowledge.field.regulation')} span={2}>
            <span data-testid="regulation-reference">
              {[a.regulation.issuer, a.regulation.documentNumber, a.regulation.issuedAt && formatDate(a.regulation.issuedAt, locale)].filter(Boolean).join(' · ')}
              {a.regulation.url && /^https?:\/\//.test(a.regulation.url) && (
                <>
                  {' '}
                  <a href={a.regulation.url} target="_blank" rel="noopener noreferrer">
                    {t('knowledge.article.regulationLink')}
                  </a>
                </>
              )}
            </span>
          </Descriptions.Item>
        )}
        {a.tags.length > 0 && (
          <Descriptions.Item label={t('knowledge.field.tags')}>
            {a.tags.map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
          </Descriptions.Item>
        )}
        {a.caseTypes.length > 0 && <Descriptions.Item label={t('knowledge.field.caseTypes')}>{a.caseTypes.join(separator)}</Descriptions.Item>}
        {a.products.length > 0 && <Descriptions.Item label={t('knowledge.field.products')}>{a.products.join(separator)}</Descriptions.Item>}
        {a.sourceCase && (
          <Descriptions.Item label={t('knowledge.field.sourceCase')}>
            <Link to={`/cases/${a.sourceCase.id}`}>{a.sourceCase.number}</Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('knowledge.field.updatedAt')}>{formatDateTime(a.updatedAt, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('knowledge.field.usage')}>{t('knowledge.article.usage', { views: a.usage.views, attached: a.usage.attached })}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={<h2 style={{ fontSize: 14, margin: 0 }}>{t('knowledge.article.related')}</h2>}>
        {a.relatedArticles.length === 0 ? (
          <Typography.Text type="secondary">{t('knowledge.article.noRelated')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={a.relatedArticles}
            data-testid="related-articles"
            renderItem={(r) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Link to={`/knowledge/articles/${r.id}`}>{r.title}</Link> <Typography.Text type="secondary">{r.number}</Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>
      {a.assets.length > 0 && (
        <Card size="small" title={<h2 style={{ fontSize: 14, margin: 0 }}>{t('knowledge.article.assets')}</h2>}>
          <List
            size="small"
            dataSource={a.assets}
            data-testid="article-assets"
            renderItem={(asset) => (
              <List.Item style={{ paddingInline: 0 }}>
                <a href={asset.url} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>
                  <PaperClipOutlined aria-hidden /> {asset.fileName}
                </a>
                <Typography.Text type="secondary">{t('knowledge.article.assetSize', { size: Math.max(1, Math.round(asset.size / 1024)) })}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      )}
    </Space>
  );
}

function ArticleVersions({ article }: { article: KnowledgeArticle }) {
  const { t, locale } = useLocale();
  const versions = useQuery({ queryKey: knowledgeKeys.versions(article.id), queryFn: () => knowledgeApi.listVersions(article.id) });
  if (versions.isError) return <LoadError error={versions.error} retry={() => versions.refetch()} />;
  if (versions.isPending) return <Skeleton active />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', minWidth: 0 }}>
      <List
        size="small"
        dataSource={versions.data}
        data-testid="version-list"
        renderItem={(v) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Space size={[6, 2]} wrap>
              <Typography.Text strong>{t('knowledge.version.label', { version: v.version })}</Typography.Text>
              <VersionStateTag state={v.state} />
              <Typography.Text type="secondary">{`${v.author.name} · ${formatDateTime(v.createdAt, locale)}`}</Typography.Text>
              {v.changeNote && <Typography.Text>{v.changeNote}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      <ArticleDiffView articleId={article.id} versions={versions.data} />
    </Space>
  );
}

function ReviewHistory({ article }: { article: KnowledgeArticle }) {
  const { t, locale } = useLocale();
  if (article.reviews.length === 0) return <Empty description={t('knowledge.review.none')} />;
  return (
    <Timeline
      data-testid="review-history"
      items={article.reviews.map((r) => ({
        key: r.id,
        color: r.decision === 'approved' ? 'green' : 'red',
        content: (
          <Space orientation="vertical" size={0}>
            <span>{t(`knowledge.review.${r.stage}.${r.decision}`, { who: r.reviewer.name, version: r.version })}</span>
            <Typography.Text type="secondary">{formatDateTime(r.decidedAt, locale)}</Typography.Text>
            {r.comment && <Typography.Text>{r.comment}</Typography.Text>}
          </Space>
        ),
      }))}
    />
  );
}
