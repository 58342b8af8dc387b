import { useState } from 'react';
import { App, Button, Drawer, Empty, Form, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useLocale } from '../../app/locale.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { labelOf, relationsOfType, type TypeRelation } from './object-model.ts';
import { objectsApi, objectsKeys, RELATION_CARDINALITIES, type ObjectType, type Relation, type RelationCardinality } from './objects-api.ts';

interface RelationFormValues {
  key: string;
  target: string;
  cardinality: RelationCardinality;
  nameZh: string;
  nameEn?: string;
  inverseNameZh: string;
  inverseNameEn?: string;
}

/** The "cases" choice among a relation's targets: a value no object type key can take. */
const CASES = '@cases';

/**
 * The relations a type takes part in, both ways, each named from this type's side; relations
 * from this type are added, renamed and removed here (they are saved at once, not with the type).
 */
export function RelationsEditor({ type, types, relations }: { type: ObjectType; types: ObjectType[]; relations: Relation[] }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Relation | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<RelationFormValues>();
  const rows = relationsOfType(type.key, relations);
  const typeName = (key: string | null) => (key === null ? t('objects.relation.cases') : labelOf(types.find((x) => x.key === key)?.name, locale, key));

  const open = (relation: Relation | 'new') => {
    setEditing(relation);
    form.resetFields();
    if (relation !== 'new')
      form.setFieldsValue({
        key: relation.key,
        target: relation.toKind === 'case' ? CASES : (relation.toType ?? ''),
        cardinality: relation.cardinality,
        nameZh: relation.name['zh-CN'],
        nameEn: relation.name['en-US'],
        inverseNameZh: relation.inverseName['zh-CN'],
        inverseNameEn: relation.inverseName['en-US'],
      });
    else form.setFieldsValue({ cardinality: 'one-to-many' });
  };

  const save = async (values: RelationFormValues) => {
    const body = {
      cardinality: values.cardinality,
      name: { 'zh-CN': values.nameZh.trim(), 'en-US': values.nameEn?.trim() || values.nameZh.trim() },
      inverseName: { 'zh-CN': values.inverseNameZh.trim(), 'en-US': values.inverseNameEn?.trim() || values.inverseNameZh.trim() },
    };
    setBusy(true);
    try {
      if (editing === 'new')
        await objectsApi.createRelation({
          key: values.key.trim(),
          fromType: type.key,
          toKind: values.target === CASES ? 'case' : 'object',
          ...(values.target === CASES ? {} : { toType: values.target }),
          ...body,
        });
      else if (editing) await objectsApi.updateRelation(editing.key, body);
      await queryClient.invalidateQueries({ queryKey: objectsKeys.relations });
      void message.success(t('objects.relation.saved'));
      setEditing(null);
    } catch (error) {
      const unplaced = applyFieldErrors(form, fieldErrorsOf(error, t), ['key', 'cardinality']);
      if (unplaced.length > 0 || fieldErrorsOf(error).length === 0) showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (relation: Relation) => {
    try {
      await objectsApi.deleteRelation(relation.key);
      await queryClient.invalidateQueries({ queryKey: objectsKeys.relations });
      void message.success(t('objects.relation.removed'));
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('objects.relation.intro')}</Typography.Paragraph>
      <KeyboardScrollable label={t('objects.designer.relations')}>
        <Table<TypeRelation>
          rowKey={(row) => `${row.relation.key}:${row.direction}`}
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={rows}
          data-testid="relations-table"
          locale={{ emptyText: <Empty description={t('objects.relation.empty')} /> }}
          columns={[
            { title: t('objects.relation.name'), key: 'name', render: (_: unknown, row) => <Typography.Text strong>{labelOf(row.name, locale, row.relation.key)}</Typography.Text> },
            { title: t('objects.relation.other'), key: 'other', render: (_: unknown, row) => typeName(row.otherType) },
            { title: t('objects.relation.cardinality'), key: 'cardinality', render: (_: unknown, row) => t(`objects.cardinality.${row.relation.cardinality}`) },
            {
              title: t('objects.relation.direction'),
              key: 'direction',
              render: (_: unknown, row) =>
                row.direction === 'outgoing'
                  ? t('objects.relation.outgoingAs', { name: labelOf(row.relation.inverseName, locale) })
                  : t('objects.relation.incomingFrom', { name: labelOf(row.relation.name, locale) }),
            },
            { title: t('objects.relation.key'), key: 'key', render: (_: unknown, row) => <Typography.Text code>{row.relation.key}</Typography.Text> },
            {
              title: t('objects.designer.actions'),
              key: 'actions',
              render: (_: unknown, row) =>
                row.direction === 'outgoing' && (
                  <Space size={0}>
                    <Button type="text" icon={<EditOutlined />} aria-label={t('objects.relation.edit', { name: labelOf(row.name, locale) })} onClick={() => open(row.relation)} />
                    <Popconfirm title={t('objects.relation.removeConfirm')} onConfirm={() => remove(row.relation)} okText={t('objects.relation.remove')} cancelText={t('objects.cancel')}>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('objects.relation.remove')} />
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      </KeyboardScrollable>
      <Button icon={<PlusOutlined />} onClick={() => open('new')} data-testid="add-relation">
        {t('objects.relation.add')}
      </Button>
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('objects.relation.add') : t('objects.relation.editTitle')}
        size="large"
        destroyOnHidden
        extra={
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="relation-ok">
            {t('objects.save')}
          </Button>
        }
      >
        <Form<RelationFormValues> form={form} layout="vertical" onFinish={save} data-testid="relation-form">
          <Form.Item
            name="key"
            label={t('objects.relation.key')}
            extra={t('objects.type.keyHelp')}
            rules={[
              { required: true, message: t('objects.validation.required') },
              { pattern: /^[a-z][a-z0-9-]{1,39}$/, message: t('objects.validation.typeKey') },
            ]}
          >
            <Input disabled={editing !== 'new'} data-testid="relation-key" autoComplete="off" />
          </Form.Item>
          <Form.Item name="target" label={t('objects.relation.target')} rules={[{ required: true, message: t('objects.validation.required') }]}>
            <Select
              data-testid="relation-target"
              disabled={editing !== 'new'}
              options={[{ value: CASES, label: t('objects.relation.cases') }, ...types.map((x) => ({ value: x.key, label: labelOf(x.name, locale, x.key) }))]}
            />
          </Form.Item>
          <Form.Item name="cardinality" label={t('objects.relation.cardinality')} rules={[{ required: true }]}>
            <Select data-testid="relation-cardinality" options={RELATION_CARDINALITIES.map((value) => ({ value, label: t(`objects.cardinality.${value}`) }))} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="nameZh" label={t('objects.relation.nameZh')} extra={t('objects.relation.nameHelp')} rules={[{ required: true, message: t('objects.validation.required') }]}>
              <Input data-testid="relation-name-zh" />
            </Form.Item>
            <Form.Item name="nameEn" label={t('objects.relation.nameEn')}>
              <Input data-testid="relation-name-en" />
            </Form.Item>
          </Space>
          <Space wrap align="start">
            <Form.Item
              name="inverseNameZh"
              label={t('objects.relation.inverseNameZh')}
              extra={t('objects.relation.inverseHelp')}
              rules={[{ required: true, message: t('objects.validation.required') }]}
            >
              <Input data-testid="relation-inverse-zh" />
            </Form.Item>
            <Form.Item name="inverseNameEn" label={t('objects.relation.inverseNameEn')}>
              <Input data-testid="relation-inverse-en" />
            </Form.Item>
          </Space>
        </Form>
      </Drawer>
    </Space>
  );
}
