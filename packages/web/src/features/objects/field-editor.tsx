import { useEffect, useState } from 'react';
import { Button, Checkbox, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useLocale } from '../../app/locale.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { DATA_CLASSES } from '../designer/form-editor.tsx';
import { fieldLabel, labelOf, moveItem } from './object-model.ts';
import { OBJECT_FIELD_TYPES, type ObjectFieldDefinition, type ObjectFieldType, type ObjectType } from './objects-api.ts';

/** Field types a data class fits: values written as text (a resident id, a phone number, an account). */
const CLASSIFIABLE: readonly ObjectFieldType[] = ['text', 'long-text'];
const FIELD_KEY_PATTERN = /^[a-z][a-zA-Z0-9]{0,39}$/;

interface FieldFormValues {
  key: string;
  type: ObjectFieldType;
  labelZh: string;
  labelEn: string;
  required?: boolean;
  dataClass?: ObjectFieldDefinition['dataClass'];
  referenceTo?: string;
  currency?: string;
  options?: { value: string; labelZh: string; labelEn?: string }[];
  minLength?: number | null;
  maxLength?: number | null;
  min?: number | null;
  max?: number | null;
  pattern?: string;
  listed?: boolean;
  searchable?: boolean;
}

function toFormValues(field: ObjectFieldDefinition): FieldFormValues {
  return {
    key: field.key,
    type: field.type,
    labelZh: field.label['zh-CN'],
    labelEn: field.label['en-US'],
    required: field.required ?? false,
    dataClass: field.dataClass ?? null,
    referenceTo: field.referenceTo,
    currency: field.currency,
    options: field.options?.map((o) => ({ value: o.value, labelZh: o.label['zh-CN'], labelEn: o.label['en-US'] })),
    minLength: field.validate?.minLength ?? null,
    maxLength: field.validate?.maxLength ?? null,
    min: field.validate?.min ?? null,
    max: field.validate?.max ?? null,
    pattern: field.validate?.pattern,
    listed: field.listed ?? false,
    searchable: field.searchable ?? false,
  };
}

function fromFormValues(values: FieldFormValues): ObjectFieldDefinition {
  const validate: NonNullable<ObjectFieldDefinition['validate']> = {};
  if (values.minLength != null) validate.minLength = values.minLength;
  if (values.maxLength != null) validate.maxLength = values.maxLength;
  if (values.min != null) validate.min = values.min;
  if (values.max != null) validate.max = values.max;
  if (values.pattern) validate.pattern = values.pattern;
  const field: ObjectFieldDefinition = {
    key: values.key.trim(),
    type: values.type,
    label: { 'zh-CN': values.labelZh.trim(), 'en-US': (values.labelEn ?? '').trim() || values.labelZh.trim() },
    required: Boolean(values.required),
    listed: Boolean(values.listed),
    searchable: Boolean(values.searchable),
  };
  if (CLASSIFIABLE.includes(values.type) && values.dataClass) field.dataClass = values.dataClass;
  if ((values.type === 'select' || values.type === 'multi-select') && values.options)
    field.options = values.options.map((o) => ({ value: o.value.trim(), label: { 'zh-CN': o.labelZh.trim(), 'en-US': (o.labelEn ?? '').trim() || o.labelZh.trim() } }));
  if (values.type === 'reference' && values.referenceTo) field.referenceTo = values.referenceTo;
  if (values.type === 'money') field.currency = values.currency || 'CNY';
  if (Object.keys(validate).length > 0) field.validate = validate;
  return field;
}

/**
 * The type's fields as a table: add, edit (in a drawer), move up and down, remove. `errors`
 * holds the save's problems by field index, shown on the row they name.
 */
export function FieldsEditor({
  fields,
  onChange,
  displayField,
  types,
  errors,
}: {
  fields: ObjectFieldDefinition[];
  onChange: (fields: ObjectFieldDefinition[]) => void;
  displayField: string;
  types: ObjectType[];
  errors: Map<number, string[]>;
}) {
  const { t, locale } = useLocale();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const remove = (index: number) => onChange(fields.filter((_, i) => i !== index));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <KeyboardScrollable label={t('objects.designer.fields')}>
        <Table<ObjectFieldDefinition & { index: number }>
          rowKey="index"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={fields.map((f, index) => ({ ...f, index }))}
          data-testid="fields-table"
          columns={[
            {
              title: t('objects.field.label'),
              key: 'label',
              render: (_: unknown, f) => (
                <Space orientation="vertical" size={0}>
                  <Space size={4} wrap>
                    <Typography.Text strong>{fieldLabel(f, locale)}</Typography.Text>
                    {f.required && <Tag color="orange">{t('objects.field.required')}</Tag>}
                    {f.key === displayField && <Tag color="blue">{t('objects.field.display')}</Tag>}
                  </Space>
                  {(errors.get(f.index) ?? []).map((message) => (
                    <Typography.Text key={message} type="danger" data-testid="field-row-error">
                      {message}
                    </Typography.Text>
                  ))}
                </Space>
              ),
            },
            { title: t('objects.field.key'), dataIndex: 'key', render: (key: string) => <Typography.Text code>{key}</Typography.Text> },
            {
              title: t('objects.field.type'),
              key: 'type',
              render: (_: unknown, f) =>
                `${t(`objects.fieldType.${f.type}`)}${f.type === 'reference' && f.referenceTo ? ` → ${labelOf(types.find((x) => x.key === f.referenceTo)?.name, locale, f.referenceTo)}` : ''}`,
            },
            {
              title: t('objects.field.dataClass'),
              key: 'dataClass',
              render: (_: unknown, f) => (f.dataClass ? <Tag color="red">{t(`dataClass.${f.dataClass as (typeof DATA_CLASSES)[number]}`)}</Tag> : '—'),
            },
            {
              title: t('objects.designer.actions'),
              key: 'actions',
              render: (_: unknown, f) => {
                const name = fieldLabel(f, locale);
                return (
                  <Space size={0}>
                    <Button
                      type="text"
                      icon={<ArrowUpOutlined />}
                      disabled={f.index === 0}
                      aria-label={t('objects.field.moveUp', { name })}
                      onClick={() => onChange(moveItem(fields, f.index, f.index - 1))}
                    />
                    <Button
                      type="text"
                      icon={<ArrowDownOutlined />}
                      disabled={f.index === fields.length - 1}
                      aria-label={t('objects.field.moveDown', { name })}
                      onClick={() => onChange(moveItem(fields, f.index, f.index + 1))}
                    />
                    <Button type="text" icon={<EditOutlined />} aria-label={t('objects.field.edit', { name })} data-testid={`edit-field-${f.key}`} onClick={() => setEditing(f.index)} />
                    <Button type="text" danger icon={<DeleteOutlined />} disabled={f.key === displayField} aria-label={t('objects.field.remove', { name })} onClick={() => remove(f.index)} />
                  </Space>
                );
              },
            },
          ]}
        />
      </KeyboardScrollable>
      <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-field">
        {t('objects.field.add')}
      </Button>
      <FieldDrawer
        open={editing !== null}
        field={typeof editing === 'number' ? fields[editing] : undefined}
        takenKeys={fields.filter((_, i) => i !== editing).map((f) => f.key)}
        types={types}
        onClose={() => setEditing(null)}
        onSave={(field) => {
          onChange(editing === 'new' || editing === null ? [...fields, field] : fields.map((f, i) => (i === editing ? field : f)));
          setEditing(null);
        }}
      />
    </Space>
  );
}

function FieldDrawer({
  open,
  field,
  takenKeys,
  types,
  onClose,
  onSave,
}: {
  open: boolean;
  field: ObjectFieldDefinition | undefined;
  takenKeys: string[];
  types: ObjectType[];
  onClose: () => void;
  onSave: (field: ObjectFieldDefinition) => void;
}) {
  const { t, locale } = useLocale();
  const [form] = Form.useForm<FieldFormValues>();
  const type = Form.useWatch('type', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(field ? toFormValues(field) : { type: 'text', required: false, listed: false, searchable: false, dataClass: null });
  }, [open, field, form]);
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={field ? t('objects.field.editTitle') : t('objects.field.add')}
      size="large"
      destroyOnHidden
      extra={
        <Button type="primary" onClick={() => form.submit()} data-testid="field-ok">
          {t('objects.field.ok')}
        </Button>
      }
    >
      <Form<FieldFormValues> form={form} layout="vertical" onFinish={(values) => onSave(fromFormValues(values))} data-testid="field-form">
        <Form.Item
          name="key"
          label={t('objects.field.key')}
          extra={t('objects.field.keyHelp')}
          rules={[
            { required: true, message: t('objects.validation.required') },
            { pattern: FIELD_KEY_PATTERN, message: t('objects.validation.fieldKey') },
            { validator: async (_, value: string) => (takenKeys.includes(value?.trim()) ? Promise.reject(new Error(t('objects.validation.keyTaken'))) : undefined) },
          ]}
        >
          <Input data-testid="field-key" autoComplete="off" />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} align="start">
          <Form.Item name="labelZh" label={t('objects.field.labelZh')} rules={[{ required: true, message: t('objects.validation.required') }]}>
            <Input data-testid="field-label-zh" />
          </Form.Item>
          <Form.Item name="labelEn" label={t('objects.field.labelEn')}>
            <Input data-testid="field-label-en" />
          </Form.Item>
        </Space>
        <Form.Item name="type" label={t('objects.field.type')} rules={[{ required: true }]}>
          <Select data-testid="field-type" options={OBJECT_FIELD_TYPES.map((value) => ({ value, label: t(`objects.fieldType.${value}`) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="required" valuePropName="checked">
            <Checkbox data-testid="field-required">{t('objects.field.required')}</Checkbox>
          </Form.Item>
          <Form.Item name="listed" valuePropName="checked">
            <Checkbox>{t('objects.field.listed')}</Checkbox>
          </Form.Item>
          <Form.Item name="searchable" valuePropName="checked">
            <Checkbox>{t('objects.field.searchable')}</Checkbox>
          </Form.Item>
        </Space>
        {type && CLASSIFIABLE.includes(type) && (
          <Form.Item name="dataClass" label={t('objects.field.dataClass')} extra={t('objects.field.dataClassHelp')}>
            <Select data-testid="field-data-class" allowClear placeholder={t('objects.field.noDataClass')} options={DATA_CLASSES.map((value) => ({ value, label: t(`dataClass.${value}`) }))} />
          </Form.Item>
        )}
        {type === 'reference' && (
          <Form.Item name="referenceTo" label={t('objects.field.referenceTo')} rules={[{ required: true, message: t('objects.validation.required') }]}>
            <Select data-testid="field-reference-to" options={types.map((x) => ({ value: x.key, label: labelOf(x.name, locale, x.key) }))} />
          </Form.Item>
        )}
        {type === 'money' && (
          <Form.Item name="currency" label={t('objects.field.currency')}>
            <Select placeholder="CNY" options={['CNY', 'USD', 'EUR', 'HKD', 'JPY', 'GBP'].map((value) => ({ value, label: value }))} aria-label={t('objects.field.currency')} />
          </Form.Item>
        )}
        {(type === 'select' || type === 'multi-select') && (
          <Form.Item label={t('objects.field.options')} required>
            <Form.List name="options" rules={[{ validator: async (_, value?: unknown[]) => (value && value.length > 0 ? undefined : Promise.reject(new Error(t('objects.validation.options')))) }]}>
              {(items, { add, remove }, { errors }) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {items.map((item, index) => (
                    <Space key={item.key} wrap align="start">
                      <Form.Item name={[item.name, 'value']} rules={[{ required: true, message: t('objects.validation.required') }]} noStyle>
                        <Input placeholder={t('objects.field.optionValue')} aria-label={`${t('objects.field.optionValue')} ${index + 1}`} style={{ width: 120 }} />
                      </Form.Item>
                      <Form.Item name={[item.name, 'labelZh']} rules={[{ required: true, message: t('objects.validation.required') }]} noStyle>
                        <Input placeholder={t('objects.field.labelZh')} aria-label={`${t('objects.field.labelZh')} ${index + 1}`} style={{ width: 120 }} />
                      </Form.Item>
                      <Form.Item name={[item.name, 'labelEn']} noStyle>
                        <Input placeholder={t('objects.field.labelEn')} aria-label={`${t('objects.field.labelEn')} ${index + 1}`} style={{ width: 120 }} />
                      </Form.Item>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('objects.field.removeOption', { n: index + 1 })} onClick={() => remove(item.name)} />
                    </Space>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ value: '', labelZh: '', labelEn: '' })}>
                    {t('objects.field.addOption')}
                  </Button>
                  <Form.ErrorList errors={errors} />
                </Space>
              )}
            </Form.List>
          </Form.Item>
        )}
        <Typography.Title level={5}>{t('objects.field.validation')}</Typography.Title>
        {(type === 'number' || type === 'money') && (
          <Space wrap>
            <Form.Item name="min" label={t('objects.field.min')}>
              <InputNumber />
            </Form.Item>
            <Form.Item name="max" label={t('objects.field.max')}>
              <InputNumber />
            </Form.Item>
          </Space>
        )}
        {(type === 'text' || type === 'long-text') && (
          <Space wrap>
            <Form.Item name="minLength" label={t('objects.field.minLength')}>
              <InputNumber min={0} />
            </Form.Item>
            <Form.Item name="maxLength" label={t('objects.field.maxLength')}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="pattern" label={t('objects.field.pattern')} extra={t('objects.field.patternHelp')}>
              <Input />
            </Form.Item>
          </Space>
        )}
      </Form>
    </Drawer>
  );
}
