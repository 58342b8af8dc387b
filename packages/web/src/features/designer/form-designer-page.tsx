import { useMemo, useRef, useState } from 'react';
import { App, Button, Card, Col, Empty, Form, Input, List, Modal, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { dataOf, type CaseType, type CreateCaseTypeBody } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import type { FormJsSchema } from '../../components/form-js-view.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { caseTypesKey, useCaseTypes } from '../cases/case-queries.ts';
import { useCan } from '../../app/access.tsx';
import { useProcesses } from '../processes/process-api.ts';
import { CaseTypeFormEditor, type FormEditorHandle } from './form-editor.tsx';

const EMPTY_SCHEMA: FormJsSchema = { type: 'default', components: [] };

function NewCaseTypeModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<Omit<CreateCaseTypeBody, 'schema'>>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [saving, setSaving] = useState(false);
  const create = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const created = dataOf(await api.POST('/api/v1/case-types', { body: { ...values, schema: EMPTY_SCHEMA as CreateCaseTypeBody['schema'] } }));
      await queryClient.invalidateQueries({ queryKey: caseTypesKey });
      form.resetFields();
      onClose();
      void navigate(`/designer/${created.key}`);
    } catch (error) {
      applyFieldErrors(form, fieldErrorsOf(error, t), ['key', 'name', 'prefix', 'description']);
      showProblem(message, error, t);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={open} title={t('designer.new')} onCancel={onClose} onOk={create} okText={t('designer.create')} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="key" label={t('designer.key')} rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,62}$/, message: 'a-z 0-9 -' }]}>
          <Input placeholder="card-dispute" />
        </Form.Item>
        <Form.Item name="name" label={t('designer.name')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="prefix" label={t('designer.prefix')} rules={[{ required: true, pattern: /^[A-Z]{2,6}$/, message: 'A-Z, 2–6' }]}>
          <Input placeholder="CDS" />
        </Form.Item>
        <Form.Item name="description" label={t('designer.description')}>
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function FormDesignerPage() {
  const { key } = useParams();
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const caseTypes = useCaseTypes();
  const editorRef = useRef<FormEditorHandle>(null);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState<string | undefined>();
  // The process a new case of this type starts (issue 15), as picked for this case type:
  // undefined keeps it, null removes it.
  const [picked, setPicked] = useState<{ for?: string; processKey: string | null } | null>(null);
  const processKey = picked && picked.for === key ? picked.processKey : undefined;
  const setProcessKey = (value: string | null | undefined) => setPicked(value === undefined ? null : { for: key, processKey: value });
  const canReadProcesses = useCan('process:read');
  const processes = useProcesses(canReadProcesses);
  const current = caseTypes.data?.find((ct) => ct.key === key);
  const versions = useQuery({
    queryKey: ['case-type', key, 'versions'],
    enabled: !!key,
    queryFn: async (): Promise<CaseType[]> => dataOf(await api.GET('/api/v1/case-types/{key}/versions', { params: { path: { key: key! } } })).items,
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuild the editor only when another version becomes current, not on every render
  const schema = useMemo(() => (current ? (current.schema as FormJsSchema) : undefined), [current?.key, current?.version]);

  const save = async () => {
    if (!current) return;
    setSaving(true);
    try {
      const saved = dataOf(
        await api.PUT('/api/v1/case-types/{key}', {
          params: { path: { key: current.key } },
          body: {
            name: name ?? current.name,
            ...(current.description ? { description: current.description } : {}),
            ...(processKey !== undefined ? { processKey } : {}),
            schema: editorRef.current!.getSchema() as never,
          },
        }),
      );
      void message.success(t('designer.saved', { version: saved.version }));
      setProcessKey(undefined);
      await Promise.all([queryClient.invalidateQueries({ queryKey: caseTypesKey }), queryClient.invalidateQueries({ queryKey: ['case-type', current.key, 'versions'] })]);
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} lg={6}>
        <Card
          title={t('designer.caseTypes')}
          extra={
            <Button size="small" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-case-type">
              {t('designer.new')}
            </Button>
          }
        >
          <List
            size="small"
            loading={caseTypes.isPending}
            dataSource={caseTypes.data ?? []}
            renderItem={(ct) => (
              <List.Item onClick={() => navigate(`/designer/${ct.key}`)} style={{ cursor: 'pointer', background: ct.key === key ? '#e6f4ff' : undefined, paddingInline: 8 }}>
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{ct.name}</Typography.Text>
                  <Typography.Text type="secondary">
                    {ct.key} · {ct.prefix} · v{ct.currentVersion}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} lg={18}>
        {!key && (
          <Card>
            <Empty description={t('designer.pick')} />
          </Card>
        )}
        {key && !current && caseTypes.isPending && <Spin />}
        {current && schema && (
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Card
              title={
                <Space wrap>
                  <Input aria-label={t('designer.name')} value={name ?? current.name} onChange={(e) => setName(e.target.value)} style={{ width: 280 }} />
                  <Tag>{t('designer.version', { version: current.currentVersion })}</Tag>
                  {canReadProcesses && (
                    <Select<string>
                      allowClear
                      value={(processKey === undefined ? current.processKey : processKey) ?? undefined}
                      onChange={(v) => setProcessKey(v ?? null)}
                      placeholder={t('modeler.caseType.noProcess')}
                      aria-label={t('modeler.caseType.process')}
                      style={{ minWidth: 200 }}
                      options={(processes.data ?? []).map((p) => ({ value: p.key, label: p.name ? `${p.name} (${p.key})` : p.key }))}
                      data-testid="case-type-process"
                    />
                  )}
                </Space>
              }
              extra={
                <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save} data-testid="save-case-type">
                  {t('designer.save')}
                </Button>
              }
            >
              <CaseTypeFormEditor key={`${current.key}@${current.version}`} ref={editorRef} schema={schema} />
            </Card>
            <Card title={t('designer.versions')}>
              <Table<CaseType>
                size="small"
                rowKey="version"
                loading={versions.isPending}
                pagination={false}
                dataSource={versions.data ?? []}
                columns={[
                  {
                    title: t('case.version'),
                    dataIndex: 'version',
                    width: 100,
                    render: (v: number) =>
                      v === current.currentVersion ? (
                        <Space>
                          {v}
                          <Tag color="blue">{t('designer.current')}</Tag>
                        </Space>
                      ) : (
                        v
                      ),
                  },
                  { title: t('designer.name'), dataIndex: 'name' },
                  { title: t('designer.fieldCount', { count: '' }).trim(), render: (_v, row) => t('designer.fieldCount', { count: (row.schema as FormJsSchema).components?.length ?? 0 }) },
                  { title: t('case.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
                ]}
              />
            </Card>
          </Space>
        )}
      </Col>
      <NewCaseTypeModal open={creating} onClose={() => setCreating(false)} />
    </Row>
  );
}
