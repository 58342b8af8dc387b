import { useState } from 'react';
import { Button, Card, Empty, Form, Select, Space, Tag, Typography } from 'antd';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { AnalyticsFrame } from '../analytics/analytics-frame.tsx';
import { CaseTypeFilter, PeriodFilter } from '../analytics/scope-filters.tsx';
import { QUALITY_CHECKS, type QualityCheck, type QualityFilter, type QualityListItem, qualityApi, qualityKeys } from './quality-api.ts';
import { QualityChart } from './quality-chart.tsx';
import { FindingList } from './quality-words.tsx';

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/** Quality findings of handled cases, for supervisors (issue 22): the weekly chart, then the cases, newest first. */
export function QualityListPage() {
  const { t } = useLocale();
  const [period, setPeriod] = useState(() => ({ from: dayjs().subtract(11, 'week').startOf('week'), to: dayjs() }));
  const [check, setCheck] = useState<QualityCheck | undefined>();
  const [caseType, setCaseType] = useState<string | undefined>();
  const filter: QualityFilter = { from: day(period.from), to: day(period.to), ...(check ? { check } : {}), ...(caseType ? { caseType } : {}) };

  const summary = useQuery({ queryKey: qualityKeys.summary(filter.from, filter.to), queryFn: () => qualityApi.summary(filter.from, filter.to) });
  const list = useInfiniteQuery({
    queryKey: qualityKeys.list(filter),
    queryFn: ({ pageParam }) => qualityApi.list(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <AnalyticsFrame title={t('assistQuality.list.title')}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('assistQuality.list.intro')}
      </Typography.Paragraph>
      <Form layout="inline" style={{ rowGap: 8 }} data-testid="quality-filters">
        <PeriodFilter from={period.from} to={period.to} onChange={(next) => setPeriod((p) => ({ from: next.from ?? p.from, to: next.to ?? p.to }))} testIdPrefix="quality-period" />
        <Form.Item>
          <Select
            allowClear
            value={check}
            onChange={(value?: QualityCheck) => setCheck(value)}
            placeholder={t('assistQuality.filter.anyCheck')}
            aria-label={t('assistQuality.filter.check')}
            style={{ width: 180 }}
            options={QUALITY_CHECKS.map((c) => ({ value: c, label: t(`assistQuality.check.${c}`) }))}
            data-testid="quality-check-filter"
          />
        </Form.Item>
        <CaseTypeFilter value={caseType} onChange={setCaseType} testId="quality-type-filter" />
      </Form>
      <Card size="small" title={t('assistQuality.chart.title')} loading={summary.isPending}>
        {summary.isError ? <LoadError error={summary.error} retry={() => summary.refetch()} /> : summary.data && <QualityChart summary={summary.data} />}
      </Card>
      {list.isError ? (
        <LoadError error={list.error} retry={() => list.refetch()} />
      ) : !list.isPending && items.length === 0 ? (
        <Empty description={t('assistQuality.list.none')} />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="quality-list">
          {items.map((item) => (
            <QualityCaseCard key={item.inspectionId} item={item} />
          ))}
          {list.hasNextPage && (
            <Button block loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()} data-testid="quality-more">
              {t('assistQuality.list.more')}
            </Button>
          )}
        </Space>
      )}
    </AnalyticsFrame>
  );
}

function QualityCaseCard({ item }: { item: QualityListItem }) {
  const { t, locale } = useLocale();
  return (
    <Card
      size="small"
      data-testid="quality-case"
      data-case-id={item.caseId}
      title={
        <Space wrap size={[8, 2]} style={{ whiteSpace: 'normal' }}>
          <Link to={`/cases/${item.caseId}`}>{item.number}</Link>
          {item.title && <span style={{ overflowWrap: 'anywhere' }}>{item.title}</span>}
        </Space>
      }
    >
      <Space wrap size={[4, 4]} style={{ marginBottom: 4 }}>
        <Tag>{item.caseTypeName ?? item.caseType}</Tag>
        {item.checks.map((check) => (
          <Tag key={check} color="red">
            {t(`assistQuality.check.${check}`)}
          </Tag>
        ))}
      </Space>
      <FindingList findings={item.findings} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('assistQuality.list.inspectedAt', { at: formatDateTime(item.inspectedAt, locale) })} · {t(`assistQuality.trigger.${item.trigger}`)}
      </Typography.Text>
    </Card>
  );
}
