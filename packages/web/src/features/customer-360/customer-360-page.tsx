import { Button, Card, Col, Descriptions, Empty, List, Result, Row, Space, Spin, Statistic, Tabs, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { isProblem } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { CustomerCases, CustomerTags, groupLabel, RelatedRecords, RestrictedNote } from './customer-parts.tsx';
import { useCustomer360, type Customer360 } from './customer-queries.ts';
import { CustomerTimelineList } from './customer-timeline.tsx';

// The customer 360° page (issue 21): profile, related records (accounts, holdings with their
// products…), cases, tasks, SLA outcomes, follow-ups and the timeline — each section as far as
// the reader may see; a restricted section says so, and nothing offers what the reader may not do.

type ProfileField = Customer360['profile'][number];

/** A field's value as people read it: an option's label, yes/no, or the (possibly masked) text; ids of users and the like are not shown. */
function ProfileValue({ field }: { field: ProfileField }) {
  const { t, locale } = useLocale();
  if (field.valueLabels && field.valueLabels.length > 0) return <>{field.valueLabels.map((l) => l[locale]).join('、')}</>;
  if (typeof field.value === 'boolean') return <>{field.value ? t('customer360.yes') : t('customer360.no')}</>;
  if (Array.isArray(field.value)) return <>{field.value.map(String).join('、')}</>;
  if (field.value === null || field.value === undefined || field.value === '') return <>—</>;
  return <span style={{ overflowWrap: 'anywhere' }}>{String(field.value)}</span>;
}

const NOT_SHOWN_TYPES = new Set(['user', 'department', 'reference', 'case-reference']);

function ProfileCard({ data }: { data: Customer360 }) {
  const { t, locale } = useLocale();
  const fields = data.profile.filter((f) => !NOT_SHOWN_TYPES.has(f.type));
  return (
    <Card
      data-testid="customer-profile"
      title={
        <Space wrap size={[8, 4]}>
          <Typography.Text strong data-testid="customer-name">
            {data.customer.displayName}
          </Typography.Text>
          <Typography.Text type="secondary">{data.customer.number}</Typography.Text>
          <Tag>{data.type.name[locale]}</Tag>
        </Space>
      }
      extra={<Link to={`/records/${data.customer.type}/${data.customer.id}`}>{t('customer360.openRecord')}</Link>}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <CustomerTags tier={data.tier} tags={data.tags} />
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={fields.map((f) => ({ key: f.key, label: f.label[locale], children: <ProfileValue field={f} /> }))} />
      </Space>
    </Card>
  );
}

function TasksCard({ tasks }: { tasks: Customer360['tasks'] }) {
  const { t, locale } = useLocale();
  return (
    <Card title={t('customer360.tasks', { n: tasks.open })} data-testid="customer-tasks" size="small">
      {tasks.restricted ? (
        <RestrictedNote />
      ) : tasks.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer360.noTasks')} />
      ) : (
        <List
          size="small"
          dataSource={tasks.items}
          renderItem={(task) => (
            <List.Item data-testid="customer-task">
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                <Space wrap size={[8, 4]}>
                  <Link to={`/tasks/${task.id}`}>{task.name ?? t('customer360.unnamedTask')}</Link>
                  {task.system === 'automation' && <Tag color="cyan">{t('customer360.followUpTask')}</Tag>}
                  <Tag>{task.completedAt ? t('customer360.taskDone') : t('customer360.taskOpen')}</Tag>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {task.caseNumber && task.caseId ? (
                    <>
                      <Link to={`/cases/${task.caseId}`}>{task.caseNumber}</Link> ·{' '}
                    </>
                  ) : null}
                  {task.dueAt ? `${t('customer360.dueAt')} ${formatDateTime(task.dueAt, locale)}` : formatDateTime(task.createdAt, locale)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function SlaCard({ sla }: { sla: Customer360['sla'] }) {
  const { t } = useLocale();
  return (
    <Card title={t('customer360.sla')} data-testid="customer-sla" size="small">
      {sla.restricted ? (
        <RestrictedNote />
      ) : (
        <Row gutter={16}>
          <Col span={8}>
            <Statistic title={t('customer360.slaMet')} value={sla.metOnTime} styles={{ content: { color: '#389e0d' } }} data-testid="sla-met" />
          </Col>
          <Col span={8}>
            <Statistic title={t('customer360.slaBreached')} value={sla.breached} styles={{ content: { color: sla.breached > 0 ? '#cf1322' : undefined } }} data-testid="sla-breached" />
          </Col>
          <Col span={8}>
            <Statistic title={t('customer360.slaRunning')} value={sla.running} />
          </Col>
        </Row>
      )}
    </Card>
  );
}

function FollowUpsCard({ followUps }: { followUps: Customer360['followUps'] }) {
  const { t, locale } = useLocale();
  return (
    <Card title={t('customer360.followUps', { n: followUps.total })} data-testid="customer-follow-ups" size="small">
      {followUps.restricted ? (
        <RestrictedNote />
      ) : followUps.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer360.noFollowUps')} />
      ) : (
        <List
          size="small"
          dataSource={followUps.items}
          renderItem={(run) => (
            <List.Item data-testid="customer-follow-up">
              <Space wrap size={[8, 4]}>
                {followUps.canOpenRules ? <Link to={`/admin/automation/rules/${run.ruleKey}`}>{run.ruleName}</Link> : <Typography.Text>{run.ruleName}</Typography.Text>}
                <Tag color={run.status === 'succeeded' ? 'green' : run.status === 'failed' ? 'red' : 'default'}>{t(`customer360.runStatus.${run.status}`)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(run.startedAt, locale)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export function Customer360Page() {
  const { id = '' } = useParams();
  const { t, locale } = useLocale();
  const customer = useCustomer360(id);
  if (customer.isPending) return <Spin />;
  if (customer.isError) {
    if (isProblem(customer.error, 'customer-not-found'))
      return (
        <Result
          status="404"
          title={t('customer360.notFound')}
          extra={
            <Link to="/">
              <Button>{t('app.backHome')}</Button>
            </Link>
          }
        />
      );
    return <LoadError error={customer.error} retry={() => void customer.refetch()} />;
  }
  const data = customer.data;
  const fieldLabels = new Map(data.profile.map((f) => [f.key, f.label[locale]]));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="customer-360">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('customer360.title')}
      </Typography.Title>
      <ProfileCard data={data} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('customer360.related')} data-testid="customer-related">
              {data.related.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer360.noRelated')} />
              ) : (
                <Tabs
                  size="small"
                  // The first relation that holds records, not an empty one that happens to come first.
                  defaultActiveKey={firstGroupWithRecords(data.related)}
                  items={data.related.map((group) => ({
                    key: `${group.relationKey}:${group.direction}`,
                    label: `${groupLabel(group, locale)}${group.restricted ? '' : ` (${group.total})`}`,
                    children: <RelatedRecords group={group} />,
                  }))}
                />
              )}
            </Card>
            <Card size="small" title={t('customer360.cases')}>
              <CustomerCases cases={data.cases} />
            </Card>
            <TasksCard tasks={data.tasks} />
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <SlaCard sla={data.sla} />
            <FollowUpsCard followUps={data.followUps} />
            <Card size="small" title={t('customer360.timeline')} data-testid="customer-timeline">
              <CustomerTimelineList recordId={data.customer.id} fieldLabels={fieldLabels} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}

/** The tab to open first: the first relation with records the reader may see. */
function firstGroupWithRecords(groups: { relationKey: string; direction: string; total: number; restricted?: boolean }[]): string | undefined {
  const group = groups.find((g) => !g.restricted && g.total > 0) ?? groups[0];
  return group ? `${group.relationKey}:${group.direction}` : undefined;
}
