import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { shortId } from '../processes/instance-list.tsx';
import { PageTrail } from '../processes/page-trail.tsx';
import { outcomeLabel } from '../processes/process-labels.ts';
import { claimTask, completeTask, tasksKey, unclaimTask, useTask, variablesOf, type ProcessTask } from './task-api.ts';
import { DueAt, useAssigneeLabel } from './task-labels.tsx';

interface CompleteValues {
  variables?: { name?: string; value?: string }[];
  outcome?: string;
  reason?: string;
}

/** One task: who holds it, claim or give it back, and complete it with variables, an outcome and a reason. */
export function TaskPage() {
  const { id = '' } = useParams();
  const task = useTask(id);
  if (task.isPending) return <Skeleton active />;
  if (task.isError) return <LoadError error={task.error} retry={() => task.refetch()} />;
  return <TaskView task={task.data} />;
}

function TaskView({ task }: { task: ProcessTask }) {
  const { t, locale } = useLocale();
  const me = useSession();
  const narrow = useNarrow();
  const canAdmin = useCan('process:admin');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const assigneeLabel = useAssigneeLabel();
  const [form] = Form.useForm<CompleteValues>();
  const [busy, setBusy] = useState<'claim' | 'unclaim' | 'complete' | null>(null);
  const open = (task.state ?? 'open') === 'open';
  const mine = task.assignee === me.id;
  // A process administrator may act on any task (the server audits it as such).
  const mayComplete = open && (mine || canAdmin);

  const run = async (what: 'claim' | 'unclaim' | 'complete', call: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try {
      await call();
      void message.success(done);
      await queryClient.invalidateQueries({ queryKey: tasksKey });
      await queryClient.invalidateQueries({ queryKey: ['process-instance', task.processInstanceId] });
      if (what === 'complete') await navigate('/tasks');
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(null);
    }
  };

  const complete = (values: CompleteValues) =>
    run(
      'complete',
      () =>
        completeTask(task.id, {
          variables: variablesOf(values.variables ?? []),
          ...(values.outcome?.trim() ? { outcome: values.outcome.trim() } : {}),
          ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
        }),
      t('task.completed'),
    );

  return (
    <Row gutter={[16, 16]} data-testid="task-page">
      <Col span={24}>
        <Card
          title={<PageTrail items={[{ to: '/tasks', label: t('task.myTasks') }, { label: task.name || task.elementId }]} />}
          extra={
            open && (
              <Space wrap>
                {!task.assignee && (
                  <Button type="primary" loading={busy === 'claim'} onClick={() => run('claim', () => claimTask(task.id), t('task.claimed'))} data-testid="claim-task">
                    {t('task.claim')}
                  </Button>
                )}
                {task.assignee && (mine || canAdmin) && (
                  <Button loading={busy === 'unclaim'} onClick={() => run('unclaim', () => unclaimTask(task.id), t('task.unclaimed.done'))} data-testid="unclaim-task">
                    {t('task.unclaim')}
                  </Button>
                )}
              </Space>
            )
          }
        >
          <Descriptions size="small" column={narrow ? 1 : 2}>
            <Descriptions.Item label={t('task.state')}>
              <Tag color={open ? 'processing' : 'green'} data-testid="task-state">
                {t(`task.state.${task.state ?? 'open'}` as 'task.state.open')}
              </Tag>
              {task.outcome && <span>{outcomeLabel(t, task.outcome)}</span>}
            </Descriptions.Item>
            <Descriptions.Item label={t('task.assignee')}>
              <span data-testid="task-assignee">{assigneeLabel(task)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('task.candidateGroups')}>
              {(task.candidateGroups ?? []).length > 0 ? (
                <Space wrap size={4}>
                  {task.candidateGroups!.map((g) => (
                    <Tag key={g}>{g}</Tag>
                  ))}
                </Space>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('task.dueAt')}>
              <DueAt dueAt={task.dueAt} open={open} />
            </Descriptions.Item>
            <Descriptions.Item label={t('task.createdAt')}>{formatDateTime(task.createdAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('task.instance')}>
              {task.processInstanceId ? (
                <Link to={`/process-instances/${task.processInstanceId}`} title={task.processInstanceId} data-testid="task-instance-link">
                  <code>{shortId(task.processInstanceId)}</code>
                </Link>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('instance.case')}>{task.caseId ? <Link to={`/cases/${task.caseId}`}>{t('instance.openCase')}</Link> : '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      {open && (
        <Col span={24}>
          <Card title={t('task.complete')}>
            {task.unassignable && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('task.unassignable')} />}
            {!mayComplete && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={task.assignee ? t('task.heldByOther') : t('task.claimFirst')} data-testid="complete-hint" />}
            <Form<CompleteValues> form={form} layout="vertical" onFinish={complete} disabled={!mayComplete} initialValues={{ variables: [] }}>
              <Typography.Text strong>{t('task.variables')}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t('task.variablesHelp')}
              </Typography.Paragraph>
              <Form.List name="variables">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field, index) => (
                      <Space key={field.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                        <Form.Item name={[field.name, 'name']} rules={[{ required: true, message: t('signIn.required') }]} style={{ marginBottom: 0 }}>
                          <Input placeholder={t('task.variableName')} aria-label={t('task.variableNameN', { n: index + 1 })} style={{ width: narrow ? 140 : 200 }} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'value']} style={{ marginBottom: 0 }}>
                          <Input placeholder={t('task.variableValue')} aria-label={t('task.variableValueN', { n: index + 1 })} style={{ width: narrow ? 150 : 280 }} />
                        </Form.Item>
                        <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('task.removeVariableN', { n: index + 1 })} />
                      </Space>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })} style={{ marginTop: 4 }} data-testid="add-variable">
                      {t('task.addVariable')}
                    </Button>
                  </>
                )}
              </Form.List>
              <Form.Item
                name="outcome"
                label={t('task.outcome')}
                style={{ marginTop: 16 }}
                extra={t('task.outcomeHelp')}
                rules={[{ pattern: /^[A-Za-z0-9_.:-]+$/, message: t('task.outcomePattern') }]}
              >
                <Input maxLength={64} style={{ maxWidth: 320 }} data-testid="task-outcome" />
              </Form.Item>
              <Form.Item name="reason" label={t('task.reason')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="task-reason" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy === 'complete'} data-testid="complete-task">
                {t('task.completeSubmit')}
              </Button>
            </Form>
          </Card>
        </Col>
      )}
    </Row>
  );
}
