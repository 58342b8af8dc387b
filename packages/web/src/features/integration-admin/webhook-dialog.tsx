import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Select, Space, Switch, TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { isProblem, type FieldError } from '@docket/client';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { departmentTreeData, useUsers } from '../admin/admin-queries.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { useVisibleDepartments } from '../routing-admin/routing-admin-api.ts';
import { eventTypeLabel } from './integration-names.ts';
import { integrationApi, integrationKeys, useEventTypes, type Webhook, type WebhookWithSecret } from './integration-admin-api.ts';

interface WebhookValues {
  name: string;
  url: string;
  eventTypes: string[];
  caseTypes: string[];
  departmentIds: string[];
  ownerId?: string;
  active: boolean;
}

const FIELDS = ['name', 'url', 'eventTypes', 'caseTypes', 'departmentIds', 'ownerId', 'active'];

/** Creates a webhook (the answer carries its secret, which the caller shows once) or changes one against the version read. */
export function WebhookDialog({ webhook, onClose, onCreated }: { webhook: Webhook | undefined; onClose(): void; onCreated(created: WebhookWithSecret): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WebhookValues>();
  const [elsewhere, setElsewhere] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const eventTypes = useEventTypes();
  const caseTypes = useCaseTypes();
  const departments = useVisibleDepartments();
  const userAdmin = useCan('user:admin');
  const users = useUsers(undefined, userAdmin);
  const initialValues: WebhookValues = webhook
    ? { name: webhook.name, url: webhook.url, eventTypes: webhook.eventTypes, caseTypes: webhook.caseTypes, departmentIds: webhook.departmentIds, ownerId: webhook.ownerId, active: webhook.active }
    : { name: '', url: 'https://', eventTypes: [], caseTypes: [], departmentIds: [], active: true };

  const save = async (values: WebhookValues) => {
    setBusy(true);
    setElsewhere([]);
    const body = { ...values, name: values.name.trim(), url: values.url.trim(), ...(values.ownerId ? { ownerId: values.ownerId } : {}) };
    if (!values.ownerId) delete body.ownerId;
    try {
      if (webhook) {
        await integrationApi.updateWebhook(webhook.id, webhook.version, body);
        void message.success(t('integrationAdmin.saved'));
      } else {
        onCreated(await integrationApi.createWebhook(body));
      }
      await queryClient.invalidateQueries({ queryKey: integrationKeys.webhooks });
      onClose();
    } catch (error) {
      if (isProblem(error) && error.status === 412) {
        void message.error(t('integrationAdmin.stale'));
        return;
      }
      const rest = applyFieldErrors(form, fieldErrorsOf(error, t), FIELDS);
      setElsewhere(rest);
      if (fieldErrorsOf(error).length === 0) showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const owners = (users.data ?? []).filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
  if (webhook && !owners.some((o) => o.value === webhook.ownerId)) owners.unshift({ value: webhook.ownerId, label: webhook.ownerName ?? t('integrationAdmin.webhook.otherOwner') });

  return (
    <Modal
      open
      width={720}
      title={webhook ? t('integrationAdmin.webhooks.edit', { name: webhook.name }) : t('integrationAdmin.webhooks.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('integrationAdmin.save')}
      cancelText={t('integrationAdmin.cancel')}
      okButtonProps={{ 'data-testid': 'save-webhook' }}
    >
      {elsewhere.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('problem.validation')} description={elsewhere.map((e) => e.reason).join(t('integrationAdmin.listSeparator'))} />
      )}
      <Form<WebhookValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => void save(v)} scrollToFirstError data-testid="webhook-form">
        <Space wrap align="start">
          <Form.Item name="name" label={t('integrationAdmin.webhook.name')} rules={[{ required: true, whitespace: true, message: t('integrationAdmin.required') }]}>
            <Input maxLength={200} style={{ width: 280, maxWidth: '100%' }} data-testid="webhook-name" />
          </Form.Item>
          <Form.Item name="active" label={t('integrationAdmin.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item
          name="url"
          label={t('integrationAdmin.webhook.url')}
          extra={t('integrationAdmin.webhook.urlHint')}
          rules={[{ required: true, pattern: /^https?:\/\/\S{1,}$/, message: t('integrationAdmin.webhook.urlInvalid') }]}
        >
          <Input maxLength={2000} inputMode="url" data-testid="webhook-url" />
        </Form.Item>
        <Form.Item
          name="eventTypes"
          label={t('integrationAdmin.webhook.events')}
          extra={t('integrationAdmin.webhook.eventsHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('integrationAdmin.webhook.eventsRequired') }]}
        >
          <Select
            mode="multiple"
            allowClear
            loading={eventTypes.isLoading}
            showSearch={{ optionFilterProp: 'label' }}
            options={[{ value: '*', label: t('integrationAdmin.event.all') }, ...(eventTypes.data ?? []).map((e) => ({ value: e.type, label: eventTypeLabel(e.type, t) }))]}
            data-testid="webhook-events"
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="caseTypes" label={t('integrationAdmin.webhook.caseTypes')} extra={t('integrationAdmin.anyHint')}>
            <Select
              mode="multiple"
              allowClear
              style={{ width: 300, maxWidth: '100%' }}
              loading={caseTypes.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              options={(caseTypes.data ?? []).map((c) => ({ value: c.key, label: c.name }))}
              data-testid="webhook-case-types"
            />
          </Form.Item>
          <Form.Item name="departmentIds" label={t('integrationAdmin.webhook.departments')} extra={t('integrationAdmin.webhook.departmentsHint')}>
            <TreeSelect
              multiple
              allowClear
              showSearch
              treeNodeFilterProp="title"
              treeDefaultExpandAll
              style={{ width: 300, maxWidth: '100%' }}
              loading={departments.isLoading}
              treeData={departmentTreeData(departments.data ?? [])}
            />
          </Form.Item>
        </Space>
        <Form.Item name="ownerId" label={t('integrationAdmin.webhook.owner')} extra={t('integrationAdmin.webhook.ownerHint')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 320, maxWidth: '100%' }}
            loading={users.isLoading}
            placeholder={t('integrationAdmin.webhook.ownerMe')}
            options={owners}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
