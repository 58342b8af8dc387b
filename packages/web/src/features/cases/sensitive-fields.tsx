import { useState } from 'react';
import { App, Button, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { EyeOutlined, LockOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { dataOf, type Case } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import type { FormJsSchema } from '../../components/form-js-view.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { historyKey } from './case-timeline.tsx';

export interface SensitiveField {
  key: string;
  label: string;
  dataClass: string;
  value: unknown;
}

/** Masks are stars (110105********1234, 138****5678, 张*): the server sends nothing else with stars in it for these fields. */
export const looksMasked = (value: unknown) => typeof value === 'string' && value.includes('*');

/** The form's fields with a data class (at any depth), and the customer's name, with the values as read. */
export function sensitiveFieldsOf(schema: FormJsSchema | undefined, theCase: Case): SensitiveField[] {
  const found: SensitiveField[] = [];
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const c of components as { key?: string; label?: string; properties?: { dataClass?: string }; components?: unknown }[]) {
      if (c.key && c.properties?.dataClass && c.key in theCase.fields) found.push({ key: c.key, label: c.label ?? c.key, dataClass: c.properties.dataClass, value: theCase.fields[c.key] });
      walk(c.components);
    }
  };
  walk(schema?.components);
  const customerName = theCase.customer?.name;
  if (typeof customerName === 'string') found.push({ key: 'customer.name', label: 'customer.name', dataClass: 'name', value: customerName });
  return found;
}

/**
 * The case's sensitive fields as this reader sees them, with an "unmask" action per masked one:
 * it asks for a reason, the API records it (case.field-unmasked) and answers the value, which is
 * shown here only — never put back into the form, so a save cannot write it.
 */
export function SensitiveFields({ caseId, fields, canUnmask = true }: { caseId: string; fields: SensitiveField[]; canUnmask?: boolean }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [revealed, setRevealed] = useState<Record<string, unknown>>({});
  const [asking, setAsking] = useState<SensitiveField | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  if (fields.length === 0) return null;

  const unmask = async ({ reason }: { reason: string }) => {
    if (!asking) return;
    setBusy(true);
    try {
      const { value } = dataOf(await api.POST('/api/v1/cases/{id}/unmask', { params: { path: { id: caseId } }, body: { field: asking.key, reason: reason.trim() } }));
      setRevealed((r) => ({ ...r, [asking.key]: value }));
      setAsking(null);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: historyKey(caseId) });
    } catch (error) {
      applyFieldErrors(form, fieldErrorsOf(error, t), ['reason']);
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Table<SensitiveField>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={fields}
        data-testid="sensitive-fields"
        title={() => (
          <Typography.Text strong>
            <LockOutlined /> {t('unmask.title')}
          </Typography.Text>
        )}
        columns={[
          { title: t('unmask.field'), dataIndex: 'label', render: (label: string, f) => (f.key === 'customer.name' ? t('unmask.customerName') : label) },
          { title: t('unmask.class'), dataIndex: 'dataClass', width: 120, render: (c: string) => <Tag>{t(`dataClass.${c}` as 'dataClass.name')}</Tag> },
          {
            title: t('unmask.value'),
            key: 'value',
            render: (_, f) =>
              f.key in revealed ? (
                <Typography.Text copyable data-testid={`revealed-${f.key}`}>
                  {String(revealed[f.key])}
                </Typography.Text>
              ) : (
                <Typography.Text data-testid={`masked-${f.key}`} type={looksMasked(f.value) ? 'secondary' : undefined}>
                  {String(f.value ?? '—')}
                </Typography.Text>
              ),
          },
          ...(canUnmask
            ? [
                {
                  title: t('admin.actions'),
                  key: 'actions',
                  width: 100,
                  render: (_: unknown, f: SensitiveField) =>
                    looksMasked(f.value) && !(f.key in revealed) ? (
                      <Button size="small" icon={<EyeOutlined />} onClick={() => setAsking(f)} aria-label={t('unmask.action', { field: f.label })} data-testid={`unmask-${f.key}`}>
                        {t('unmask.button')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={asking !== null}
        title={t('unmask.action', { field: asking?.key === 'customer.name' ? t('unmask.customerName') : (asking?.label ?? '') })}
        onCancel={() => setAsking(null)}
        onOk={() => form.submit()}
        okText={t('unmask.button')}
        cancelText={t('caseView.cancel')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('unmask.explain')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={unmask}>
          <Form.Item name="reason" label={t('unmask.reason')} rules={[{ required: true, min: 5, whitespace: true, message: t('unmask.reasonRule') }]}>
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="unmask-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
