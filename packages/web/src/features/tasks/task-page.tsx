import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { ExportOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { dataOf, isProblem } from '@docket/client';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { FormJsView, type FormJsSchema, type FormJsViewHandle } from '../../components/form-js-view.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { shortId } from '../processes/instance-list.tsx';
import { PageTrail } from '../processes/page-trail.tsx';
import { outcomeLabel } from '../processes/process-labels.ts';
import { ActionDialog } from './action-dialog.tsx';
import { ActionTimeline } from './action-timeline.tsx';
import { type DialogAction, actionLabel, countersignText, dialogSpec, isExternal, isWebLink, offeredActions, offersClaim } from './approval-actions.ts';
import { type ApprovalTask, invalidateAfterAction, taskOperations, useApprovalTask } from './approval-api.ts';
import { completeTask, variablesOf } from './task-api.ts';
import { DueAt, useAssigneeLabel } from './task-labels.tsx';

interface CompleteValues {
  variables?: { name?: string; value?: string }[];
  outcome?: string;
  reason?: string;
}

/** The approval screen: the task, its case, its form, the instance's approval record, and what the caller may do now. */
export function TaskPage() {
  const { id = '' } = useParams();
  const task = useApprovalTask(id);
  if (task.isPending) return <Skeleton active />;
  if (task.isError) return <LoadError error={task.error} retry={() => task.refetch()} />;
  return <TaskView key={task.data.id} task={task.data} />;
}

function TaskView({ task }: { task: ApprovalTask }) {
  const { t, locale } = useLocale();
  const me = useSession();
  const narrow = useNarrow();
  const canAdmin = useCan('process:admin');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const assigneeLabel = useAssigneeLabel();
  const formRef = useRef<FormJsViewHandle>(null);
  const [dialog, setDialog] = useState<DialogAction | null>(null);
  const [busy, setBusy] = useState<'claim' | 'unclaim' | 'complete' | null>(null);
  const open = (task.state ?? 'open') === 'open';
  const external = isExternal(task);
  const mine = task.assignee === me.id;
  // An older server sends no allowedActions: claim, give back and complete as before issue 15.
  const knowsActions = Array.isArray(task.allowedActions);
  const claimOffers = knowsActions ? offersClaim(task) : { claim: open && !task.assignee, unclaim: open && !!task.assignee && (mine || canAdmin) };
  const mayComplete = !external && (knowsActions ? task.allowedActions!.includes('complete') : open && (mine || canAdmin));
  const actions = offeredActions(task);
  const pendingDelegation = task.delegationState === 'pending';

  const run = async (what: 'claim' | 'unclaim' | 'complete', call: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try {
      await call();
      void message.success(done);
      await invalidateAfterAction(queryClient, task);
      if (what === 'complete') await navigate('/tasks');
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(null);
    }
  };

  /** Where the reader goes after an operation: back to the list once the task is no longer theirs. */
  const afterAction = (action: DialogAction, answer: ApprovalTask | undefined) => {
    setDialog(null);
    if (action === 'withdraw' && answer && 'id' in answer) return void navigate(`/tasks/${answer.id}`);
    if (['approve', 'reject', 'return', 'transfer', 'resolve'].includes(action)) return void navigate('/tasks');
  };

  const formVariables = () => {
    if (!formRef.current) return {};
    const { data, errors } = formRef.current.submit();
    return Object.keys(errors).length > 0 ? null : data;
  };

  return (
    <Row gutter={[16, 16]} data-testid="task-page" data-state={task.state}>
      <Col span={24}>
        <Card
          title={<PageTrail items={[{ to: '/tasks', label: t('task.myTasks') }, { label: task.name || task.title || task.elementId }]} />}
          extra={
            <Space wrap>
              {claimOffers.claim && (
                <Button type="primary" loading={busy === 'claim'} onClick={() => run('claim', () => taskOperations.claim(task.id), t('task.claimed'))} data-testid="claim-task">
                  {t('task.claim')}
                </Button>
              )}
              {claimOffers.unclaim && (
                <Button loading={busy === 'unclaim'} onClick={() => run('unclaim', () => taskOperations.unclaim(task.id), t('approval.unclaimed'))} data-testid="unclaim-task">
                  {t('approval.action.unclaim')}
                </Button>
              )}
            </Space>
          }
        >
          <Descriptions size="small" column={narrow ? 1 : 2}>
            <Descriptions.Item label={t('task.state')}>
              <Space size={4} wrap>
                <Tag color={open ? 'processing' : task.state === 'completed' ? 'green' : 'default'} data-testid="task-state">
                  {t(`task.state.${task.state ?? 'open'}` as 'task.state.open')}
                </Tag>
                {task.outcome && <span>{outcomeLabel(t, task.outcome)}</span>}
                {task.kind === 'signer' && <Tag color="purple">{t(`approval.signerTask.${task.signerPosition ?? 'before'}` as 'approval.signerTask.before')}</Tag>}
                {external && <Tag color="cyan">{t('todo.external')}</Tag>}
                {pendingDelegation && <Tag color="gold">{t('todo.delegated')}</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('todo.process')}>{external ? (task.system ?? '—') : (task.processName ?? task.processKey)}</Descriptions.Item>
            <Descriptions.Item label={t('task.assignee')}>
              <span data-testid="task-assignee">{task.assignee && task.assignee !== me.id && task.assigneeName ? task.assigneeName : assigneeLabel(task)}</span>
            </Descriptions.Item>
            {task.owner && task.owner !== task.assignee && (
              <Descriptions.Item label={t('approval.owner')}>
                <span data-testid="task-owner">{task.owner === me.id ? t('case.me') : (task.ownerName ?? t('approval.someone'))}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('task.dueAt')}>
              <DueAt dueAt={task.dueAt} open={open} />
            </Descriptions.Item>
            <Descriptions.Item label={t('task.createdAt')}>{formatDateTime(task.createdAt, locale)}</Descriptions.Item>
            {task.countersign && (
              <Descriptions.Item label={t('todo.countersign')}>
                <span data-testid="task-countersign">{countersignText(t, task.countersign)}</span>
              </Descriptions.Item>
            )}
            {task.processInstanceId && (
              <Descriptions.Item label={t('task.instance')}>
                <Link to={`/process-instances/${task.processInstanceId}`} title={task.processInstanceId} data-testid="task-instance-link">
                  <code>{shortId(task.processInstanceId)}</code>
                </Link>
              </Descriptions.Item>
            )}
            {(task.candidateGroups ?? []).length > 0 && !task.assignee && (
              <Descriptions.Item label={t('task.candidateGroups')}>
                <Space wrap size={4}>
                  {task.candidateGroups.map((g) => (
                    <Tag key={g}>{g}</Tag>
                  ))}
                </Space>
              </Descriptions.Item>
            )}
          </Descriptions>
          {task.unassignable && open && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('task.unassignable')} />}
          {pendingDelegation && task.assignee === me.id && <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('approval.delegatedToYou')} data-testid="delegated-hint" />}
          {task.kind === 'signer' && open && <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('approval.signerHint')} />}
        </Card>
      </Col>
      {task.caseId && <CaseSummary task={task} />}
      {external && <ExternalTaskCard task={task} />}
      {task.formKey && !external && <TaskForm formKey={task.formKey} formRef={formRef} editable={actions.some((a) => dialogSpec(a).sendsForm)} />}
      {!external && (
        <Col span={24}>
          <Card title={t('approval.actions')} data-testid="approval-actions">
            {actions.length > 0 ? (
              <Space wrap>
                {actions.map((action) => {
                  const tone = dialogSpec(action).tone;
                  return (
                    <Button key={action} type={tone === 'primary' ? 'primary' : 'default'} danger={tone === 'danger'} onClick={() => setDialog(action)} data-testid={`action-${action}`}>
                      {actionLabel(t, action)}
                    </Button>
                  );
                })}
              </Space>
            ) : (
              <Typography.Text type="secondary" data-testid="no-actions">
                {open ? (claimOffers.claim ? t('task.claimFirst') : t('approval.nothingToDo')) : t('approval.closed')}
              </Typography.Text>
            )}
          </Card>
        </Col>
      )}
      {mayComplete && open && (
        <CompleteCard task={task} busy={busy === 'complete'} folded={actions.includes('approve')} onComplete={(body) => run('complete', () => completeTask(task.id, body), t('task.completed'))} />
      )}
      {task.processInstanceId && (
        <Col span={24}>
          <Card title={t('approval.log')}>
            <ActionTimeline instanceId={task.processInstanceId} />
          </Card>
        </Col>
      )}
      <ActionDialog task={task} action={dialog} onClose={() => setDialog(null)} onDone={afterAction} formVariables={task.formKey ? formVariables : undefined} />
    </Row>
  );
}

/** The case the task works on: its number and title, linked; or a note when the reader may not read it. */
function CaseSummary({ task }: { task: ApprovalTask }) {
  const { t, locale } = useLocale();
  const readable = task.caseTitle !== null;
  const theCase = useQuery({
    queryKey: ['case', task.caseId!],
    enabled: readable,
    retry: false,
    queryFn: async () => dataOf(await api.GET('/api/v1/cases/{id}', { params: { path: { id: task.caseId! } } })),
  });
  const number = task.caseNumber ?? theCase.data?.number;
  const title = task.caseTitle ?? theCase.data?.title;
  return (
    <Col span={24}>
      <Card title={t('approval.case')} size="small" data-testid="task-case">
        {readable ? (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('case.number')}>
              <Link to={`/cases/${task.caseId}`} data-testid="task-case-link">
                {number ?? t('instance.openCase')}
              </Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('case.title')}>{title ?? '—'}</Descriptions.Item>
            {theCase.data && <Descriptions.Item label={t('case.priority')}>{t(`priority.${theCase.data.priority}`)}</Descriptions.Item>}
            {theCase.data && <Descriptions.Item label={t('case.createdAt')}>{formatDateTime(theCase.data.createdAt, locale)}</Descriptions.Item>}
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('approval.caseHidden')}</Typography.Text>
        )}
      </Card>
    </Col>
  );
}

/** A task another system owns: done there, never here. */
function ExternalTaskCard({ task }: { task: ApprovalTask }) {
  const { t } = useLocale();
  return (
    <Col span={24}>
      <Card size="small" data-testid="external-task">
        {task.description && <Typography.Paragraph>{task.description}</Typography.Paragraph>}
        <Typography.Paragraph type="secondary">{t('todo.externalHint', { system: task.system ?? '—' })}</Typography.Paragraph>
        {isWebLink(task.link) && (
          <Button type="primary" icon={<ExportOutlined />} href={task.link} target="_blank" rel="noopener noreferrer" data-testid="external-link">
            {t('todo.openExternal', { system: task.system ?? '—' })}
          </Button>
        )}
      </Card>
    </Col>
  );
}

/**
 * The task's form, when its form key names a form the console knows (a case type's form-js
 * schema); its values go with 同意, 驳回 and 完成委派 as variables.
 */
function TaskForm({ formKey, formRef, editable }: { formKey: string; formRef: React.RefObject<FormJsViewHandle | null>; editable: boolean }) {
  const { t } = useLocale();
  const schema = useQuery({
    queryKey: ['case-type', formKey, 'form'],
    retry: false,
    queryFn: async () => dataOf(await api.GET('/api/v1/case-types/{key}', { params: { path: { key: formKey } } })).schema as FormJsSchema | null,
  });
  const [data] = useState<Record<string, unknown>>({});
  if (schema.isPending) return null;
  // A key the console cannot resolve is not an error of the reader's: say so quietly.
  if (schema.isError || !schema.data?.components?.length) {
    if (schema.isError && !isProblem(schema.error)) return null;
    return (
      <Col span={24}>
        <Card size="small" title={t('approval.form')}>
          <Typography.Text type="secondary">{t('approval.formUnknown', { key: formKey })}</Typography.Text>
        </Card>
      </Col>
    );
  }
  return (
    <Col span={24}>
      <Card size="small" title={t('approval.form')} data-testid="task-form">
        <FormJsView ref={formRef} schema={schema.data} data={data} readOnly={!editable} />
      </Card>
    </Col>
  );
}

/** Completing a task with variables, an outcome and a reason: for tasks that are not approvals. */
function CompleteCard({
  task,
  busy,
  folded,
  onComplete,
}: {
  task: ApprovalTask;
  busy: boolean;
  /** Beside 同意/驳回 the plain completion is an advanced way: folded until asked for. */
  folded: boolean;
  onComplete: (body: { variables: Record<string, unknown>; outcome?: string; reason?: string }) => void;
}) {
  const { t } = useLocale();
  const narrow = useNarrow();
  const [form] = Form.useForm<CompleteValues>();
  const [shown, setShown] = useState(!folded);
  if (!shown) {
    return (
      <Col span={24}>
        <Button type="link" aria-expanded={false} onClick={() => setShown(true)} data-testid="complete-toggle">
          {t('approval.completeAdvanced')}
        </Button>
      </Col>
    );
  }
  const complete = (values: CompleteValues) =>
    onComplete({
      variables: variablesOf(values.variables ?? []),
      ...(values.outcome?.trim() ? { outcome: values.outcome.trim() } : {}),
      ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
    });
  return (
    <Col span={24}>
      <Card title={t('task.complete')} data-testid="complete-card" data-task={task.id}>
        <Form<CompleteValues> form={form} layout="vertical" onFinish={complete} initialValues={{ variables: [] }}>
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
          <Form.Item name="outcome" label={t('task.outcome')} style={{ marginTop: 16 }} extra={t('task.outcomeHelp')} rules={[{ pattern: /^[A-Za-z0-9_.:-]+$/, message: t('task.outcomePattern') }]}>
            <Input maxLength={64} style={{ maxWidth: 320 }} data-testid="task-outcome" />
          </Form.Item>
          <Form.Item name="reason" label={t('task.reason')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="task-reason" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="complete-task">
            {t('task.completeSubmit')}
          </Button>
        </Form>
      </Card>
    </Col>
  );
}
