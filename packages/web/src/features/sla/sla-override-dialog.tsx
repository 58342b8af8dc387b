import { useEffect, useState } from 'react';
import { App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useLocale } from '../../app/locale.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { historyKey } from '../cases/case-timeline.tsx';
import { caseSlaKey, overrideSlaDue } from './sla-api.ts';

interface OverrideValues {
  dueAt?: Dayjs;
  reason?: string;
}

export interface SlaOverrideDialogProps {
  caseId: string;
  /** The clock's key (`resolution`, `first-response`, a step's key). */
  targetKey: string | null;
  /** What is due, in words, for the title. */
  targetName: string;
  /** The current due time, to start from. */
  currentDueAt?: string | null;
  onClose(): void;
}

/**
 * Sets a clock's due time by hand: a due time and a reason, both required (the server audits
 * `sla.due-overridden` with the old and new times). Offered only when the case view allows
 * assigning; the server checks again.
 */
export function SlaOverrideDialog({ caseId, targetKey, targetName, currentDueAt, onClose }: SlaOverrideDialogProps) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OverrideValues>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (targetKey) form.setFieldsValue({ dueAt: currentDueAt ? dayjs(currentDueAt) : undefined, reason: '' });
  }, [targetKey, currentDueAt, form]);

  const submit = async (values: OverrideValues) => {
    if (!targetKey || !values.dueAt || !values.reason?.trim()) return;
    setSaving(true);
    try {
      const answer = await overrideSlaDue(caseId, targetKey, { dueAt: values.dueAt.second(0).millisecond(0).toISOString(), reason: values.reason.trim() });
      queryClient.setQueriesData({ queryKey: caseSlaKey(caseId) }, answer);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: caseSlaKey(caseId) }),
        queryClient.invalidateQueries({ queryKey: ['case', caseId], exact: true }),
        queryClient.invalidateQueries({ queryKey: historyKey(caseId) }),
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
      ]);
      void message.success(t('sla.override.done'));
      onClose();
    } catch (error) {
      const rest = applyFieldErrors(form, fieldErrorsOf(error, t), ['dueAt', 'reason']);
      if (rest.length > 0 || fieldErrorsOf(error).length === 0) showProblem(message, error, t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={targetKey !== null}
      title={t('sla.override.title', { target: targetName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('sla.override.submit')}
      cancelText={t('caseView.cancel')}
      confirmLoading={saving}
      okButtonProps={{ ...({ 'data-testid': 'sla-override-submit' } as Record<string, string>) }}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit} name="sla-override">
        <Form.Item name="dueAt" label={t('sla.override.dueAt')} rules={[{ required: true, message: t('sla.override.dueRequired') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="sla-override-due" />
        </Form.Item>
        <Form.Item name="reason" label={t('sla.override.reason')} rules={[{ required: true, whitespace: true, message: t('sla.override.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="sla-override-reason" />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('sla.override.reasonHelp')}
        </Typography.Paragraph>
      </Form>
    </Modal>
  );
}
