import { useState } from 'react';
import { App, AutoComplete, Button, Card, Drawer, Empty, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { ACTIONS, dataOf, FIELD_ACCESS, RECORD_SCOPES, type Action, type FieldAccess, type Permission, type RecordScope, type Role } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { DATA_CLASSES } from '../designer/form-editor.tsx';
import { rolesKey, useRoles } from './admin-queries.ts';
import { LoadError } from '../../components/load-error.tsx';

/** A permission as the form edits it: field rules as a list of (field, access) rows. */
interface PermissionRow {
  action: Action;
  scope?: RecordScope;
  caseTypes?: string[];
  tags?: string[];
  fields?: { field: string; access: FieldAccess }[];
}

interface RoleValues {
  key?: string;
  name: string;
  description?: string;
  permissions: PermissionRow[];
}

export function toPermissionRow(p: Permission): PermissionRow {
  return { action: p.action, scope: p.scope, caseTypes: p.caseTypes, tags: p.tags, fields: Object.entries(p.fields ?? {}).map(([field, access]) => ({ field, access })) };
}

/** Back to the API's shape: empty lists and the default scope are left out. */
export function toPermission(row: PermissionRow): Permission {
  const permission: Permission = { action: row.action };
  if (row.scope) permission.scope = row.scope;
  if (row.caseTypes?.length) permission.caseTypes = row.caseTypes;
  if (row.tags?.length) permission.tags = row.tags;
  const fields = (row.fields ?? []).filter((f) => f?.field?.trim() && f.access);
  if (fields.length) permission.fields = Object.fromEntries(fields.map((f) => [f.field.trim(), f.access]));
  return permission;
}

export function RolesTab() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useRoles();
  const caseTypes = useCaseTypes();
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<RoleValues>();

  const open = (role: Role | 'new') => {
    setEditing(role);
    form.resetFields();
    form.setFieldsValue(
      role === 'new'
        ? { permissions: [{ action: 'case:read', scope: 'department' }] }
        : { name: role.name, description: role.description ?? undefined, permissions: role.permissions.map(toPermissionRow) },
    );
  };

  const save = async (values: RoleValues) => {
    setSaving(true);
    try {
      const body = { name: values.name, ...(values.description ? { description: values.description } : {}), permissions: (values.permissions ?? []).map(toPermission) };
      if (editing === 'new') dataOf(await api.POST('/api/v1/roles', { body: { key: values.key!, ...body } }));
      else if (editing) dataOf(await api.PUT('/api/v1/roles/{key}', { params: { path: { key: editing.key } }, body }));
      await queryClient.invalidateQueries({ queryKey: rolesKey });
      void message.success(t('admin.saved'));
      setEditing(null);
    } catch (error) {
      applyFieldErrors(form, fieldErrorsOf(error, t), ['key', 'name', 'description']);
      showProblem(message, error, t);
    } finally {
      setSaving(false);
    }
  };

  const fieldOptions = [{ value: '*' }, ...DATA_CLASSES.map((c) => ({ value: `class:${c}`, label: `class:${c} — ${t(`dataClass.${c}`)}` }))];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="new-role">
        {t('admin.newRole')}
      </Button>
      {roles.isError && <LoadError error={roles.error} retry={() => roles.refetch()} />}
      <Table<Role>
        rowKey="key"
        size="small"
        loading={roles.isPending}
        dataSource={roles.data ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('admin.noRoles')} /> }}
        columns={[
          {
            title: t('designer.key'),
            dataIndex: 'key',
            width: 130,
            render: (k: string, r) => (
              <Space>
                {k}
                {r.builtin && <Tag>{t('admin.builtin')}</Tag>}
              </Space>
            ),
          },
          { title: t('designer.name'), dataIndex: 'name', width: 180 },
          {
            title: t('admin.permissions'),
            dataIndex: 'permissions',
            render: (permissions: Permission[]) => (
              <Space size={[4, 4]} wrap>
                {permissions.map((p) => (
                  <Tag key={JSON.stringify(p)} title={JSON.stringify(p)}>
                    {t(`action.${p.action}`)}
                    {p.scope ? ` · ${t(`scope.${p.scope}`)}` : ''}
                    {p.fields ? ` · ${Object.keys(p.fields).length} ${t('admin.fieldRulesShort')}` : ''}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 90,
            render: (_, role) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => open(role)} aria-label={t('admin.editRole', { name: role.key })}>
                {t('caseView.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={editing !== null}
        title={editing === 'new' ? t('admin.newRole') : t('admin.editRole', { name: editing?.key ?? '' })}
        size="large"
        onClose={() => setEditing(null)}
        forceRender
        extra={
          <Space>
            <Button onClick={() => setEditing(null)}>{t('caseView.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="save-role">
              {t('caseView.save')}
            </Button>
          </Space>
        }
      >
        <Form form={form} layout="vertical" onFinish={save}>
          {editing === 'new' && (
            <Form.Item name="key" label={t('designer.key')} rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,62}$/, message: t('admin.keyRule') }]}>
              <Input />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('designer.name')} rules={[{ required: true, message: t('signIn.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="description" label={t('designer.description')}>
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
          <Typography.Title level={5}>{t('admin.permissions')}</Typography.Title>
          <Form.List name="permissions">
            {(permissions, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {permissions.map((permission, index) => (
                  <Card
                    key={permission.key}
                    size="small"
                    title={t('admin.permissionN', { n: index + 1 })}
                    extra={<Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(permission.name)} aria-label={t('admin.removePermission', { n: index + 1 })} />}
                  >
                    <Space wrap align="start">
                      <Form.Item name={[permission.name, 'action']} label={t('admin.action')} rules={[{ required: true, message: t('signIn.required') }]}>
                        <Select showSearch style={{ width: 190 }} options={ACTIONS.map((a) => ({ value: a, label: `${t(`action.${a}`)} (${a})` }))} />
                      </Form.Item>
                      <Form.Item name={[permission.name, 'scope']} label={t('admin.scope')}>
                        <Select style={{ width: 150 }} allowClear placeholder={t('scope.all')} options={RECORD_SCOPES.map((s) => ({ value: s, label: t(`scope.${s}`) }))} />
                      </Form.Item>
                      <Form.Item name={[permission.name, 'caseTypes']} label={t('admin.caseTypes')}>
                        <Select mode="multiple" allowClear style={{ minWidth: 180 }} placeholder={t('admin.any')} options={caseTypes.data?.map((c) => ({ value: c.key, label: c.name }))} />
                      </Form.Item>
                      <Form.Item name={[permission.name, 'tags']} label={t('case.tags')}>
                        <Select mode="tags" allowClear style={{ minWidth: 140 }} placeholder={t('admin.any')} open={false} />
                      </Form.Item>
                    </Space>
                    <Form.List name={[permission.name, 'fields']}>
                      {(rules, ruleOps) => (
                        <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                          <Typography.Text type="secondary">{t('admin.fieldRules')}</Typography.Text>
                          {rules.map((rule) => (
                            <Space key={rule.key} align="start" wrap>
                              <Form.Item
                                name={[rule.name, 'field']}
                                rules={[{ required: true, pattern: /^(\*|class:[a-z-]+|[A-Za-z_][A-Za-z0-9_.]*)$/, message: t('admin.fieldRule') }]}
                                style={{ marginBottom: 4 }}
                              >
                                <AutoComplete style={{ width: 260 }} options={fieldOptions} placeholder={t('admin.fieldKey')} aria-label={t('admin.fieldKey')} />
                              </Form.Item>
                              <Form.Item name={[rule.name, 'access']} rules={[{ required: true, message: t('signIn.required') }]} style={{ marginBottom: 4 }}>
                                <Select
                                  style={{ width: 130 }}
                                  aria-label={t('admin.access')}
                                  placeholder={t('admin.access')}
                                  options={FIELD_ACCESS.map((a) => ({ value: a, label: t(`access.${a}`) }))}
                                />
                              </Form.Item>
                              <Button size="small" icon={<DeleteOutlined />} onClick={() => ruleOps.remove(rule.name)} aria-label={t('admin.removeRule')} />
                            </Space>
                          ))}
                          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => ruleOps.add({ access: 'masked' })}>
                            {t('admin.addFieldRule')}
                          </Button>
                        </Space>
                      )}
                    </Form.List>
                  </Card>
                ))}
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ action: 'case:read' })} data-testid="add-permission">
                  {t('admin.addPermission')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form>
      </Drawer>
    </Space>
  );
}
