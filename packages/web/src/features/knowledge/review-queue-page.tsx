import { Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { ArticleList } from './article-list.tsx';
import { KnowledgeFrame } from './knowledge-frame.tsx';
import { useArticleList } from './knowledge-api.ts';

const TABS = ['review', 'drafts'] as const;
type QueueTab = (typeof TABS)[number];

/** 待我审核 (versions waiting for a review the reader may give) and 我的草稿 (the reader's own drafts, returned ones included). */
export function ReviewQueuePage() {
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  const canFirstReview = useCan('knowledge:review');
  const canComplianceReview = useCan('knowledge:compliance-review');
  const canWrite = useCan('knowledge:write');
  const offered = TABS.filter((tab) => (tab === 'review' ? canFirstReview || canComplianceReview : canWrite));
  const asked = params.get('tab') as QueueTab | null;
  const current: QueueTab | undefined = asked && offered.includes(asked) ? asked : offered[0];
  return (
    <KnowledgeFrame title={t('knowledge.queue.title')} testId="review-queue-page">
      {offered.length === 0 ? (
        <ArticleList articles={[]} empty={t('knowledge.queue.nothingForYou')} label={t('knowledge.queue.title')} />
      ) : (
        <Tabs
          activeKey={current}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          items={offered.map((tab) => ({
            key: tab,
            label: <span data-testid={`queue-tab-${tab}`}>{t(`knowledge.queue.tab.${tab}`)}</span>,
            children: tab === current ? <QueueList tab={tab} /> : null,
          }))}
        />
      )}
    </KnowledgeFrame>
  );
}

function QueueList({ tab }: { tab: QueueTab }) {
  const { t } = useLocale();
  const list = useArticleList(tab === 'review' ? { awaitingMyReview: true } : { mine: true, status: 'draft' });
  return (
    <>
      {list.isError && <LoadError error={list.error} retry={() => list.refetch()} />}
      <ArticleList
        articles={list.data?.items ?? []}
        loading={list.isPending}
        empty={t(`knowledge.queue.empty.${tab}`)}
        showStatus
        working
        label={t(`knowledge.queue.tab.${tab}`)}
        testId={`queue-${tab}`}
      />
    </>
  );
}
