import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Select, Space, Spin, Table, Tabs, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { FieldsEditor } from './field-editor.tsx';
import { LayoutEditor } from './layout-editor.tsx';
import { fieldLabel, labelOf, placeTypeErrors, starterType, type PlacedTypeErrors } from './object-model.ts';
import {
  OBJECT_TYPE_ROLES,
  objectsApi,
  objectsKeys,
  useObjectType,
  useObjectTypes,
  useRelations,
  type ObjectFieldDefinition,
  type ObjectType,
  type ObjectTypeBody,
  type ObjectTypeLayout,
  type ObjectTypeRole,
  type ObjectTypeVersion,
} from './objects-api.ts';
import { RelationsEditor } from './relations-editor.tsx';
import { TypePermissions } from './type-permissions.tsx';

interface BasicsValues {
  key: string;
  nameZh: string;
  nameEn?: string;
  numberPrefix: string;
  displayField: string;
  role: ObjectTypeRole;
  description?: string;
}

const NO_ERRORS: PlacedTypeErrors = { basics: [], fields: new Map(), other: [] };

/** Fields, relations, layout and permissions of one object type (issue 21). */
export function ObjectTypeDesignerPage() {
  const { key } = useParams();
  const type = useObjectType(key);
  const { t } = useLocale();
  if (!key) return <TypeDesigner type={undefined} />;
  if (type.isError) return <LoadError error={type.error} retry={() => type.refetch()} />;
  if (!type.data) return <Spin aria-label={t('objects.loading')} />;
  return <TypeDesigner key={`${type.data.key}:${type.data.version}`} type={type.data} />;
}

function TypeDesigner({ type }: { type: ObjectType | undefined }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const types = useObjectTypes();
  const relations = useRelations(Boolean(type));
  const [form] = Form.useForm<BasicsValues>();
  const starter = starterType();
  const [fields, setFields] = useState<ObjectFieldDefinition[]>(type?.fields ?? starter.fields);
  const [layout, setLayout] = useState<ObjectTypeLayout>(type?.layout ?? starter.layout);
  const [errors, setErrors] = useState<PlacedTypeErrors>(NO_ERRORS);
  const [tab, setTab] = useState('fields');
  const [busy, setBusy] = useState(false);
  const displayField = Form.useWatch('displayField', form) ?? type?.displayField ?? starter.displayField;

  useEffect(() => {
    form.setFieldsValue(
      type
        ? {
            key: type.key,
            nameZh: type.name['zh-CN'],
            nameEn: type.name['en-US'],
            numberPrefix: type.numberPrefix,
            displayField: type.displayField,
            role: type.role,
            description: type.description ?? '',
          }
        : { displayField: starter.displayField, role: starter.role },
    );
  }, [type, form, starter.displayField, starter.role]);

  const save = async () => {
    let basics: BasicsValues;
    try {
      basics = await form.validateFields();
    } catch {
      setTab('fields');
      return;
    }
    const body: ObjectTypeBody = {
      name: { 'zh-CN': basics.nameZh.trim(), 'en-US': basics.nameEn?.trim() || basics.nameZh.trim() },
      numberPrefix: basics.numberPrefix.trim(),
      displayField: basics.displayField,
      fields,
      layout,
      ...(basics.description?.trim() ? { description: basics.description.trim() } : {}),
    };
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const saved = type ? await objectsApi.saveType(type.key, type.version, body) : await objectsApi.createType({ key: basics.key.trim(), role: basics.role, ...body });
      await queryClient.invalidateQueries({ queryKey: objectsKeys.types });
      void message.success(type ? t('objects.designer.savedVersion', { version: saved.currentVersion ?? saved.version }) : t('objects.designer.created'));
      if (!type) void navigate(`/admin/object-types/${saved.key}`, { replace: true });
    } catch (error) {
      const placed = placeTypeErrors(fieldErrorsOf(error, t));
      form.setFields(placed.basics.map((e) => ({ name: e.field, errors: [e.reason] })));
      setErrors(placed);
      if (placed.fields.size > 0) setTab('fields');
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const title = type ? t('objects.designer.titleOf', { name: labelOf(type.name, locale, type.key) }) : t('objects.designer.new');
  return (
    <Card
      title={
        <Space wrap>
          <Link to="/admin/object-types">{t('objects.types.title')}</Link>
          <span aria-hidden>/</span>
          <span>{title}</span>
        </Space>
      }
      styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}
      extra={
        <Space wrap>
          {type && <Typography.Text type="secondary">{t('objects.designer.version', { version: type.currentVersion })}</Typography.Text>}
          <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void save()} data-testid="save-object-type">
            {type ? t('objects.designer.saveVersion') : t('objects.designer.create')}
          </Button>
        </Space>
      }
      data-testid="object-type-designer"
    >
      <Form<BasicsValues> form={form} layout="vertical" requiredMark>
        <Space wrap align="start" style={{ width: '100%' }}>
          <Form.Item
            name="key"
            label={t('objects.type.key')}
            extra={t('objects.type.keyHelp')}
            rules={[
              { required: true, message: t('objects.validation.required') },
              { pattern: /^[a-z][a-z0-9-]{1,39}$/, message: t('objects.validation.typeKey') },
            ]}
          >
            <Input disabled={Boolean(type)} data-testid="type-key" autoComplete="off" />
          </Form.Item>
          <Form.Item name="nameZh" label={t('objects.type.nameZh')} rules={[{ required: true, message: t('objects.validation.required') }]}>
            <Input data-testid="type-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('objects.type.nameEn')}>
            <Input data-testid="type-name-en" />
          </Form.Item>
          <Form.Item
            name="numberPrefix"
            label={t('objects.type.prefix')}
            extra={t('objects.type.prefixHelp')}
            rules={[
              { required: true, message: t('objects.validation.required') },
              { pattern: /^[A-Z][A-Z0-9]{0,7}$/, message: t('objects.validation.prefix') },
            ]}
          >
            <Input data-testid="type-prefix" style={{ width: 120 }} autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayField" label={t('objects.type.displayField')} rules={[{ required: true, message: t('objects.validation.required') }]}>
            <Select style={{ minWidth: 160 }} data-testid="type-display-field" options={fields.map((f) => ({ value: f.key, label: fieldLabel(f, locale) }))} />
          </Form.Item>
          <Form.Item name="role" label={t('objects.type.role')} extra={t('objects.type.roleHelp')}>
            <Select style={{ minWidth: 160 }} data-testid="type-role" disabled={Boolean(type)} options={OBJECT_TYPE_ROLES.map((value) => ({ value, label: t(`objects.role.${value}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('objects.type.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      </Form>
      {errors.other.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('objects.designer.problems')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {errors.other.map((e) => (
                <li key={`${e.field}:${e.reason}`}>
                  <Typography.Text code>{e.field}</Typography.Text> {e.reason}
                </li>
              ))}
            </ul>
          }
          data-testid="type-problems"
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'fields',
            label: t('objects.designer.fields'),
            children: <FieldsEditor fields={fields} onChange={setFields} displayField={displayField} types={types.data ?? []} errors={errors.fields} />,
          },
          {
            key: 'relations',
            label: t('objects.designer.relations'),
            children: type ? (
              relations.isError ? (
                <LoadError error={relations.error} retry={() => relations.refetch()} />
              ) : (
                <RelationsEditor type={type} types={types.data ?? []} relations={relations.data ?? []} />
              )
            ) : (
              <Empty description={t('objects.designer.saveFirst')} />
            ),
          },
          { key: 'layout', label: t('objects.designer.layout'), children: <LayoutEditor layout={layout} fields={fields} onChange={setLayout} /> },
          {
            key: 'permissions',
            label: t('objects.designer.permissions'),
            children: type ? <TypePermissions typeKey={type.key} fields={fields} /> : <Empty description={t('objects.designer.saveFirst')} />,
          },
          { key: 'versions', label: t('objects.designer.versions'), children: type ? <TypeVersions typeKey={type.key} /> : <Empty description={t('objects.designer.saveFirst')} /> },
        ]}
      />
    </Card>
  );
}

function TypeVersions({ typeKey }: { typeKey: string }) {
  const { t, locale } = useLocale();
  const versions = useQuery({ queryKey: objectsKeys.versions(typeKey), queryFn: () => objectsApi.listTypeVersions(typeKey) });
  if (versions.isError) return <LoadError error={versions.error} retry={() => versions.refetch()} />;
  return (
    <KeyboardScrollable label={t('objects.designer.versions')}>
      <Table<ObjectTypeVersion>
        rowKey="version"
        size="small"
        loading={versions.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={[...(versions.data ?? [])].sort((a, b) => b.version - a.version)}
        data-testid="type-versions"
        columns={[
          { title: t('objects.type.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          { title: t('objects.version.savedAt'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at, locale) },
          { title: t('objects.version.fields'), key: 'fields', render: (_: unknown, v) => v.fields.map((f) => fieldLabel(f, locale)).join('、') },
        ]}
      />
    </KeyboardScrollable>
  );
}
