import { useMemo, useState } from 'react';
import { Alert, App, Button, Empty, Form, Input, Modal, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { translateIfKnown, type Translate } from '../../i18n/i18n.ts';
import { tasksKey } from '../tasks/task-api.ts';
import { BpmnDiagram, type DiagramMarker } from './bpmn-diagram.tsx';
import { elementNamesOf, instanceKey, useInstanceHistory, useProcess, type InstanceDetail } from './process-api.ts';
import { durationLabel, durationMsLabel, elementTypeLabel, waitingKindLabel } from './process-labels.ts';
import { markInstance, sequenceFlowsOf, summarizeElement, type ElementState } from './instance-marking.ts';
import { ACTING_ACTIONS, approveTask, rejectTask, useInstanceActions, useOpenTasksWithActions, type TaskAction, type TaskWithActions } from './instance-view-api.ts';
import './instance-view.css';

const STATE_MARKER: Record<ElementState, DiagramMarker> = { completed: 'done', active: 'active', waiting: 'waiting', canceled: 'canceled', incident: 'incident' };
const LEGEND: {
  swatch: string;
  label: 'instanceView.legend.done' | 'instanceView.legend.active' | 'instanceView.legend.waiting' | 'instanceView.legend.canceled' | 'instanceView.legend.incident' | 'instanceView.legend.taken';
}[] = [
  { swatch: 'done', label: 'instanceView.legend.done' },
  { swatch: 'active', label: 'instanceView.legend.active' },
  { swatch: 'waiting', label: 'instanceView.legend.waiting' },
  { swatch: 'canceled', label: 'instanceView.legend.canceled' },
  { swatch: 'incident', label: 'instanceView.legend.incident' },
  { swatch: 'taken', label: 'instanceView.legend.taken' },
];

/** A task outcome or engine outcome in words: the engine's own, approve/reject, else the model's word. */
export function stepOutcomeLabel(t: Translate, outcome: string | null | undefined): string {
  if (!outcome) return '—';
  return translateIfKnown(t, `elementOutcome.${outcome}`) ?? translateIfKnown(t, `instanceView.outcome.${outcome}`) ?? outcome;
}

export const taskActionLabel = (t: Translate, action: string): string => translateIfKnown(t, `instanceView.action.${action}`) ?? t('instanceView.action.other');

/**
 * A process instance on its diagram: what it completed, where it is, what it waits for and the
 * path it took; picking an element (on the diagram or from the list, by keyboard) shows its
 * history — who, when, outcome, how long — and the caller's open tasks there with what they may do.
 * Shared by the instance page and the case page.
 */
export function InstanceProcessView({ instance, height }: { instance: InstanceDetail; height?: number }) {
  const { t } = useLocale();
  const narrow = useNarrow();
  const me = useSession();
  const definition = useProcess(instance.processKey, instance.version);
  const history = useInstanceHistory(instance.id);
  const actions = useInstanceActions(instance.id);
  const openTasks = useOpenTasksWithActions(instance.id);
  const xml = definition.data?.xml;
  const names = useMemo(() => elementNamesOf(xml), [xml]);
  const flows = useMemo(() => sequenceFlowsOf(xml), [xml]);
  const [selected, setSelected] = useState<string | null>(null);
  const nameOf = (elementId: string) => names.get(elementId) ?? t('instanceView.unnamedStep');

  const marking = useMemo(
    () => markInstance({ history: history.data ?? [], activeElements: instance.activeElements, waitingEvents: instance.waitingEvents, incidents: instance.incidents, flows }),
    [history.data, instance.activeElements, instance.waitingEvents, instance.incidents, flows],
  );
  const markers = useMemo(() => {
    const markers: Record<string, DiagramMarker> = {};
    for (const id of marking.takenFlows) markers[id] = 'taken';
    for (const [id, state] of marking.states) markers[id] = STATE_MARKER[state];
    return markers;
  }, [marking]);
  // More than one token in an element (a multi-instance): the count on it.
  const badges = useMemo(() => {
    const counts: Record<string, number> = {};
    for (const a of instance.activeElements ?? []) counts[a.elementId] = (counts[a.elementId] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 1));
  }, [instance.activeElements]);

  // My open tasks in this instance: assigned to me, or offering me something to do now.
  const myTasks = openTasks.filter((task) => task.assignee === me.id || (task.allowedActions ?? []).some((a) => ACTING_ACTIONS.includes(a)));
  // Steps to pick from: every element the instance entered or waits in, in the order first entered.
  const steps = useMemo(() => {
    const seen: string[] = [];
    for (const run of history.data ?? []) if (!seen.includes(run.elementId)) seen.push(run.elementId);
    for (const id of marking.states.keys()) if (!seen.includes(id)) seen.push(id);
    return seen;
  }, [history.data, marking]);

  if (definition.isError) return <LoadError error={definition.error} retry={() => definition.refetch()} />;
  if (!xml) return <Skeleton active />;

  return (
    <div data-testid="instance-view" data-instance-id={instance.id}>
      {myTasks.length > 0 && (
        <Alert
          type="info"
          style={{ marginBottom: 8 }}
          title={t('instanceView.yourTasks')}
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              {myTasks.map((task) => (
                <TaskActions key={task.id} task={task} name={task.name || nameOf(task.elementId)} onShow={() => setSelected(task.elementId)} actingOnly />
              ))}
            </Space>
          }
          data-testid="instance-my-tasks"
        />
      )}
      <ul className="docket-legend" aria-label={t('instanceView.legend')} data-testid="instance-legend">
        {LEGEND.map((entry) => (
          <li key={entry.swatch}>
            <span className={`swatch ${entry.swatch}`} aria-hidden="true" />
            {t(entry.label)}
          </li>
        ))}
      </ul>
      <BpmnDiagram
        xml={xml}
        markers={markers}
        badges={badges}
        focusId={selected}
        centerOn={instance.activeElements?.[0]?.elementId ?? null}
        label={t('instanceView.diagram')}
        height={height ?? (narrow ? 300 : 440)}
        onElementClick={setSelected}
      />
      <Space wrap style={{ marginTop: 8, width: '100%' }}>
        <Typography.Text id={`steps-${instance.id}`}>{t('instanceView.pickStep')}</Typography.Text>
        <Select
          aria-labelledby={`steps-${instance.id}`}
          style={{ minWidth: 220, maxWidth: '100%' }}
          value={selected ?? undefined}
          onChange={setSelected}
          placeholder={t('instanceView.pickStepPlaceholder')}
          options={steps.map((id) => ({ value: id, label: `${nameOf(id)} · ${stateLabel(t, marking.states.get(id))}` }))}
          data-testid="instance-step-select"
        />
      </Space>
      {history.isError && <LoadError error={history.error} retry={() => history.refetch()} />}
      {selected && (
        <ElementHistory
          instance={instance}
          elementId={selected}
          name={nameOf(selected)}
          state={marking.states.get(selected)}
          runs={history.data ?? []}
          actions={(actions.data ?? []).filter((a) => a.elementId === selected)}
          tasks={openTasks.filter((task) => task.elementId === selected && (task.allowedActions ?? []).length > 0)}
        />
      )}
    </div>
  );
}

function stateLabel(t: Translate, state: ElementState | undefined): string {
  return state ? t(`instanceView.state.${state}`) : t('instanceView.state.notReached');
}

function ElementHistory(props: {
  instance: InstanceDetail;
  elementId: string;
  name: string;
  state: ElementState | undefined;
  runs: Parameters<typeof summarizeElement>[0];
  actions: TaskAction[];
  tasks: TaskWithActions[];
}) {
  const { t, locale } = useLocale();
  const { instance, elementId, name, state, actions, tasks } = props;
  const summary = summarizeElement(props.runs, elementId);
  const waits = (instance.waitingEvents ?? []).filter((w) => w.elementId === elementId);
  const type = summary.runs[0]?.elementType ?? instance.activeElements?.find((a) => a.elementId === elementId)?.elementType;
  return (
    <section aria-label={t('instanceView.stepHistory', { name })} data-testid="element-history" data-element-id={elementId} style={{ marginTop: 12, borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
      <Space wrap>
        <Typography.Text strong>{name}</Typography.Text>
        {type && <Typography.Text type="secondary">{elementTypeLabel(t, type)}</Typography.Text>}
        <Tag data-testid="element-state">{stateLabel(t, state)}</Tag>
        {summary.totalMs !== null && summary.runs.length > 1 && <Typography.Text type="secondary">{t('instanceView.totalTime', { time: durationMsLabel(t, summary.totalMs) })}</Typography.Text>}
      </Space>
      {summary.runs.length === 0 && waits.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('instanceView.notReached')} />
      ) : (
        <ol style={{ margin: '8px 0 0', paddingLeft: 18 }} data-testid="element-runs">
          {summary.runs.map((run) => (
            <li key={run.elementInstanceId}>
              {t('instanceView.run', { start: formatDateTime(run.startedAt, locale) })}
              {run.endedAt ? (
                <>
                  {' → '}
                  {formatDateTime(run.endedAt, locale)} · {t('instanceView.took', { time: durationLabel(t, run.startedAt, run.endedAt) })} · {stepOutcomeLabel(t, run.outcome)}
                </>
              ) : (
                <>
                  {' · '}
                  <Tag color="processing">{t('history.running')}</Tag>
                  {t('instanceView.runningFor', { time: durationLabel(t, run.startedAt, new Date().toISOString()) })}
                </>
              )}
            </li>
          ))}
          {waits.map((w, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: one element may wait for several events of the same kind
            <li key={`wait-${i}`}>
              <Tag color="orange">{waitingKindLabel(t, w.kind)}</Tag>
              {w.dueAt ? t('instanceView.waitsUntil', { at: formatDateTime(w.dueAt, locale) }) : t('instanceView.waitsForEvent')}
            </li>
          ))}
        </ol>
      )}
      {actions.length > 0 && (
        <>
          <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
            {t('instanceView.whoDidWhat')}
          </Typography.Text>
          <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="element-actions">
            {actions.map((a) => (
              <li key={a.id}>
                <Typography.Text>{a.actorName ?? t('person.unknown')}</Typography.Text> · <Tag>{taskActionLabel(t, a.action)}</Tag>
                <Typography.Text type="secondary">{formatDateTime(a.at, locale)}</Typography.Text>
                {a.outcome && <Typography.Text> · {stepOutcomeLabel(t, a.outcome)}</Typography.Text>}
                {a.targetUserName && <Typography.Text> · {t('instanceView.toUser', { name: a.targetUserName })}</Typography.Text>}
                {a.onBehalfOf && <Typography.Text type="secondary"> · {a.onBehalfOfName ? t('instanceView.onBehalfOfName', { name: a.onBehalfOfName }) : t('instanceView.onBehalf')}</Typography.Text>}
                {(a.reason || a.comment) && <div style={{ wordBreak: 'break-word' }}>{a.reason ?? a.comment}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      {tasks.length > 0 && (
        <Space orientation="vertical" style={{ marginTop: 8, width: '100%' }}>
          {tasks.map((task) => (
            <TaskActions key={task.id} task={task} name={task.name || name} />
          ))}
        </Space>
      )}
    </section>
  );
}

/** What the caller may do on one task now: approve and reject here, everything else on the task's own screen. */
function TaskActions({ task, name, onShow, actingOnly }: { task: TaskWithActions; name: string; onShow?(): void; actingOnly?: boolean }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const allowed = (task.allowedActions ?? []).filter((a) => !actingOnly || ACTING_ACTIONS.includes(a));
  const elsewhere = allowed.filter((a) => a !== 'approve' && a !== 'reject');

  const submit = async () => {
    if (deciding === 'reject' && !text.trim()) return;
    setBusy(true);
    try {
      if (deciding === 'approve') await approveTask(task.id, text.trim() ? { comment: text.trim() } : {});
      else await rejectTask(task.id, { reason: text.trim() });
      void message.success(deciding === 'approve' ? t('instanceView.approved') : t('instanceView.rejected'));
      setDeciding(null);
      setText('');
      await Promise.all([queryClient.invalidateQueries({ queryKey: tasksKey }), ...(task.processInstanceId ? [queryClient.invalidateQueries({ queryKey: instanceKey(task.processInstanceId) })] : [])]);
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space wrap data-testid="task-actions" data-task-id={task.id}>
      {onShow ? (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={onShow}>
          {name}
        </Button>
      ) : (
        <Typography.Text strong>{name}</Typography.Text>
      )}
      {allowed.includes('approve') && (
        <Button size="small" type="primary" onClick={() => setDeciding('approve')} data-testid="inline-approve">
          {taskActionLabel(t, 'approve')}
        </Button>
      )}
      {allowed.includes('reject') && (
        <Button size="small" danger onClick={() => setDeciding('reject')} data-testid="inline-reject">
          {taskActionLabel(t, 'reject')}
        </Button>
      )}
      {elsewhere.map((action) => (
        <Link key={action} to={`/tasks/${task.id}`} className="ant-btn ant-btn-default ant-btn-sm ant-btn-color-default ant-btn-variant-outlined">
          {taskActionLabel(t, action)}
        </Link>
      ))}
      {allowed.length === 0 && <Link to={`/tasks/${task.id}`}>{t('instanceView.openTask')}</Link>}
      <Modal
        open={deciding !== null}
        title={deciding === 'reject' ? t('instanceView.rejectTitle', { name }) : t('instanceView.approveTitle', { name })}
        okText={deciding ? taskActionLabel(t, deciding) : undefined}
        okButtonProps={{ danger: deciding === 'reject', disabled: deciding === 'reject' && !text.trim(), loading: busy, ...({ 'data-testid': 'inline-decide-submit' } as Record<string, string>) }}
        onOk={submit}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={submit}>
          <Form.Item label={deciding === 'reject' ? t('instanceView.reason') : t('instanceView.comment')} required={deciding === 'reject'}>
            <Input.TextArea autoFocus value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} autoSize={{ minRows: 3 }} data-testid="inline-decide-text" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
