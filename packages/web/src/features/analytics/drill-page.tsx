import { useMemo } from 'react';
import { Button, Empty, Space, Tag } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useReachableDepartments } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { CaseCardList } from '../cases/case-card-list.tsx';
import { useCaseTypes } from '../cases/case-queries.ts';
import { AnalyticsFrame } from './analytics-frame.tsx';
import { channelLabel } from './dashboard-charts.tsx';
import { drillTargetOf, filterOf, searchOf, useDrill } from './dashboard-queries.ts';

/**
 * The cases behind a figure of the cockpit (analytics:read): the same filter and bucket the figure
 * counted, as case cards linking to each case, newest first, fifty at a time.
 */
export function DrillPage() {
  const { t } = useLocale();
  const [search] = useSearchParams();
  const filter = useMemo(() => filterOf(search), [search]);
  const target = useMemo(() => drillTargetOf(search), [search]);
  const drill = useDrill(filter, target);
  const types = useCaseTypes();
  const departments = useReachableDepartments('case:read');
  const typeName = (key: string) => types.data?.find((type) => type.key === key)?.name ?? key;
  const departmentName = (id: string | undefined) => departments.data?.find((d) => d.id === id)?.name;
  const rows = drill.data?.pages.flatMap((p) => p.items) ?? [];

  const back = (
    <Link to={`/analytics?${searchOf(filter).toString()}`}>
      <Button icon={<ArrowLeftOutlined />}>{t('drill.back')}</Button>
    </Link>
  );
  if (!target) {
    return (
      <AnalyticsFrame title={t('drill.title')} extra={back}>
        <Empty description={t('drill.noMetric')} />
      </AnalyticsFrame>
    );
  }
  // What the list is: the figure, then the filter and bucket it was taken under.
  const facets = [
    `${filter.from} – ${filter.to}`,
    filter.departmentId && departmentName(filter.departmentId),
    filter.caseType && typeName(filter.caseType),
    filter.channel !== undefined && channelLabel(t, filter.channel),
    filter.product,
    target.day && t('drill.onDay', { day: target.day }),
    target.ageBucket && t('drill.ofAge', { age: t(`dash.age.${target.ageBucket}`) }),
    target.assigneeId && t('drill.ofPerson'),
    target.teamId && (departmentName(target.teamId) ?? t('drill.ofTeam')),
  ].filter((f): f is string => typeof f === 'string' && f !== '');

  return (
    <AnalyticsFrame title={t(`drill.metric.${target.metric}`)} extra={back}>
      <Space size={[4, 4]} wrap data-testid="drill-facets">
        {facets.map((f) => (
          <Tag key={f}>{f}</Tag>
        ))}
      </Space>
      {drill.error ? (
        <LoadError error={drill.error} retry={() => void drill.refetch()} />
      ) : (
        <div data-testid="drill-list">
          <CaseCardList rows={rows} loading={drill.isLoading} typeName={typeName} assigneeName={(id, name) => (id === null ? t('drill.unassigned') : (name ?? ''))} empty={t('drill.empty')} />
        </div>
      )}
      {drill.hasNextPage && (
        <Button onClick={() => void drill.fetchNextPage()} loading={drill.isFetchingNextPage} data-testid="drill-more">
          {t('drill.more')}
        </Button>
      )}
    </AnalyticsFrame>
  );
}
