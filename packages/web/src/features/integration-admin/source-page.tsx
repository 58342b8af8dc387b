import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Spin, Switch, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CopyOutlined, DeleteOutlined, EyeOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { isProblem, type FieldError } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { eventTypeLabel, plainErrorText } from './integration-names.ts';
import { IntegrationAdminFrame } from './integration-admin-nav.tsx';
import { INGEST_TRANSPORTS, ON_EXISTING, WRITE_BACK_TARGETS, integrationApi, integrationKeys, useEventTypes, useSource, type IngestPreview, type IngestSource } from './integration-admin-api.ts';
import { MappingEditor } from './mapping-editor.tsx';
import { checkRows, placeMappingErrors, type MappingRow, type RowProblem } from './mapping-model.ts';
import { formFieldOf, httpEndpoint, newSourceValues, sourceToValues, valuesToCreateBody, valuesToUpdateBody, type SourceValues } from './source-model.ts';

/** The keyed fields of a case type's form (form-js components, nested in groups), offered as `fields.<key>`. */
function formFieldKeys(schema: unknown): string[] {
  const keys: string[] = [];
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const c of components as { key?: unknown; components?: unknown }[]) {
      if (typeof c.key === 'string') keys.push(c.key);
      walk(c.components);
    }
  };
  walk((schema as { components?: unknown } | null)?.components);
  return keys;
}

const KEY_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;
const RESERVED_KEYS = ['email', 'web-form'];

/** An ingestion source: create one (`/new`) or change it; the preview and the dead letters belong to a saved source. */
export function SourcePage() {
  const { key } = useParams();
  const isNew = !key || key === 'new';
  const source = useSource(isNew ? undefined : key);
  const { t } = useLocale();
  if (!isNew && source.isError) {
    return (
      <IntegrationAdminFrame title={t('integrationAdmin.sources.title')}>
        <LoadError error={source.error} retry={() => source.refetch()} />
      </IntegrationAdminFrame>
    );
  }
  if (!isNew && !source.data) {
    return (
      <IntegrationAdminFrame title={t('integrationAdmin.sources.title')}>
        <Spin />
      </IntegrationAdminFrame>
    );
  }
  // Keyed by version: a save (or someone else's, after a reload) starts the editor from what the server holds.
  return <SourceEditor key={source.data ? `${source.data.key}@${source.data.version}` : 'new'} source={source.data} />;
}

function SourceEditor({ source }: { source: IngestSource | undefined }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SourceValues>();
  const [initial] = useState(() => (source ? sourceToValues(source) : newSourceValues()));
  const [rows, setRows] = useState<MappingRow[]>(initial.rows);
  const [serverRowProblems, setServerRowProblems] = useState<RowProblem[]>([]);
  const [elsewhere, setElsewhere] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [checked, setChecked] = useState(false);
  const transport = Form.useWatch('transport', form) ?? initial.values.transport;
  const target = Form.useWatch(['writeBack', 'target'], form) ?? initial.values.writeBack.target;
  const typedKey = Form.useWatch('key', form) ?? initial.values.key;
  const caseTypeKey = Form.useWatch('caseType', form) ?? initial.values.caseType;
  const caseTypes = useCaseTypes();
  const eventTypes = useEventTypes();
  const caseType = caseTypes.data?.find((c) => c.key === caseTypeKey);
  const fieldKeys = formFieldKeys(caseType?.schema);
  const rowProblems = [...(checked ? checkRows(rows, t) : []), ...serverRowProblems];
  const changeRows = (next: MappingRow[]) => {
    setRows(next);
    setServerRowProblems([]);
  };

  const save = async (onScreen: SourceValues) => {
    // Everything the form holds, not only the fields on screen (a transport's settings stay while another is chosen).
    const values = { ...(form.getFieldsValue(true) as SourceValues), ...onScreen };
    setChecked(true);
    if (checkRows(rows, t).length > 0) return;
    setBusy(true);
    setElsewhere([]);
    setServerRowProblems([]);
    try {
      if (source) {
        await integrationApi.updateSource(source.key, source.version, valuesToUpdateBody(values, rows));
        await queryClient.invalidateQueries({ queryKey: integrationKeys.source(source.key) });
      } else {
        const created = await integrationApi.createSource(valuesToCreateBody(values, rows));
        void navigate(`/admin/integrations/sources/${created.key}`, { replace: true });
      }
      await queryClient.invalidateQueries({ queryKey: integrationKeys.sources });
      void message.success(t('integrationAdmin.saved'));
    } catch (error) {
      if (isProblem(error) && error.status === 412) {
        void message.error(t('integrationAdmin.stale'));
        return;
      }
      if (isProblem(error, 'ingest-source-exists')) {
        form.setFields([{ name: 'key', errors: [t('problemType.ingest-source-exists')] }]);
        return;
      }
      const errors = fieldErrorsOf(error, t);
      const onForm = errors.filter((e) => formFieldOf(e.field));
      // The server names fields by path (`nats.stream`): the form's own field paths, which antd's types cannot follow.
      form.setFields(onForm.map((e) => ({ name: formFieldOf(e.field)! as never, errors: [e.reason] })));
      const { placed, elsewhere: rest } = placeMappingErrors(
        rows,
        errors.filter((e) => !formFieldOf(e.field)),
      );
      setServerRowProblems(placed);
      setElsewhere(rest);
      if (errors.length === 0) showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!source) return;
    try {
      await integrationApi.deleteSource(source.key, source.version);
      await queryClient.invalidateQueries({ queryKey: integrationKeys.sources });
      void message.success(t('integrationAdmin.deleted'));
      void navigate('/admin/integrations/sources');
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  const endpoint = httpEndpoint(window.location.origin, source?.key ?? typedKey);
  const required = [{ required: true, whitespace: true, message: t('integrationAdmin.required') }];

  return (
    <IntegrationAdminFrame
      title={source ? t('integrationAdmin.sources.editNamed', { name: source.name }) : t('integrationAdmin.sources.new')}
      testId="source-page"
      extra={
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/admin/integrations/sources')}>
            {t('integrationAdmin.sources.back')}
          </Button>
          {source && (
            <Button icon={<InboxOutlined />} onClick={() => void navigate(`/admin/integrations/sources/${source.key}/dead-letters`)} data-testid="source-dead-letters-link">
              {t('integrationAdmin.sources.deadLettersCount', { count: source.stats.deadLetters })}
            </Button>
          )}
        </Space>
      }
    >
      {elsewhere.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('problem.validation')}
          description={elsewhere.map((e) => `${e.field}: ${e.reason}`).join(t('integrationAdmin.listSeparator'))}
          data-testid="source-errors"
        />
      )}
      <Form<SourceValues> form={form} layout="vertical" initialValues={initial.values} onFinish={(v) => void save(v)} scrollToFirstError data-testid="source-form">
        <Space wrap align="start">
          <Form.Item
            name="key"
            label={t('integrationAdmin.source.key')}
            extra={source ? t('integrationAdmin.source.actor', { actor: source.actor }) : t('integrationAdmin.keyHint')}
            rules={[
              { required: true, pattern: KEY_PATTERN, message: t('integrationAdmin.keyHint') },
              { validator: async (_, v: string) => (RESERVED_KEYS.includes(v) ? Promise.reject(new Error(t('integrationAdmin.source.reservedKey'))) : undefined) },
            ]}
          >
            <Input disabled={Boolean(source)} style={{ width: 220 }} data-testid="source-key" />
          </Form.Item>
          <Form.Item name="name" label={t('integrationAdmin.source.name')} rules={required}>
            <Input maxLength={200} style={{ width: 280, maxWidth: '100%' }} data-testid="source-name" />
          </Form.Item>
          <Form.Item name="active" label={t('integrationAdmin.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('integrationAdmin.source.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>

        <Typography.Title level={5}>{t('integrationAdmin.source.transportSection')}</Typography.Title>
        <Form.Item name="transport" label={t('integrationAdmin.source.transport')} extra={t(`integrationAdmin.transportHint.${transport}`)}>
          <Radio.Group optionType="button" options={INGEST_TRANSPORTS.map((tr) => ({ value: tr, label: t(`integrationAdmin.transport.${tr}`) }))} data-testid="source-transport" />
        </Form.Item>
        {transport === 'http' && (
          <Form.Item label={t('integrationAdmin.source.endpoint')} extra={t('integrationAdmin.source.endpointHint')}>
            <Typography.Text code copyable={{ text: endpoint, icon: <CopyOutlined /> }} style={{ wordBreak: 'break-all' }} data-testid="source-endpoint">
              POST {endpoint}
            </Typography.Text>
          </Form.Item>
        )}
        {transport === 'nats' && (
          <Space wrap align="start">
            <Form.Item name={['nats', 'stream']} label={t('integrationAdmin.nats.stream')} rules={required}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name={['nats', 'subject']} label={t('integrationAdmin.nats.subject')} rules={required}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name={['nats', 'durable']} label={t('integrationAdmin.nats.durable')} extra={t('integrationAdmin.nats.durableHint')} rules={required} style={{ maxWidth: 260 }}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name={['nats', 'deadLetterSubject']} label={t('integrationAdmin.nats.deadLetterSubject')} rules={required}>
              <Input style={{ width: 220 }} />
            </Form.Item>
          </Space>
        )}
        {transport === 'amqp' && (
          <Space wrap align="start">
            <Form.Item name={['amqp', 'queue']} label={t('integrationAdmin.amqp.queue')} rules={required}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name={['amqp', 'deadLetterExchange']} label={t('integrationAdmin.amqp.deadLetterExchange')} rules={required}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name={['amqp', 'deadLetterRoutingKey']} label={t('integrationAdmin.amqp.deadLetterRoutingKey')}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name={['amqp', 'prefetch']} label={t('integrationAdmin.amqp.prefetch')} extra={t('integrationAdmin.amqp.prefetchHint')} style={{ maxWidth: 260 }}>
              <InputNumber min={1} max={5000} style={{ width: 140 }} />
            </Form.Item>
          </Space>
        )}

        <Typography.Title level={5}>{t('integrationAdmin.source.mappingSection')}</Typography.Title>
        <Space wrap align="start">
          <Form.Item name="externalId" label={t('integrationAdmin.source.externalId')} extra={t('integrationAdmin.source.externalIdHint')} rules={required} style={{ maxWidth: 360 }}>
            <Input style={{ width: 260, fontFamily: 'monospace' }} data-testid="source-external-id" />
          </Form.Item>
          <Form.Item
            name="caseType"
            label={t('integrationAdmin.source.caseType')}
            extra={t('integrationAdmin.source.caseTypeHint')}
            rules={[{ required: true, message: t('integrationAdmin.required') }]}
            style={{ maxWidth: 340 }}
          >
            <Select
              style={{ width: 260 }}
              loading={caseTypes.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              options={(caseTypes.data ?? []).map((c) => ({ value: c.key, label: c.name }))}
              data-testid="source-case-type"
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('integrationAdmin.source.fields')}>
          <MappingEditor rows={rows} onChange={changeRows} problems={rowProblems} fieldKeys={fieldKeys} />
        </Form.Item>
        <Form.Item name="onExisting" label={t('integrationAdmin.source.onExisting')}>
          <Radio.Group options={ON_EXISTING.map((o) => ({ value: o, label: t(`integrationAdmin.onExisting.${o}`) }))} />
        </Form.Item>

        <Typography.Title level={5}>{t('integrationAdmin.source.writeBackSection')}</Typography.Title>
        <Form.Item name={['writeBack', 'target']} label={t('integrationAdmin.writeBack.target')} extra={t(`integrationAdmin.writeBackHint.${target}`)}>
          <Radio.Group optionType="button" options={WRITE_BACK_TARGETS.map((w) => ({ value: w, label: t(`integrationAdmin.writeBack.${w}`) }))} data-testid="source-write-back" />
        </Form.Item>
        {target !== 'none' && (
          <Space wrap align="start">
            {target === 'nats' && (
              <Form.Item name={['writeBack', 'subject']} label={t('integrationAdmin.writeBack.subject')} rules={required}>
                <Input style={{ width: 240 }} />
              </Form.Item>
            )}
            {target === 'amqp' && (
              <>
                <Form.Item name={['writeBack', 'exchange']} label={t('integrationAdmin.writeBack.exchange')} extra={t('integrationAdmin.writeBack.exchangeHint')}>
                  <Input style={{ width: 220 }} />
                </Form.Item>
                <Form.Item name={['writeBack', 'routingKey']} label={t('integrationAdmin.writeBack.routingKey')} rules={required}>
                  <Input style={{ width: 220 }} />
                </Form.Item>
              </>
            )}
            {target === 'callback' && (
              <>
                <Form.Item
                  name={['writeBack', 'url']}
                  label={t('integrationAdmin.writeBack.url')}
                  rules={[{ required: true, pattern: /^https?:\/\/\S+$/, message: t('integrationAdmin.webhook.urlInvalid') }]}
                >
                  <Input style={{ width: 340, maxWidth: '100%' }} inputMode="url" />
                </Form.Item>
                <Form.Item
                  name={['writeBack', 'callbackSecret']}
                  label={
                    <Space size={4}>
                      {t('integrationAdmin.writeBack.secret')}
                      {source?.writeBack?.callbackSecretSet && (
                        <Tag color="success" data-testid="callback-secret-set">
                          {t('integrationAdmin.writeBack.secretSet')}
                        </Tag>
                      )}
                    </Space>
                  }
                  extra={source?.writeBack?.callbackSecretSet ? t('integrationAdmin.writeBack.secretKeepHint') : t('integrationAdmin.writeBack.secretHint')}
                  rules={[
                    { min: 16, max: 200, message: t('integrationAdmin.writeBack.secretLength') },
                    ...(source?.writeBack?.callbackSecretSet ? [] : [{ required: true, message: t('integrationAdmin.required') }]),
                  ]}
                  style={{ maxWidth: 360 }}
                >
                  <Input.Password autoComplete="new-password" style={{ width: 300 }} visibilityToggle={false} />
                </Form.Item>
              </>
            )}
            <Form.Item
              name={['writeBack', 'events']}
              label={t('integrationAdmin.writeBack.events')}
              rules={[{ required: true, type: 'array', min: 1, message: t('integrationAdmin.webhook.eventsRequired') }]}
            >
              <Select
                mode="multiple"
                style={{ width: 320, maxWidth: '100%' }}
                loading={eventTypes.isLoading}
                options={(eventTypes.data ?? []).filter((e) => e.type.startsWith('case.')).map((e) => ({ value: e.type, label: eventTypeLabel(e.type, t) }))}
              />
            </Form.Item>
          </Space>
        )}

        <Space wrap style={{ marginTop: 8 }}>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="save-source">
            {t('integrationAdmin.save')}
          </Button>
          {source && (
            <Popconfirm title={t('integrationAdmin.sources.deleteConfirm', { name: source.name })} okText={t('integrationAdmin.delete')} cancelText={t('integrationAdmin.cancel')} onConfirm={remove}>
              <Button icon={<DeleteOutlined />}>{t('integrationAdmin.delete')}</Button>
            </Popconfirm>
          )}
        </Space>
      </Form>
      {source ? (
        <PreviewPanel source={source} rows={rows} onRowProblems={setServerRowProblems} />
      ) : (
        <Alert style={{ marginTop: 16 }} type="info" showIcon title={t('integrationAdmin.preview.saveFirst')} />
      )}
    </IntegrationAdminFrame>
  );
}

/** Paste a message: what the saved mapping makes of it (the case input) and which fields fail, without writing anything. */
function PreviewPanel({ source, rows, onRowProblems }: { source: IngestSource; rows: MappingRow[]; onRowProblems(problems: RowProblem[]): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState(false);
  const [result, setResult] = useState<IngestPreview | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
      setParseError(false);
    } catch {
      setParseError(true);
      return;
    }
    setBusy(true);
    try {
      const preview = await integrationApi.preview(source.key, parsed);
      setResult(preview);
      const errors = preview.errors.map((e) => ({ field: e.field, reason: plainErrorText(e.reason, t) }));
      onRowProblems(placeMappingErrors(rows, errors).placed);
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card type="inner" title={t('integrationAdmin.preview.title')} style={{ marginTop: 16 }} data-testid="preview-panel">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('integrationAdmin.preview.intro')}</Typography.Text>
        <Input.TextArea
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={'{ "id": "A-1001", "title": "…" }'}
          aria-label={t('integrationAdmin.preview.message')}
          status={parseError ? 'error' : undefined}
          style={{ fontFamily: 'monospace' }}
          data-testid="preview-message"
        />
        {parseError && <Alert type="error" showIcon title={t('integrationAdmin.preview.notJson')} />}
        <Button icon={<EyeOutlined />} onClick={() => void run()} loading={busy} disabled={text.trim() === ''} data-testid="run-preview">
          {t('integrationAdmin.preview.run')}
        </Button>
        {result && (
          <div data-testid="preview-result">
            {result.errors.length === 0 ? (
              <Alert type="success" showIcon title={t('integrationAdmin.preview.ok')} />
            ) : (
              <Alert
                type="error"
                showIcon
                title={t('integrationAdmin.preview.failed', { count: result.errors.length })}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="preview-errors">
                    {result.errors.map((e) => (
                      <li key={`${e.field}:${e.reason}`}>
                        <Typography.Text code>{e.field}</Typography.Text> {plainErrorText(e.reason, t)}
                      </li>
                    ))}
                  </ul>
                }
              />
            )}
            <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
              <Descriptions.Item label={t('integrationAdmin.preview.externalId')}>{result.externalId ?? '—'}</Descriptions.Item>
            </Descriptions>
            {result.input && (
              <pre style={{ background: 'rgba(0,0,0,0.04)', padding: 8, margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="preview-input">
                {JSON.stringify(result.input, null, 2)}
              </pre>
            )}
          </div>
        )}
      </Space>
    </Card>
  );
}
