import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { CaseType } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { splitLabelForAdmin, formFieldsOf } from './public-form-fields.ts';
import { CONTACT_KINDS, createPublicForm, deletePublicForm, listPublicForms, updatePublicForm, type ContactKind, type PublicForm } from './public-form-api.ts';

const formsKey = ['public-forms'] as const;

interface Values {
  key: string;
  caseType: string;
  titleZh: string;
  titleEn: string;
  introZh?: string;
  introEn?: string;
  fields: string[];
  contact: ContactKind[];
  contactRequired: ContactKind[];
  active: boolean;
}

function toBody(v: Values) {
  const intro = v.introZh?.trim() && v.introEn?.trim() ? { 'zh-CN': v.introZh.trim(), 'en-US': v.introEn.trim() } : null;
  return {
    caseType: v.caseType,
    titles: { 'zh-CN': v.titleZh, 'en-US': v.titleEn },
    intro,
    fields: (v.fields ?? []).map((key) => ({ key })),
    contact: (v.contact ?? []).map((kind) => ({ kind, required: (v.contactRequired ?? []).includes(kind) })),
    active: v.active,
  };
}

function toValues(f: PublicForm): Values {
  return {
    key: f.key,
    caseType: f.caseType,
    titleZh: f.titles['zh-CN'],
    titleEn: f.titles['en-US'],
    introZh: f.intro?.['zh-CN'],
    introEn: f.intro?.['en-US'],
    fields: f.fields.map((x) => x.key),
    contact: f.contact.map((c) => c.kind),
    contactRequired: f.contact.filter((c) => c.required).map((c) => c.kind),
    active: f.active,
  };
}

// The server names fields as its API does (titles.zh-CN, fields[0].key); the dialog's inputs are flat.
const DIALOG_FIELD: Record<string, keyof Values> = { caseType: 'caseType', 'titles.zh-CN': 'titleZh', 'titles.en-US': 'titleEn', fields: 'fields', key: 'key' };
const dialogFieldOf = (field: string): keyof Values | undefined => DIALOG_FIELD[field] ?? (field.startsWith('fields') ? 'fields' : field.startsWith('contact') ? 'contact' : undefined);

function FormDialog({ editing, caseTypes, onClose }: { editing: PublicForm | 'new'; caseTypes: CaseType[]; onClose(): void }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const caseTypeKey = Form.useWatch('caseType', form);
  const contact = Form.useWatch('contact', form) ?? [];
  const caseType = caseTypes.find((c) => c.key === caseTypeKey);
  const save = useMutation({
    mutationFn: (values: Values) => (editing === 'new' ? createPublicForm({ key: values.key, ...toBody(values) }) : updatePublicForm(editing.key, editing.version, toBody(values))),
    onSuccess: async () => {
      void message.success(t('publicFormsAdmin.saved'));
      await queryClient.invalidateQueries({ queryKey: formsKey });
      onClose();
    },
    onError: (error) => {
      const errors = fieldErrorsOf(error, t);
      const placed = errors.flatMap((e) => {
        const name = dialogFieldOf(e.field);
        return name ? [{ name, errors: [e.reason] }] : [];
      });
      form.setFields(placed);
      if (placed.length === 0) showProblem(message, error, t);
    },
  });
  const initial: Values = editing === 'new' ? { key: '', caseType: '', titleZh: '', titleEn: '', fields: [], contact: ['name', 'phone'], contactRequired: ['name'], active: true } : toValues(editing);
  return (
    <Modal
      open
      title={editing === 'new' ? t('publicFormsAdmin.add') : `${t('publicFormsAdmin.edit')} ${editing.key}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)} data-testid="public-form-dialog">
        <Form.Item name="key" label={t('publicFormsAdmin.key')} rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,62}$/ }]}>
          <Input disabled={editing !== 'new'} />
        </Form.Item>
        <Form.Item name="caseType" label={t('publicFormsAdmin.caseType')} rules={[{ required: true }]}>
          <Select options={caseTypes.map((c) => ({ value: c.key, label: c.name }))} onChange={() => form.setFieldValue('fields', [])} />
        </Form.Item>
        <Form.Item name="titleZh" label={t('publicFormsAdmin.titleZh')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="titleEn" label={t('publicFormsAdmin.titleEn')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="introZh" label={t('publicFormsAdmin.introZh')}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="introEn" label={t('publicFormsAdmin.introEn')}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="fields" label={t('publicFormsAdmin.fields')} extra={t('publicFormsAdmin.fieldsHelp')}>
          <Checkbox.Group options={formFieldsOf(caseType).map((f) => ({ value: f.key, label: splitLabelForAdmin(f.label, locale), disabled: f.sensitive }))} />
        </Form.Item>
        <Form.Item name="contact" label={t('publicFormsAdmin.contact')}>
          <Checkbox.Group options={CONTACT_KINDS.map((k) => ({ value: k, label: t(`publicForm.contactKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="contactRequired" label={t('publicFormsAdmin.contactRequired')}>
          <Checkbox.Group options={CONTACT_KINDS.filter((k) => contact.includes(k)).map((k) => ({ value: k, label: t(`publicForm.contactKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="active" label={t('publicFormsAdmin.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Public web forms: list, create, edit, delete (integration:admin); part G links it into the integration settings. */
export function PublicFormsAdmin() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<PublicForm | 'new'>();
  const forms = useQuery({ queryKey: formsKey, queryFn: listPublicForms });
  const caseTypes = useCaseTypes();
  const remove = useMutation({
    mutationFn: (f: PublicForm) => deletePublicForm(f.key, f.version),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: formsKey }),
    onError: (error) => showProblem(message, error, t),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="public-forms-admin">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('publicFormsAdmin.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('publicFormsAdmin.add')}
        </Button>
      </Space>
      <Table<PublicForm>
        rowKey="key"
        size="small"
        loading={forms.isPending}
        dataSource={forms.data ?? []}
        locale={{ emptyText: t('publicFormsAdmin.empty') }}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('publicFormsAdmin.key'), dataIndex: 'key' },
          { title: t('publicFormsAdmin.titleZh').replace(/（.*）|\(.*\)/, ''), render: (_v, f) => f.titles[locale] },
          { title: t('publicFormsAdmin.caseType'), render: (_v, f) => caseTypes.data?.find((c) => c.key === f.caseType)?.name ?? f.caseType },
          { title: t('publicFormsAdmin.active'), render: (_v, f) => (f.active ? <Tag color="green">{t('publicFormsAdmin.active')}</Tag> : <Tag>—</Tag>) },
          { title: t('publicFormsAdmin.link'), render: (_v, f) => <Typography.Link href={`/forms/${f.key}`} target="_blank">{`/forms/${f.key}`}</Typography.Link> },
          {
            key: 'actions',
            render: (_v, f) => (
              <Space>
                <Button size="small" onClick={() => setEditing(f)}>
                  {t('publicFormsAdmin.edit')}
                </Button>
                <Popconfirm title={t('publicFormsAdmin.deleteConfirm', { key: f.key })} onConfirm={() => remove.mutate(f)}>
                  <Button size="small" danger>
                    {t('publicFormsAdmin.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && <FormDialog editing={editing} caseTypes={caseTypes.data ?? []} onClose={() => setEditing(undefined)} />}
    </Space>
  );
}
