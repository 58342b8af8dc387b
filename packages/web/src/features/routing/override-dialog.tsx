import { useState } from 'react';
import { App, Form, Input, Modal, Select, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { isProblem } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { AssigneePicker } from '../cases/assignee-picker.tsx';
import { caseKey } from '../cases/case-queries.ts';
import { historyKey } from '../cases/case-timeline.tsx';
import { caseRoutingKey, myRoutingKey, overrideCaseRouting, useQueues, type CaseRouting } from './routing-api.ts';

interface OverrideValues {
  queueId?: string;
  assigneeId?: string;
  reason?: string;
}

const FIELDS = ['queueId', 'assigneeId', 'reason'] as const;

/**
 * A supervisor overrules the router: another queue (case:transfer) and/or another person
 * (case:assign), with a reason that is audited. Only what the caller may do is offered (the case
 * view's `allowed`); If-Match carries the case version the routing answer gave.
 */
export function OverrideDialog({
  caseId,
  caseNumber,
  routing,
  canTransfer,
  canAssign,
  onClose,
}: {
  caseId: string;
  caseNumber: string;
  routing: CaseRouting;
  canTransfer: boolean;
  canAssign: boolean;
  onClose: () => void;
}) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OverrideValues>();
  const [saving, setSaving] = useState(false);
  const queues = useQueues(canTransfer);
  const submit = async (values: OverrideValues) => {
    const queueId = values.queueId || undefined;
    const assigneeId = values.assigneeId || undefined;
    if (!queueId && !assigneeId) {
      form.setFields([{ name: canTransfer ? 'queueId' : 'assigneeId', errors: [t('routing.override.nothing')] }]);
      return;
    }
    setSaving(true);
    try {
      const answer = await overrideCaseRouting(caseId, routing.version, { ...(queueId ? { queueId } : {}), ...(assigneeId ? { assigneeId } : {}), reason: values.reason!.trim() });
      queryClient.setQueryData(caseRoutingKey(caseId), answer);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKey(caseId), exact: true }),
        queryClient.invalidateQueries({ queryKey: historyKey(caseId) }),
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
        queryClient.invalidateQueries({ queryKey: myRoutingKey }),
      ]);
      void message.success(t('routing.override.done'));
      onClose();
    } catch (error) {
      if (isProblem(error) && (error.status === 412 || error.slug === 'case-version-stale')) {
        void message.warning(t('routing.override.stale'));
        await Promise.all([queryClient.invalidateQueries({ queryKey: caseRoutingKey(caseId) }), queryClient.invalidateQueries({ queryKey: caseKey(caseId), exact: true })]);
      } else {
        const rest = applyFieldErrors(form, fieldErrorsOf(error, t), FIELDS);
        if (rest.length > 0 || fieldErrorsOf(error).length === 0) showProblem(message, error, t);
      }
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('routing.override.title', { number: caseNumber })}
      okText={t('routing.override.submit')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'override-submit' }}
      destroyOnHidden
      data-testid="override-dialog"
    >
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark="optional">
        {canTransfer && (
          <Form.Item name="queueId" label={t('routing.override.queue')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('routing.override.queuePlaceholder')}
              loading={queues.isPending}
              options={(queues.data ?? []).filter((q) => q.active).map((q) => ({ value: q.id, label: q.name, disabled: q.id === routing.queue?.id }))}
              data-testid="override-queue"
            />
          </Form.Item>
        )}
        {canAssign && (
          <Form.Item name="assigneeId" label={t('routing.override.assignee')}>
            <AssigneePicker caseId={caseId} style={{ width: '100%', minWidth: 0 }} />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('routing.override.reason')} rules={[{ required: true, whitespace: true, message: t('routing.override.reasonRequired') }]}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="override-reason" />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('routing.override.help')}
        </Typography.Paragraph>
      </Form>
    </Modal>
  );
}
