import { Button, Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { ClockCircleOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { AnalyticsFrame } from './analytics-frame.tsx';
import { useBoards, useReports } from './report-api.ts';

/** Reports and boards the reader owns or that are shared with one of their roles. */
export function ReportsPage() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const mayDesign = useCan('analytics:design');
  const reports = useReports();
  const boards = useBoards();
  const extra = mayDesign && (
    <Space wrap>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/analytics/reports/new')} data-testid="report-new">
        {t('analyticsReports.list.new')}
      </Button>
      <Button icon={<PlusOutlined />} onClick={() => void navigate('/analytics/boards/new')}>
        {t('analyticsReports.list.newBoard')}
      </Button>
    </Space>
  );
  return (
    <AnalyticsFrame title={t('analyticsReports.list.title')} extra={extra}>
      <Card size="small" title={t('analyticsReports.list.title')}>
        {reports.isError ? (
          <LoadError error={reports.error} retry={() => void reports.refetch()} />
        ) : !reports.data ? (
          <Spin />
        ) : reports.data.length === 0 ? (
          <Empty description={t('analyticsReports.list.empty')} />
        ) : (
          <List
            data-testid="report-list"
            dataSource={reports.data}
            renderItem={(r) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/analytics/reports/${r.id}`}>{r.name}</Link>}
                  description={
                    <Space wrap size={4}>
                      <Tag>{t(`analyticsReports.subject.${r.definition.subject}`)}</Tag>
                      <Tag>{t(`analyticsReports.chart.${r.definition.chart}`)}</Tag>
                      <Typography.Text type="secondary">
                        {t('analyticsReports.list.owner')}: {r.ownerName ?? '—'}
                      </Typography.Text>
                      {r.sharedWithRoles.length > 0 && (
                        <Tag icon={<TeamOutlined />}>
                          {t('analyticsReports.list.shared')} {r.sharedWithRoles.join(', ')}
                        </Tag>
                      )}
                      {r.schedule && <Tag icon={<ClockCircleOutlined />}>{t('analyticsReports.list.scheduled')}</Tag>}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t('analyticsReports.list.boards')}>
        {boards.isError ? (
          <LoadError error={boards.error} retry={() => void boards.refetch()} />
        ) : !boards.data ? (
          <Spin />
        ) : boards.data.length === 0 ? (
          <Empty description={t('analyticsReports.list.noBoards')} />
        ) : (
          <List
            dataSource={boards.data}
            renderItem={(b) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/analytics/boards/${b.id}`}>{b.name}</Link>}
                  description={
                    <Typography.Text type="secondary">
                      {t('analyticsReports.list.owner')}: {b.ownerName ?? '—'}
                      {b.sharedWithRoles.length > 0 ? ` · ${t('analyticsReports.list.shared')} ${b.sharedWithRoles.join(', ')}` : ''}
                    </Typography.Text>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </AnalyticsFrame>
  );
}
