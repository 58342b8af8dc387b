import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Spin, Switch, Table, Tag, TreeSelect } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useParams } from 'react-router-dom';
import { CASE_PRIORITIES, type FieldError } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { PageTrail } from '../processes/page-trail.tsx';
import { departmentTreeData, useDepartments } from '../admin/admin-queries.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { cleanDefinition, describeFieldPath, fieldPathToName, newPolicyDefinition } from './policy-model.ts';
import { TargetsFields } from './policy-target-fields.tsx';
import { slaAdminApi, slaKeys, usePolicy, type SlaPolicy, type SlaPolicyDefinition } from './sla-admin-api.ts';
import { SlaAdminNav } from './sla-admin-nav.tsx';

interface PolicyValues {
  key: string;
  name: string;
  enabled: boolean;
  definition: SlaPolicyDefinition;
}

/** One SLA policy: conditions, targets and their levels, saved as a new version from a date. */
export function PolicyPage() {
  const { key = 'new' } = useParams();
  const isNew = key === 'new';
  const policy = usePolicy(isNew ? undefined : key);
  if (!isNew && policy.isError) return <LoadError error={policy.error} retry={() => policy.refetch()} />;
  if (!isNew && !policy.data) return <Spin />;
  return <PolicyEditor key={policy.data ? `${policy.data.id}:${policy.data.currentVersion}` : 'new'} policy={isNew ? undefined : policy.data} />;
}

function PolicyEditor({ policy }: { policy: SlaPolicy | undefined }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const caseTypes = useCaseTypes();
  const departments = useDepartments();
  const [form] = Form.useForm<PolicyValues>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saving, setSaving] = useState<PolicyValues | null>(null);
  const [busy, setBusy] = useState(false);
  const [initialValues] = useState<PolicyValues>(() =>
    policy ? { key: policy.key, name: policy.name, enabled: policy.enabled, definition: policy.definition } : { key: '', name: '', enabled: true, definition: newPolicyDefinition() },
  );

  const save = async (values: PolicyValues, effectiveFrom: Dayjs | undefined, reason: string) => {
    setBusy(true);
    setErrors([]);
    try {
      const definition = cleanDefinition(values.definition);
      const saved = policy
        ? await slaAdminApi.updatePolicy(policy.key, {
            ...(values.name !== policy.name ? { name: values.name.trim() } : {}),
            ...(values.enabled !== policy.enabled ? { enabled: values.enabled } : {}),
            definition,
            ...(effectiveFrom ? { effectiveFrom: effectiveFrom.toISOString() } : {}),
            reason: reason.trim(),
          })
        : await slaAdminApi.createPolicy({
            key: values.key.trim(),
            name: values.name.trim(),
            enabled: values.enabled,
            definition,
            ...(effectiveFrom ? { effectiveFrom: effectiveFrom.toISOString() } : {}),
          });
      await Promise.all([queryClient.invalidateQueries({ queryKey: slaKeys.policies })]);
      setSaving(null);
      void message.success(t('slaAdmin.saved'));
      if (!policy) void navigate(`/admin/sla-policies/${encodeURIComponent(saved.key)}`, { replace: true });
    } catch (error) {
      const found = fieldErrorsOf(error, t);
      setErrors(found);
      form.setFields(found.map((e) => ({ name: fieldPathToName(e.field), errors: [e.reason] })) as never);
      setSaving(null);
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card title={<PageTrail items={[{ to: '/admin/sla-policies', label: t('slaAdmin.policies.title') }, { label: policy?.name ?? t('slaAdmin.policies.new') }]} />} extra={<SlaAdminNav />}>
        {errors.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('problem.validation')}
            data-testid="policy-errors"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {errors.map((e) => (
                  <li key={`${e.field}:${e.reason}`}>
                    {describeFieldPath(e.field, t)}: {e.reason}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        <Form<PolicyValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => setSaving(values)} scrollToFirstError data-testid="policy-form">
          <Space wrap align="start">
            <Form.Item name="key" label={t('slaAdmin.policy.key')} extra={t('slaAdmin.keyHint')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, message: t('slaAdmin.keyHint') }]}>
              <Input disabled={Boolean(policy)} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="name" label={t('slaAdmin.policy.name')} rules={[{ required: true, whitespace: true, message: t('slaAdmin.required') }]}>
              <Input style={{ width: 280 }} maxLength={200} />
            </Form.Item>
            <Form.Item name="enabled" label={t('slaAdmin.policy.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Card size="small" title={t('slaAdmin.cond.title')} style={{ marginBottom: 12 }}>
            <p style={{ marginTop: 0 }}>{t('slaAdmin.cond.hint')}</p>
            <Space wrap align="start">
              <Form.Item name={['definition', 'conditions', 'caseTypes']} label={t('slaAdmin.cond.caseTypes')}>
                <Select mode="multiple" allowClear style={{ width: 240 }} options={(caseTypes.data ?? []).map((c) => ({ value: c.key, label: c.name }))} />
              </Form.Item>
              <Form.Item name={['definition', 'conditions', 'channels']} label={t('slaAdmin.cond.channels')}>
                <Select mode="tags" style={{ width: 200 }} open={false} suffixIcon={null} />
              </Form.Item>
              <Form.Item name={['definition', 'conditions', 'priorities']} label={t('slaAdmin.cond.priorities')}>
                <Select mode="multiple" allowClear style={{ width: 220 }} options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
              </Form.Item>
              <Form.Item name={['definition', 'conditions', 'customerTiers']} label={t('slaAdmin.cond.customerTiers')}>
                <Select mode="tags" style={{ width: 180 }} open={false} suffixIcon={null} />
              </Form.Item>
              <Form.Item name={['definition', 'conditions', 'riskLevels']} label={t('slaAdmin.cond.riskLevels')}>
                <Select mode="tags" style={{ width: 180 }} open={false} suffixIcon={null} />
              </Form.Item>
              <Form.Item name={['definition', 'conditions', 'tags']} label={t('slaAdmin.cond.tags')}>
                <Select mode="tags" style={{ width: 180 }} open={false} suffixIcon={null} />
              </Form.Item>
              <Form.Item name={['definition', 'conditions', 'departmentIds']} label={t('slaAdmin.cond.departments')}>
                <TreeSelect multiple allowClear treeDefaultExpandAll style={{ width: 260 }} treeData={departmentTreeData(departments.data ?? [])} />
              </Form.Item>
            </Space>
            <Form.Item name={['definition', 'conditions', 'expression']} label={t('slaAdmin.cond.expression')} extra={t('slaAdmin.cond.expressionHint')}>
              <Input.TextArea rows={2} style={{ fontFamily: 'monospace', maxWidth: 720 }} placeholder={'channel = "12378" or fields.regulatorReferral = true'} />
            </Form.Item>
          </Card>
          <Card size="small" title={t('slaAdmin.target.titleAll')} style={{ marginBottom: 12 }}>
            <TargetsFields />
          </Card>
          <Button type="primary" htmlType="submit" data-testid="save-policy">
            {t('slaAdmin.save')}
          </Button>
        </Form>
      </Card>
      {policy && (
        <Card title={t('slaAdmin.versions')}>
          <Table
            rowKey="version"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={policy.versions}
            data-testid="policy-versions"
            columns={[
              { title: t('slaAdmin.calendar.version'), dataIndex: 'version', render: (v: number) => t('slaAdmin.versionN', { version: v }) },
              {
                title: t('slaAdmin.effectiveFrom'),
                dataIndex: 'effectiveFrom',
                render: (at: string) => (
                  <Space size={4}>
                    {formatDateTime(at, locale)}
                    {new Date(at) > new Date() && <Tag color="blue">{t('slaAdmin.scheduledTag')}</Tag>}
                  </Space>
                ),
              },
              { title: t('slaAdmin.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
              { title: t('slaAdmin.savedBy'), dataIndex: 'createdByName', render: (n: string | null) => n ?? t('slaAdmin.system') },
              { title: t('slaAdmin.savedAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at, locale), responsive: ['md'] },
            ]}
          />
        </Card>
      )}
      {saving && <SavePolicyDialog isNew={!policy} busy={busy} onClose={() => setSaving(null)} onSave={(from, reason) => void save(saving, from, reason)} />}
    </Space>
  );
}

/** A new version takes effect now or from a later instant; a clock already running keeps the version it started with. */
function SavePolicyDialog({ isNew, busy, onSave, onClose }: { isNew: boolean; busy: boolean; onSave(effectiveFrom: Dayjs | undefined, reason: string): void; onClose(): void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ effectiveFrom?: Dayjs; reason?: string }>();
  return (
    <Modal
      open
      title={isNew ? t('slaAdmin.policy.create') : t('slaAdmin.policy.saveVersion')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('slaAdmin.save')}
      cancelText={t('slaAdmin.cancel')}
      okButtonProps={{ 'data-testid': 'save-policy-confirm' }}
    >
      <Form form={form} layout="vertical" onFinish={(v) => onSave(v.effectiveFrom, v.reason ?? '')} data-testid="save-policy-form">
        <Form.Item name="effectiveFrom" label={t('slaAdmin.effectiveFrom')} extra={t('slaAdmin.policy.effectiveHint')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={t('slaAdmin.now')} disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} />
        </Form.Item>
        {!isNew && (
          <Form.Item name="reason" label={t('slaAdmin.reason')} rules={[{ required: true, whitespace: true, message: t('slaAdmin.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="policy-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
