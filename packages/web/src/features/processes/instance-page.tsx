import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { InstanceProcessView } from './instance-process-view.tsx';
import { InstanceStateTag, shortId } from './instance-list.tsx';
import { PageTrail } from './page-trail.tsx';
import { useTasks } from '../tasks/task-api.ts';
import { DueAt } from '../tasks/task-labels.tsx';
import { elementNamesOf, instanceKey, retryIncident, useInstance, useInstanceHistory, useProcess, type HistoryEntry, type Incident, type InstanceDetail } from './process-api.ts';
import { durationLabel, elementTypeLabel, incidentKindLabel, isOverdue, OVERDUE_COLOR, outcomeLabel, prettyJson, waitingKindLabel } from './process-labels.ts';

/** One process instance: where its tokens are, what it waits for, what went wrong, and what it did. */
export function InstancePage() {
  const { id = '' } = useParams();
  const instance = useInstance(id);
  if (instance.isPending) return <Skeleton active />;
  if (instance.isError) return <LoadError error={instance.error} retry={() => instance.refetch()} />;
  return <InstanceView instance={instance.data} />;
}

function InstanceView({ instance }: { instance: InstanceDetail }) {
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  const canAdmin = useCan('process:admin');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const definition = useProcess(instance.processKey, instance.version);
  const history = useInstanceHistory(instance.id);
  const tasks = useTasks({ processInstanceId: instance.id });
  const names = useMemo(() => elementNamesOf(definition.data?.xml), [definition.data?.xml]);
  const [retrying, setRetrying] = useState<string | null>(null);
  const nameOf = (elementId: string) => names.get(elementId) ?? elementId;
  const incidents = instance.incidents ?? [];

  const retry = async (incident: Incident) => {
    setRetrying(incident.id);
    try {
      await retryIncident(incident.id);
      void message.success(t('incident.retried'));
      await queryClient.invalidateQueries({ queryKey: instanceKey(instance.id) });
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setRetrying(null);
    }
  };

  const variables = Object.entries(instance.variables ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const historyColumns: TableProps<HistoryEntry>['columns'] = [
    { title: t('history.element'), dataIndex: 'elementId', width: 180, ellipsis: true, render: (id: string) => <span title={id}>{nameOf(id)}</span> },
    { title: t('history.type'), dataIndex: 'elementType', width: 120, render: (type: string) => elementTypeLabel(t, type) },
    { title: t('history.started'), dataIndex: 'startedAt', width: 140, render: (v: string) => formatDateTime(v, locale) },
    { title: t('history.ended'), dataIndex: 'endedAt', width: 140, render: (v?: string | null) => formatDateTime(v, locale) },
    { title: t('history.duration'), key: 'duration', width: 100, render: (_: unknown, h) => durationLabel(t, h.startedAt, h.endedAt) },
    {
      title: t('history.outcome'),
      dataIndex: 'outcome',
      width: 110,
      render: (o: string | null | undefined, h) => (o ? outcomeLabel(t, o) : h.endedAt ? '—' : <Tag color="processing">{t('history.running')}</Tag>),
    },
  ];

  return (
    <Row gutter={[16, 16]} data-testid="instance-page" data-state={instance.state}>
      <Col span={24}>
        <Card
          title={
            <PageTrail
              items={[
                { to: '/processes', label: t('process.listTitle') },
                { to: `/processes/${encodeURIComponent(instance.processKey)}`, label: definition.data?.versions.find((v) => v.version === instance.version)?.name || instance.processKey },
                { label: <span title={instance.id}>{t('instance.titleN', { id: shortId(instance.id) })}</span> },
              ]}
            />
          }
          extra={
            <Button
              size="small"
              icon={<ReloadOutlined />}
              aria-label={t('instance.refresh')}
              title={t('instance.refresh')}
              onClick={() => queryClient.invalidateQueries({ queryKey: instanceKey(instance.id) })}
            />
          }
        >
          <Descriptions size="small" column={narrow ? 1 : 3}>
            <Descriptions.Item label={t('instance.state')}>
              <InstanceStateTag state={instance.state} />
            </Descriptions.Item>
            <Descriptions.Item label={t('process.version')}>{t('process.versionN', { version: instance.version })}</Descriptions.Item>
            <Descriptions.Item label={t('instance.case')}>{instance.caseId ? <Link to={`/cases/${instance.caseId}`}>{t('instance.openCase')}</Link> : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('instance.startedAt')}>{formatDateTime(instance.startedAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('instance.endedAt')}>{formatDateTime(instance.endedAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('instance.parent')}>
              {instance.parentId ? (
                <Link to={`/process-instances/${instance.parentId}`} title={instance.parentId}>
                  <code>{shortId(instance.parentId)}</code>
                </Link>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('instance.children')} span={narrow ? 1 : 3}>
              {(instance.childIds ?? []).length === 0 ? (
                '—'
              ) : (
                <Space wrap size={4}>
                  {(instance.childIds ?? []).map((child) => (
                    <Link key={child} to={`/process-instances/${child}`} title={child}>
                      <code>{shortId(child)}</code>
                    </Link>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>
          <InstanceProcessView instance={instance} />
        </Card>
      </Col>

      {incidents.length > 0 && (
        <Col span={24}>
          <Card title={t('incident.title', { count: incidents.length })} data-testid="incidents">
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {incidents.map((incident) => (
                <li key={incident.id} style={{ marginBottom: 8 }}>
                  <Space wrap>
                    <Tag color="red">{incidentKindLabel(t, incident.kind)}</Tag>
                    <span title={incident.elementId}>{nameOf(incident.elementId)}</span>
                    <Typography.Text type="secondary">{formatDateTime(incident.createdAt, locale)}</Typography.Text>
                    {canAdmin && (
                      <Button size="small" loading={retrying === incident.id} onClick={() => retry(incident)} data-testid="retry-incident">
                        {t('incident.retry')}
                      </Button>
                    )}
                  </Space>
                  {locale === 'en-US' && incident.message && <div style={{ wordBreak: 'break-word' }}>{incident.message}</div>}
                </li>
              ))}
            </ul>
          </Card>
        </Col>
      )}

      <Col xs={24} lg={12}>
        <Card title={t('instance.active')} data-testid="active-elements">
          {(instance.activeElements ?? []).length === 0 ? (
            <Empty description={t('instance.nothingActive')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {Object.entries(
                (instance.activeElements ?? []).reduce<Record<string, { type: string; count: number }>>((acc, a) => {
                  acc[a.elementId] = { type: a.elementType, count: (acc[a.elementId]?.count ?? 0) + 1 };
                  return acc;
                }, {}),
              ).map(([elementId, { type, count }]) => (
                <li key={elementId}>
                  <span title={elementId}>{nameOf(elementId)}</span> <Typography.Text type="secondary">{elementTypeLabel(t, type)}</Typography.Text>
                  {count > 1 && <Tag style={{ marginLeft: 6 }}>{t('instance.times', { count })}</Tag>}
                </li>
              ))}
            </ul>
          )}
          {(tasks.data ?? []).length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('instance.openTasks')}
              </Typography.Title>
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="instance-tasks">
                {(tasks.data ?? []).map((task) => (
                  <li key={task.id}>
                    <Link to={`/tasks/${task.id}`}>{task.name || nameOf(task.elementId)}</Link> {task.dueAt && <DueAt dueAt={task.dueAt} />}
                  </li>
                ))}
              </ul>
            </>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('instance.waiting')}
          </Typography.Title>
          {(instance.waitingEvents ?? []).length === 0 ? (
            <Typography.Text type="secondary">{t('instance.nothingWaiting')}</Typography.Text>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="waiting-events">
              {(instance.waitingEvents ?? []).map((w, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: one element may wait for several events of the same kind
                <li key={i}>
                  <Tag>{waitingKindLabel(t, w.kind)}</Tag>
                  <span title={w.elementId}>{nameOf(w.elementId)}</span>
                  {w.name && <Typography.Text code>{w.name}</Typography.Text>}
                  {w.dueAt && (
                    <Typography.Text type={isOverdue(w.dueAt) ? undefined : 'secondary'} style={{ marginLeft: 6, ...(isOverdue(w.dueAt) ? { color: OVERDUE_COLOR } : {}) }}>
                      {t('instance.dueAt', { at: formatDateTime(w.dueAt, locale) })}
                    </Typography.Text>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </Col>

      <Col xs={24} lg={12}>
        <Card title={t('instance.variables')}>
          <KeyboardScrollable label={t('instance.variables')}>
            <Table
              rowKey={([name]) => name}
              size="small"
              pagination={false}
              dataSource={variables}
              scroll={{ x: 360 }}
              locale={{ emptyText: <Empty description={t('instance.noVariables')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              columns={[
                { title: t('instance.variable'), key: 'name', width: 140, render: (_: unknown, [name]) => <Typography.Text code>{name}</Typography.Text> },
                {
                  title: t('instance.value'),
                  key: 'value',
                  render: (_: unknown, [, value]) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 12 }}>{prettyJson(value)}</pre>,
                },
              ]}
              data-testid="variables"
            />
          </KeyboardScrollable>
        </Card>
      </Col>

      <Col span={24}>
        <Card title={t('history.title')}>
          {history.isError ? (
            <LoadError error={history.error} retry={() => history.refetch()} />
          ) : (
            <KeyboardScrollable label={t('history.title')}>
              <Table
                rowKey="elementInstanceId"
                size="small"
                loading={history.isPending}
                dataSource={history.data ?? []}
                columns={historyColumns}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                scroll={{ x: 790 }}
                data-testid="history"
              />
            </KeyboardScrollable>
          )}
        </Card>
      </Col>
    </Row>
  );
}
