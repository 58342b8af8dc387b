import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Popconfirm, Row, Space, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import { DeleteOutlined, EyeOutlined, SaveOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { auditActionLabel } from '../../components/audit-labels.ts';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { fieldLabel, formatFieldValue, formSections, labelOf } from './object-model.ts';
import { objectsApi, objectsKeys, useObjectType, useRecord, type ObjectFieldDefinition, type ObjectRecord, type ObjectType } from './objects-api.ts';
import { fromControlValue, RecordFieldInput, toControlValue } from './record-field-input.tsx';
import { RecordLinks } from './record-links.tsx';

/** One record: its form (new or existing), links both ways, history (issue 21). */
export function RecordPage() {
  const { type: typeKey = '', id } = useParams();
  const { t } = useLocale();
  const type = useObjectType(typeKey);
  const record = useRecord(id);
  if (type.isError) return <LoadError error={type.error} retry={() => type.refetch()} />;
  if (record.isError) return <LoadError error={record.error} retry={() => record.refetch()} />;
  if (!type.data || (id && !record.data)) return <Spin aria-label={t('objects.loading')} />;
  return <RecordView key={record.data ? `${record.data.id}:${record.data.version}` : 'new'} type={type.data} record={record.data} />;
}

type ShownAs = 'writable' | 'masked' | 'readable' | 'hidden';

/**
 * How one field shows to this reader, from the record view: masked when it came masked,
 * writable when the view says so, readable when it came at all; a field neither sent nor writable is
 * hidden from the reader (or empty: both show nothing). A new record's fields are all to write.
 */
const accessOf = (record: ObjectRecord | undefined, key: string): ShownAs => {
  if (!record) return 'writable';
  // A masked value is never edited blind: it shows masked, with "show in clear" where allowed.
  if (record.maskedFields.includes(key)) return 'masked';
  if (record.allowed.writableFields.includes(key)) return 'writable';
  return key in record.fields ? 'readable' : 'hidden';
};

function RecordView({ type, record }: { type: ObjectType; record: ObjectRecord | undefined }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canDelete = Boolean(record?.allowed.delete);
  const [form] = Form.useForm<Record<string, unknown>>();
  const [busy, setBusy] = useState(false);
  const [unmasked, setUnmasked] = useState<Record<string, unknown>>({});
  const [unmasking, setUnmasking] = useState<ObjectFieldDefinition | null>(null);
  const typeName = labelOf(type.name, locale, type.key);
  const mayUpdate = !record || record.allowed.update;
  const mayUnmask = Boolean(record?.allowed.unmask);
  const sections = formSections(type.fields, type.layout);
  const words = { yes: t('objects.yes'), no: t('objects.no') };
  const initialValues = useMemo(() => Object.fromEntries(type.fields.map((f) => [f.key, toControlValue(f, record?.fields[f.key])])), [type.fields, record]);

  const save = async (values: Record<string, unknown>) => {
    const fields: Record<string, unknown> = {};
    for (const field of type.fields) {
      if (accessOf(record, field.key) !== 'writable') continue;
      const value = fromControlValue(field, values[field.key]);
      const before = record ? fromControlValue(field, toControlValue(field, record.fields[field.key])) : undefined;
      if (!record) {
        if (value !== undefined) fields[field.key] = value;
      } else if (JSON.stringify(value ?? null) !== JSON.stringify(before ?? null)) fields[field.key] = value ?? null;
    }
    setBusy(true);
    try {
      if (record) {
        await objectsApi.updateRecord(record.id, record.version, { fields });
        await queryClient.invalidateQueries({ queryKey: objectsKeys.record(record.id) });
        void message.success(t('objects.record.saved'));
      } else {
        const created = await objectsApi.createRecord(type.key, { fields });
        void message.success(t('objects.record.created', { number: created.number }));
        void navigate(`/records/${type.key}/${created.id}`, { replace: true });
      }
      await queryClient.invalidateQueries({ queryKey: objectsKeys.records(type.key) });
    } catch (error) {
      const errors = fieldErrorsOf(error, t);
      form.setFields(
        errors.flatMap((e) => {
          const key = e.field.replace(/^\/?(body[./])?fields[./[]?/, '').replace(/[\]'"]/g, '');
          return type.fields.some((f) => f.key === key) ? [{ name: key, errors: [e.reason] }] : [];
        }),
      );
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!record) return;
    try {
      await objectsApi.deleteRecord(record.id, record.version);
      await queryClient.invalidateQueries({ queryKey: objectsKeys.records(type.key) });
      void message.success(t('objects.record.deleted'));
      void navigate(`/records/${type.key}`);
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  const renderField = (field: ObjectFieldDefinition) => {
    const access = accessOf(record, field.key);
    if (access === 'hidden') return null;
    const label = (
      <Space size={4}>
        {fieldLabel(field, locale)}
        {field.dataClass && <Tag color="red">{t(`dataClass.${field.dataClass as 'phone'}`)}</Tag>}
      </Space>
    );
    if (access === 'writable' && mayUpdate)
      return (
        <Form.Item key={field.key} name={field.key} label={label} rules={field.required ? [{ required: true, message: t('objects.validation.required') }] : []}>
          <RecordFieldInput field={field} aria-label={fieldLabel(field, locale)} />
        </Form.Item>
      );
    const shown = field.key in unmasked ? unmasked[field.key] : record?.fields[field.key];
    return (
      <Form.Item key={field.key} label={label}>
        <Space wrap>
          <Typography.Text data-testid={`record-value-${field.key}`} style={{ wordBreak: 'break-word' }}>
            {formatFieldValue(field, shown, locale, words) || '—'}
          </Typography.Text>
          {access === 'masked' && !(field.key in unmasked) && mayUnmask && (
            <Button
              size="small"
              icon={<EyeOutlined />}
              onClick={() => setUnmasking(field)}
              data-testid={`unmask-${field.key}`}
              aria-label={t('objects.record.unmaskField', { name: fieldLabel(field, locale) })}
            >
              {t('objects.record.unmask')}
            </Button>
          )}
        </Space>
      </Form.Item>
    );
  };

  const details = (
    <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => void save(values)} data-testid="record-form">
      {sections.map((section, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sections have no identity of their own
        <div key={index}>
          {section.title && <Typography.Title level={5}>{labelOf(section.title, locale)}</Typography.Title>}
          <Row gutter={16}>
            {section.fields.map((field) => {
              const rendered = renderField(field);
              return rendered ? (
                <Col key={field.key} xs={24} md={field.type === 'long-text' ? 24 : 12}>
                  {rendered}
                </Col>
              ) : null;
            })}
          </Row>
        </div>
      ))}
      {mayUpdate && (
        <Space wrap>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={busy} data-testid="save-record">
            {record ? t('objects.save') : t('objects.record.create')}
          </Button>
          {canDelete && (
            <Popconfirm title={t('objects.record.deleteConfirm')} onConfirm={() => void remove()} okText={t('objects.record.delete')} cancelText={t('objects.cancel')}>
              <Button danger icon={<DeleteOutlined />}>
                {t('objects.record.delete')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
    </Form>
  );

  return (
    <Card
      title={
        <Space wrap>
          <Link to="/records">{t('objects.home.title')}</Link>
          <span aria-hidden>/</span>
          <Link to={`/records/${type.key}`}>{typeName}</Link>
          <span aria-hidden>/</span>
          <span data-testid="record-title">{record ? `${record.displayName} · ${record.number}` : t('objects.record.new', { type: typeName })}</span>
        </Space>
      }
      styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}
      extra={
        record &&
        type.role === 'customer' && (
          <Link to={`/customers/${record.id}`} data-testid="customer-360-link">
            <Space size={4}>
              <UserOutlined />
              {t('objects.record.customer360')}
            </Space>
          </Link>
        )
      }
      data-testid="record-page"
    >
      {record && (
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('objects.record.number')}>{record.number}</Descriptions.Item>
          {record.externalId && <Descriptions.Item label={t('objects.record.externalId')}>{record.externalId}</Descriptions.Item>}
          <Descriptions.Item label={t('objects.record.updatedAt')}>{formatDateTime(record.updatedAt, locale)}</Descriptions.Item>
          {(record.tags?.length ?? 0) > 0 && (
            <Descriptions.Item label={t('objects.record.tags')}>
              <Space size={[4, 4]} wrap>
                {record.tags!.map((tag) => (
                  <Tag key={tag}>{tag}</Tag>
                ))}
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {record ? (
        <Tabs
          items={[
            { key: 'details', label: t('objects.record.details'), children: details },
            { key: 'links', label: t('objects.record.links'), children: <RecordLinks record={record} type={type} mayLink={mayUpdate} /> },
            { key: 'history', label: t('objects.record.history'), children: <RecordHistory id={record.id} type={type} /> },
          ]}
        />
      ) : (
        details
      )}
      <UnmaskDialog
        record={record}
        field={unmasking}
        onClose={() => setUnmasking(null)}
        onUnmasked={(key, value) => {
          setUnmasked((current) => ({ ...current, [key]: value }));
          setUnmasking(null);
        }}
      />
    </Card>
  );
}

/** Asks why before showing a masked value in clear: the reason goes to the audit ledger. */
function UnmaskDialog({
  record,
  field,
  onClose,
  onUnmasked,
}: {
  record: ObjectRecord | undefined;
  field: ObjectFieldDefinition | null;
  onClose: () => void;
  onUnmasked: (key: string, value: unknown) => void;
}) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    if (!record || !field) return;
    setBusy(true);
    try {
      const answer = await objectsApi.unmask(record.id, field.key, reason.trim());
      onUnmasked(field.key, answer.value);
      form.resetFields();
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={field !== null}
      title={field ? t('objects.record.unmaskTitle', { name: fieldLabel(field, locale) }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('objects.record.unmask')}
      cancelText={t('objects.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'unmask-ok' } as Record<`data-${string}`, string>}
    >
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item
          name="reason"
          label={t('objects.record.unmaskReason')}
          extra={t('objects.record.unmaskHelp')}
          rules={[
            { required: true, message: t('objects.validation.required') },
            { min: 5, message: t('objects.validation.reason') },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} data-testid="unmask-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RecordHistory({ id, type }: { id: string; type: ObjectType }) {
  const { t, locale } = useLocale();
  // A change names `fields.mobile`, `tags`, `ownerId`: a field by its label, the rest as it is.
  const fieldName = (path: string) => {
    const field = type.fields.find((f) => f.key === path.replace(/^fields\./, ''));
    return field ? fieldLabel(field, locale) : path;
  };
  const history = useQuery({ queryKey: objectsKeys.history(id), queryFn: () => objectsApi.history(id) });
  if (history.isError) return <LoadError error={history.error} retry={() => history.refetch()} />;
  if (history.isPending) return <Spin aria-label={t('objects.loading')} />;
  if (history.data.length === 0) return <Empty description={t('objects.record.noHistory')} />;
  return (
    <Timeline
      data-testid="record-history"
      items={history.data.map((event, index) => ({
        key: String(event.id ?? index),
        children: (
          <Space orientation="vertical" size={0}>
            <Typography.Text>
              {event.actorName ? `${event.actorName} ` : ''}
              {auditActionLabel(event.action, t)}
            </Typography.Text>
            <Typography.Text type="secondary">{formatDateTime(event.occurredAt, locale)}</Typography.Text>
            {event.changes.length > 0 && <Typography.Text type="secondary">{t('objects.record.changedFields', { fields: event.changes.map((c) => fieldName(c.field)).join('、') })}</Typography.Text>}
            {event.reason && <Typography.Text type="secondary">{t('objects.record.reason', { reason: event.reason })}</Typography.Text>}
          </Space>
        ),
      }))}
    />
  );
}
