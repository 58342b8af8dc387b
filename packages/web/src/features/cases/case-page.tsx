import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Input, Modal, Result, Row, Select, Space, Spin, Tabs, Typography } from 'antd';
import { AuditOutlined, EditOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { dataOf, isProblem, type Case, type CaseStatus, type CaseType, type UpdateCaseBody } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime, PriorityTag, StatusTag } from '../../components/case-tags.tsx';
import { FormJsView, type FormJsSchema, type FormJsViewHandle } from '../../components/form-js-view.tsx';
import { fieldErrorsOf, showProblem, toProblemDocument } from '../../components/problem-display.ts';
import { CaseAttachments, CaseComments, CaseLinks, CaseWatchers, type ReplyComposer } from './case-collaboration.tsx';
import { CaseEmailsPanel, useCaseEmails } from '../public-form/case-emails-panel.tsx';
import { allowedOf, caseKey } from './case-queries.ts';
import { findTransition, statusLabel } from './case-status.ts';
import { CaseTimeline, historyKey } from './case-timeline.tsx';
import { splitFieldErrors } from './new-case-page.tsx';
import { SensitiveFields, sensitiveFieldsOf } from './sensitive-fields.tsx';
import { capabilitiesOf } from '../../app/layout.tsx';
import { AssigneePicker } from './assignee-picker.tsx';
import { useCan } from '../../app/access.tsx';
import { CaseProcesses } from '../processes/case-processes.tsx';
import { CaseDue } from '../sla/case-due.tsx';
import { CaseSlaPanel, useCaseSla } from '../sla/case-sla-panel.tsx';
import { CaseCustomerPanel } from '../customer-360/case-customer-panel.tsx';
import { CaseQualityPanel } from '../assist-quality/case-quality-panel.tsx';
import { WhyMeButton } from '../routing/why-me-drawer.tsx';
import { CaseKnowledgeBeside, CaseKnowledgeInline } from '../knowledge/case-panel/case-knowledge-placement.tsx';

/** Only the values that differ from what was read: masked values the reader never touched are not sent back. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(value ?? null) !== JSON.stringify(before[key] ?? null)) changed[key] = value === undefined ? null : value;
  }
  return changed;
}

/** The form with every field this reader may not change made read-only, so editing offers only writable fields. */
function withReadonlyFields(schema: FormJsSchema, writable: string[]): FormJsSchema {
  const allowedKeys = new Set(writable);
  const walk = (components: unknown): unknown =>
    Array.isArray(components)
      ? components.map((c: { key?: string; components?: unknown }) => ({
          ...c,
          ...(c.key && !allowedKeys.has(c.key) ? { readonly: true } : {}),
          ...(c.components ? { components: walk(c.components) } : {}),
        }))
      : components;
  return { ...schema, components: walk(schema.components) as FormJsSchema['components'] };
}

export function CasePage() {
  const { id = '' } = useParams();
  const { t, locale } = useLocale();
  const me = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const formRef = useRef<FormJsViewHandle>(null);
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState(false);
  const [target, setTarget] = useState<CaseStatus | undefined>();
  const [reason, setReason] = useState('');
  const [assignee, setAssignee] = useState<string | undefined>();
  const canReadProcesses = useCan('process:read');
  // The knowledge panel's "attach to reply" writes into the comment area's reply box and shows its tab.
  const replyComposer = useRef<ReplyComposer>(null);
  const [collaborationTab, setCollaborationTab] = useState('comments');

  const theCase = useQuery({
    queryKey: caseKey(id),
    queryFn: async (): Promise<Case> => dataOf(await api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
  });
  const c = theCase.data;
  const sla = useCaseSla(id, c?.version);
  const hasEmails = (useCaseEmails(id).data?.length ?? 0) > 0;
  const caseType = useQuery({
    queryKey: ['case-type', c?.type, c?.typeVersion],
    enabled: !!c,
    queryFn: async (): Promise<CaseType> => dataOf(await api.GET('/api/v1/case-types/{key}/versions/{version}', { params: { path: { key: c!.type, version: c!.typeVersion } } })),
    staleTime: Infinity,
  });
  const fields = useMemo(() => (c?.fields ?? {}) as Record<string, unknown>, [c?.fields]);
  const writableKey = c ? allowedOf(c).writableFields.join(',') : undefined;
  const editableSchema = useMemo(
    () => (caseType.data && writableKey !== undefined ? withReadonlyFields(caseType.data.schema as FormJsSchema, writableKey ? writableKey.split(',') : []) : undefined),
    [caseType.data, writableKey],
  );
  const sensitive = useMemo(() => (c && caseType.data ? sensitiveFieldsOf(caseType.data.schema as FormJsSchema, c) : []), [c, caseType.data]);

  const reload = async () => {
    setStale(false);
    setEditing(false);
    await Promise.all([queryClient.invalidateQueries({ queryKey: caseKey(id), exact: true }), queryClient.invalidateQueries({ queryKey: historyKey(id) })]);
  };

  /** PATCH with If-Match: a 412 means someone else changed the case; nothing is overwritten. */
  const patch = async (body: UpdateCaseBody): Promise<boolean> => {
    try {
      const updated = dataOf(await api.PATCH('/api/v1/cases/{id}', { params: { path: { id }, header: { 'if-match': `"${c!.version}"` } }, body }));
      queryClient.setQueryData(caseKey(id), updated);
      await queryClient.invalidateQueries({ queryKey: historyKey(id) });
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      return true;
    } catch (error) {
      if (isProblem(error, 'case-version-stale')) setStale(true);
      else {
        const { formErrors } = splitFieldErrors(fieldErrorsOf(error, t));
        formRef.current?.setFieldErrors(formErrors);
        showProblem(message, error, t);
      }
      return false;
    }
  };

  const saveFields = async () => {
    const { data, errors } = formRef.current!.submit();
    if (Object.keys(errors).length > 0) return;
    const changed = changedFields(fields, data);
    if (Object.keys(changed).length === 0) {
      setEditing(false);
      return;
    }
    setSaving(true);
    if (await patch({ fields: changed })) {
      setEditing(false);
      void message.success(t('caseView.saved'));
    }
    setSaving(false);
  };

  const changeStatus = async () => {
    if (!target) return;
    setSaving(true);
    if (await patch({ status: target, ...(reason.trim() ? { reason: reason.trim() } : {}) })) {
      setTarget(undefined);
      setReason('');
      void message.success(t('caseView.statusChanged'));
    }
    setSaving(false);
  };

  /** Takes an open, unassigned case: assigning it to oneself needs only the right to change it. */
  const take = async () => {
    setSaving(true);
    try {
      const updated = dataOf(await api.POST('/api/v1/cases/{id}/take', { params: { path: { id }, header: { 'if-match': `"${c!.version}"` } } }));
      queryClient.setQueryData(caseKey(id), updated);
      await Promise.all([queryClient.invalidateQueries({ queryKey: historyKey(id) }), queryClient.invalidateQueries({ queryKey: ['cases'] })]);
      void message.success(t('case.taken'));
    } catch (error) {
      if (isProblem(error, 'case-version-stale')) setStale(true);
      else showProblem(message, error, t);
    } finally {
      setSaving(false);
    }
  };

  const assign = async () => {
    if (!assignee) return;
    setSaving(true);
    if (await patch({ assigneeId: assignee })) {
      setAssignee(undefined);
      void message.success(t('case.assigned', { name: queryClient.getQueryData<Case>(caseKey(id))?.assigneeName ?? '' }));
    }
    setSaving(false);
  };

  if (theCase.isPending) return <Spin />;
  if (theCase.isError || !c) {
    const problem = toProblemDocument(theCase.error, t);
    return <Result status={problem.status === 404 ? '404' : 'error'} title={problem.title} subTitle={problem.detail} extra={<Button onClick={() => theCase.refetch()}>{t('app.retry')}</Button>} />;
  }
  // The case's own type version says what each status is called and which moves need a reason;
  // the case view says which moves this reader may make now (the server's own checks).
  const lifecycle = caseType.data?.lifecycle;
  const reasonNeeded = !!target && !!findTransition(lifecycle, c.status, target)?.requiresReason;
  const allowed = allowedOf(c);
  const choices = allowed.transitions ?? [];
  const canEdit = allowed.update && allowed.writableFields.length > 0;
  const reply = {
    available: allowed.comment,
    insert: (text: string) => {
      setCollaborationTab('comments');
      replyComposer.current?.insertPublicReply(text);
    },
  };

  const view = (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Modal
        open={stale}
        title={t('caseView.stale.title')}
        onCancel={() => setStale(false)}
        footer={[
          <Button key="reload" type="primary" icon={<ReloadOutlined />} onClick={reload} data-testid="reload-stale">
            {t('caseView.stale.reload')}
          </Button>,
        ]}
      >
        {t('caseView.stale.detail')}
      </Modal>
      <Card
        title={
          <Space wrap>
            <Typography.Text strong copyable data-testid="case-number">
              {c.number}
            </Typography.Text>
            <span>{c.title}</span>
          </Space>
        }
        extra={
          <Space>
            <WhyMeButton c={c} />
            {capabilitiesOf(me).audit && allowed.audit && (
              <Link to={`/audit/cases/${c.id}`}>
                <Button size="small" icon={<AuditOutlined />}>
                  {t('nav.audit')}
                </Button>
              </Link>
            )}
            <StatusTag label={statusLabel(lifecycle, c.status, locale, t)} category={c.statusCategory} />
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('case.type')}>{caseType.data?.name ?? c.type}</Descriptions.Item>
          <Descriptions.Item label={t('case.priority')}>
            <PriorityTag priority={c.priority} />
          </Descriptions.Item>
          <Descriptions.Item label={t('case.assignee')}>
            <span data-testid="case-assignee">{c.assigneeId ? (c.assigneeName ?? t('person.unknown')) : t('case.unassigned')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.department')}>
            <span data-testid="case-department">{c.departmentId ? (c.departmentName ?? '—') : '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.createdBy')}>
            <span data-testid="case-creator">{c.createdByName ?? t('person.unknown')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.queue')}>{c.queue ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('case.channel')}>{c.channel ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('case.createdAt')}>{formatDateTime(c.createdAt, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('case.dueAt')}>
            <CaseDue c={c} offsetMs={sla.offsetMs} inline />
          </Descriptions.Item>
          <Descriptions.Item label={t('case.version')}>{c.version}</Descriptions.Item>
        </Descriptions>
        {(allowed.take || allowed.assign) && (
          <Space wrap style={{ marginTop: 8 }} align="start">
            {allowed.take && (
              <Button type="primary" loading={saving} onClick={take} data-testid="take-case">
                {t('case.take')}
              </Button>
            )}
            {allowed.assign && (
              <>
                <AssigneePicker caseId={c.id} value={assignee} onChange={setAssignee} />
                <Button disabled={!assignee} loading={saving && !!assignee} onClick={assign} data-testid="assign-case">
                  {t('case.assign')}
                </Button>
              </>
            )}
          </Space>
        )}
        {choices.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="no-status-change">
            {allowed.update ? t('caseView.noTransitions') : t('case.readOnly')}
          </Typography.Paragraph>
        ) : (
          <Space wrap style={{ marginTop: 8 }} align="start">
            <Select<CaseStatus>
              aria-label={t('caseView.newStatus')}
              placeholder={choices.length ? t('caseView.newStatus') : t('caseView.noTransitions')}
              style={{ width: 160 }}
              value={target}
              onChange={setTarget}
              options={choices.map((s) => ({ value: s, label: statusLabel(lifecycle, s, locale, t) }))}
              data-testid="status-select"
            />
            <Input
              aria-label={t('caseView.reason')}
              placeholder={t('caseView.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              style={{ width: 280 }}
              status={reasonNeeded && !reason.trim() ? 'warning' : undefined}
              maxLength={2000}
            />
            <Button type="primary" disabled={!target || (reasonNeeded && !reason.trim())} loading={saving && !!target} onClick={changeStatus} data-testid="change-status">
              {t('caseView.changeStatus')}
            </Button>
            {reasonNeeded && !reason.trim() && <Typography.Text type="warning">{t('caseView.reasonRequired')}</Typography.Text>}
          </Space>
        )}
      </Card>
      <CaseKnowledgeInline c={c} reply={reply} />
      <CaseSlaPanel caseId={id} sla={sla} canOverride={allowed.assign} finished={c.statusCategory === 'resolved' || c.statusCategory === 'closed'} lifecycle={lifecycle} />
      <CaseCustomerPanel caseId={id} />
      <CaseQualityPanel caseId={id} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            title={t('caseView.fields')}
            extra={
              editing ? (
                <Space>
                  <Button onClick={() => setEditing(false)}>{t('caseView.cancel')}</Button>
                  <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={saveFields} data-testid="save-fields">
                    {t('caseView.save')}
                  </Button>
                </Space>
              ) : (
                canEdit && (
                  <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-fields">
                    {t('caseView.edit')}
                  </Button>
                )
              )
            }
          >
            {caseType.isError && <Alert type="error" title={toProblemDocument(caseType.error, t).title} />}
            {caseType.data && editableSchema ? <FormJsView ref={formRef} schema={editing ? editableSchema : (caseType.data.schema as FormJsSchema)} data={fields} readOnly={!editing} /> : <Spin />}
            {sensitive.length > 0 && (
              <div style={{ marginTop: 12 }}>
                <SensitiveFields caseId={id} fields={sensitive} canUnmask={allowed.unmask} />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card>
            <Tabs
              size="small"
              activeKey={collaborationTab}
              onChange={setCollaborationTab}
              items={[
                { key: 'comments', label: t('comments.title'), children: <CaseComments caseId={id} canComment={allowed.comment} composerRef={replyComposer} /> },
                { key: 'timeline', label: t('timeline.title'), children: <CaseTimeline caseId={id} schema={caseType.data?.schema as FormJsSchema | undefined} /> },
                { key: 'attachments', label: t('attachments.title'), children: <CaseAttachments caseId={id} canAttach={allowed.attach} canDownload={allowed.attachmentRead} /> },
                { key: 'links', label: t('links.title'), children: <CaseLinks caseId={id} canLink={allowed.link} /> },
                // Only for a case with e-mails: a sixth tab would not fit a phone's width, and most cases have none.
                ...(hasEmails ? [{ key: 'emails', label: t('caseEmails.title'), children: <CaseEmailsPanel caseId={id} /> }] : []),
                { key: 'watchers', label: t('watchers.title'), children: <CaseWatchers caseId={id} canWatch={allowed.watch} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {canReadProcesses && (
        <Card title={t('instanceView.caseSection')} data-testid="case-process-section">
          <CaseProcesses caseId={id} />
        </Card>
      )}
    </Space>
  );
  return (
    <CaseKnowledgeBeside c={c} reply={reply}>
      {view}
    </CaseKnowledgeBeside>
  );
}
