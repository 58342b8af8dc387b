import { useMemo, useState, type ReactNode } from 'react';
import { App, Button, Card, Col, Empty, Form, Input, Modal, Row, Select, Space, Spin, Table, Tabs, Tag, Tree, TreeSelect, Typography } from 'antd';
import { ApiOutlined, BulbOutlined, DatabaseOutlined, EditOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { dataOf, DEPARTMENT_KINDS, type Department, type Group, type User } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { applyFieldErrors, fieldErrorsOf, showProblem } from '../../components/problem-display.ts';
import { LoadError } from '../../components/load-error.tsx';
import { departmentName, departmentsKey, departmentTree, departmentTreeData, groupsKey, useDepartments, useGroups, useRoles, useUsers, usersKey } from './admin-queries.ts';
import { RolesTab } from './roles-tab.tsx';

/** Administration: users, the department tree, roles and their policies, groups and queues. */
export function AdminPage() {
  const { t } = useLocale();
  const [params, setParams] = useSearchParams();
  const canIntegrate = useCan('integration:admin');
  const canDesignObjects = useCan('object-type:admin');
  const canAutomation = useCan('automation:read');
  const canAssist = useCan('assist:admin');
  return (
    <Card
      title={t('admin.title')}
      // The link goes under the title on a phone rather than off the screen's edge.
      styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}
      extra={
        // Integration settings (issue 18), object types and automation rules (issue 21) hang off administration: the top menu has no room for them.
        <Space size={16} wrap>
          {canAutomation && (
            <Link to="/admin/automation/rules" data-testid="automation-rules-link">
              <Space size={4}>
                <ThunderboltOutlined />
                {t('automation.rules.entry')}
              </Space>
            </Link>
          )}
          {canAssist && (
            <Link to="/admin/assist" data-testid="assist-settings-link">
              <Space size={4}>
                <BulbOutlined />
                {t('assistAdmin.settings.title')}
              </Space>
            </Link>
          )}
          {canIntegrate && (
            <Link to="/admin/integrations/webhooks" title={t('integrationAdmin.entry.detail')} data-testid="integration-settings-link">
              <Space size={4}>
                <ApiOutlined />
                {t('nav.integrationAdmin')}
              </Space>
            </Link>
          )}
          {canDesignObjects && (
            <Link to="/admin/object-types" data-testid="object-types-link">
              <Space size={4}>
                <DatabaseOutlined />
                {t('objects.types.title')}
              </Space>
            </Link>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={params.get('tab') ?? 'users'}
        onChange={(tab) => setParams({ tab }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'users', label: t('admin.users'), children: <UsersTab /> },
          { key: 'departments', label: t('admin.departments'), children: <DepartmentsTab /> },
          { key: 'roles', label: t('admin.roles'), children: <RolesTab /> },
          { key: 'groups', label: t('admin.groups'), children: <GroupsTab /> },
        ]}
      />
    </Card>
  );
}

/** Runs a change, refreshes what it touched, and puts a validation problem's errors on the form. */
function useSubmit() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const submit = async (action: () => Promise<unknown>, options: { form?: FormInstance; fields?: string[]; invalidate: readonly (readonly string[])[]; done?: string }) => {
    setBusy(true);
    try {
      await action();
      await Promise.all(options.invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      if (options.done) void message.success(options.done);
      return true;
    } catch (error) {
      if (options.form) applyFieldErrors(options.form, fieldErrorsOf(error, t), options.fields ?? []);
      showProblem(message, error, t);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, submit };
}

interface UserValues {
  username?: string;
  password?: string;
  displayName: string;
  departmentIds?: string[];
  roleIds?: string[];
  status?: User['status'];
}

function UsersTab() {
  const { t, locale } = useLocale();
  const [q, setQ] = useState('');
  const users = useUsers(q);
  const departments = useDepartments();
  const roles = useRoles();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [form] = Form.useForm<UserValues>();
  const { busy, submit } = useSubmit();
  const treeData = useMemo(() => departmentTreeData(departments.data ?? []), [departments.data]);

  const open = (user: User | 'new') => {
    setEditing(user);
    form.resetFields();
    if (user !== 'new') form.setFieldsValue({ displayName: user.displayName, departmentIds: user.departmentIds, roleIds: user.roles, status: user.status });
  };

  const save = async (values: UserValues) => {
    const ok = await submit(
      async () => {
        if (editing === 'new') {
          dataOf(
            await api.POST('/api/v1/users', {
              body: { username: values.username!, password: values.password!, displayName: values.displayName, departmentIds: values.departmentIds ?? [], roleIds: values.roleIds ?? [] },
            }),
          );
        } else if (editing) {
          dataOf(
            await api.PATCH('/api/v1/users/{id}', {
              params: { path: { id: editing.id } },
              body: { displayName: values.displayName, departmentIds: values.departmentIds ?? [], roleIds: values.roleIds ?? [], status: values.status },
            }),
          );
        }
      },
      { form, fields: ['username', 'password', 'displayName', 'departmentIds', 'roleIds', 'status'], invalidate: [usersKey], done: t('admin.saved') },
    );
    if (ok) setEditing(null);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search allowClear placeholder={t('admin.searchUsers')} aria-label={t('admin.searchUsers')} onSearch={setQ} style={{ width: 240 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="new-user">
          {t('admin.newUser')}
        </Button>
      </Space>
      {users.isError && <LoadError error={users.error} retry={() => users.refetch()} />}
      <Table<User>
        rowKey="id"
        size="small"
        loading={users.isPending}
        dataSource={users.data ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t('admin.noUsers')} /> }}
        columns={[
          { title: t('signIn.username'), dataIndex: 'username', width: 140 },
          { title: t('admin.displayName'), dataIndex: 'displayName', width: 180 },
          { title: t('admin.departments'), dataIndex: 'departmentIds', render: (ids: string[]) => ids.map((id) => <Tag key={id}>{departmentName(departments.data, id)}</Tag>) },
          {
            title: t('admin.roles'),
            dataIndex: 'roles',
            render: (keys: string[]) =>
              keys.map((k) => (
                <Tag color="blue" key={k}>
                  {roles.data?.find((r) => r.key === k)?.name ?? k}
                </Tag>
              )),
          },
          { title: t('admin.status'), dataIndex: 'status', width: 90, render: (s: User['status']) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`admin.status.${s}`)}</Tag> },
          { title: t('case.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v, locale) },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right',
            render: (_, user) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => open(user)} aria-label={t('admin.editUser', { name: user.username })}>
                {t('caseView.edit')}
              </Button>
            ),
          },
        ]}
      />
      <EditDialog
        open={editing !== null}
        title={editing === 'new' ? t('admin.newUser') : t('admin.editUser', { name: editing?.username ?? '' })}
        onClose={() => setEditing(null)}
        onSave={() => form.submit()}
        busy={busy}
      >
        <Form form={form} layout="vertical" onFinish={save}>
          {editing === 'new' && (
            <>
              <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{1,62}$/, message: t('admin.usernameRule') }]}>
                <Input autoComplete="off" />
              </Form.Item>
              <Form.Item name="password" label={t('admin.initialPassword')} rules={[{ required: true, message: t('signIn.required') }]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </>
          )}
          <Form.Item name="displayName" label={t('admin.displayName')} rules={[{ required: true, message: t('signIn.required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="departmentIds" label={t('admin.departments')}>
            <TreeSelect multiple treeDefaultExpandAll treeData={treeData} allowClear loading={departments.isPending} showSearch={{ treeNodeFilterProp: 'title' }} />
          </Form.Item>
          <Form.Item name="roleIds" label={t('admin.roles')}>
            <Select mode="multiple" loading={roles.isPending} options={roles.data?.map((r) => ({ value: r.key, label: `${r.name} (${r.key})` }))} />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="status" label={t('admin.status')}>
              <Select options={(['active', 'disabled'] as const).map((s) => ({ value: s, label: t(`admin.status.${s}`) }))} />
            </Form.Item>
          )}
        </Form>
      </EditDialog>
    </Space>
  );
}

function DepartmentsTab() {
  const { t } = useLocale();
  const departments = useDepartments();
  const [selected, setSelected] = useState<Department | null>(null);
  const [renameForm] = Form.useForm<{ name: string }>();
  const [childForm] = Form.useForm<{ code: string; name: string; kind: Department['kind'] }>();
  const { busy, submit } = useSubmit();
  const tree = useMemo(() => departmentTree(departments.data ?? []), [departments.data]);
  const current = selected ? (departments.data?.find((d) => d.id === selected.id) ?? selected) : null;

  if (departments.isPending) return <Spin />;
  if (departments.isError) return <LoadError error={departments.error} retry={() => departments.refetch()} />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10}>
        <Card size="small" title={t('admin.departmentTree')}>
          {tree.length === 0 ? (
            <Empty description={t('admin.noDepartments')} />
          ) : (
            <Tree
              defaultExpandAll
              treeData={tree}
              selectedKeys={current ? [current.id] : []}
              onSelect={(_, info) => {
                const department = (info.node as unknown as { department: Department }).department;
                setSelected(department);
                renameForm.setFieldsValue({ name: department.name });
                childForm.resetFields();
              }}
              data-testid="department-tree"
            />
          )}
        </Card>
      </Col>
      <Col xs={24} md={14}>
        {current ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Card size="small" title={t('admin.rename', { name: current.name })}>
              <Form
                form={renameForm}
                layout="inline"
                onFinish={({ name }) =>
                  submit(async () => dataOf(await api.PATCH('/api/v1/departments/{id}', { params: { path: { id: current.id } }, body: { name } })), {
                    form: renameForm,
                    fields: ['name'],
                    invalidate: [departmentsKey],
                    done: t('admin.saved'),
                  })
                }
              >
                <Form.Item name="name" label={t('designer.name')} rules={[{ required: true, message: t('signIn.required') }]}>
                  <Input maxLength={100} />
                </Form.Item>
                <Button htmlType="submit" loading={busy}>
                  {t('caseView.save')}
                </Button>
              </Form>
            </Card>
            <Card size="small" title={t('admin.newChild', { name: current.name })}>
              <Form
                form={childForm}
                layout="vertical"
                initialValues={{ kind: 'sub-branch' }}
                onFinish={async (values) => {
                  if (
                    await submit(async () => dataOf(await api.POST('/api/v1/departments', { body: { ...values, parentId: current.id } })), {
                      form: childForm,
                      fields: ['code', 'name', 'kind'],
                      invalidate: [departmentsKey],
                      done: t('admin.saved'),
                    })
                  )
                    childForm.resetFields();
                }}
              >
                <Form.Item name="code" label={t('admin.code')} rules={[{ required: true, pattern: /^[A-Z0-9-]{2,20}$/, message: t('admin.codeRule') }]}>
                  <Input maxLength={20} />
                </Form.Item>
                <Form.Item name="name" label={t('designer.name')} rules={[{ required: true, message: t('signIn.required') }]}>
                  <Input maxLength={100} />
                </Form.Item>
                <Form.Item name="kind" label={t('admin.kind')}>
                  <Select options={DEPARTMENT_KINDS.map((k) => ({ value: k, label: t(`department.${k}`) }))} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={busy} icon={<PlusOutlined />}>
                  {t('designer.create')}
                </Button>
              </Form>
            </Card>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('admin.pickDepartment')}</Typography.Text>
        )}
      </Col>
    </Row>
  );
}

function GroupsTab() {
  const { t } = useLocale();
  const groups = useGroups();
  const users = useUsers();
  const departments = useDepartments();
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const [form] = Form.useForm<{ key?: string; name?: string; kind?: Group['kind']; departmentId?: string; memberIds: string[] }>();
  const { busy, submit } = useSubmit();
  const userOptions = users.data?.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
  const userName = (id: string) => users.data?.find((u) => u.id === id)?.displayName ?? id.slice(0, 8);

  const open = (group: Group | 'new') => {
    setEditing(group);
    form.resetFields();
    form.setFieldsValue(group === 'new' ? { kind: 'group', memberIds: [] } : { memberIds: group.memberIds });
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
        {t('admin.newGroup')}
      </Button>
      {groups.isError && <LoadError error={groups.error} retry={() => groups.refetch()} />}
      <Table<Group>
        rowKey="key"
        size="small"
        loading={groups.isPending}
        dataSource={groups.data ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: <Empty description={t('admin.noGroups')} /> }}
        columns={[
          { title: t('designer.key'), dataIndex: 'key', width: 150 },
          { title: t('designer.name'), dataIndex: 'name', width: 180 },
          { title: t('admin.kind'), dataIndex: 'kind', width: 90, render: (k: Group['kind']) => <Tag color={k === 'queue' ? 'purple' : 'default'}>{t(`admin.groupKind.${k}`)}</Tag> },
          { title: t('case.department'), dataIndex: 'departmentId', width: 140, render: (id: string | null) => departmentName(departments.data, id) },
          { title: t('admin.members'), dataIndex: 'memberIds', render: (ids: string[]) => (ids.length ? ids.map((id) => <Tag key={id}>{userName(id)}</Tag>) : '—') },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 110,
            render: (_, group) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => open(group)}>
                {t('admin.editMembers')}
              </Button>
            ),
          },
        ]}
      />
      <EditDialog
        open={editing !== null}
        title={editing === 'new' ? t('admin.newGroup') : t('admin.membersOf', { name: editing?.name ?? '' })}
        onClose={() => setEditing(null)}
        onSave={() => form.submit()}
        busy={busy}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async (values) => {
            const ok = await submit(
              async () => {
                if (editing === 'new') {
                  dataOf(
                    await api.POST('/api/v1/groups', {
                      body: { key: values.key!, name: values.name!, kind: values.kind!, memberIds: values.memberIds ?? [], ...(values.departmentId ? { departmentId: values.departmentId } : {}) },
                    }),
                  );
                } else if (editing) {
                  dataOf(await api.PUT('/api/v1/groups/{key}/members', { params: { path: { key: editing.key } }, body: { userIds: values.memberIds ?? [] } }));
                }
              },
              { form, fields: ['key', 'name', 'kind', 'departmentId', 'memberIds'], invalidate: [groupsKey], done: t('admin.saved') },
            );
            if (ok) setEditing(null);
          }}
        >
          {editing === 'new' && (
            <>
              <Form.Item name="key" label={t('designer.key')} rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,62}$/, message: t('admin.keyRule') }]}>
                <Input />
              </Form.Item>
              <Form.Item name="name" label={t('designer.name')} rules={[{ required: true, message: t('signIn.required') }]}>
                <Input maxLength={100} />
              </Form.Item>
              {/* Queues are objects of their own now (routing settings); a new entry here is a group. */}
              <Form.Item name="kind" hidden>
                <Input />
              </Form.Item>
              <Form.Item name="departmentId" label={t('case.department')}>
                <TreeSelect allowClear treeDefaultExpandAll treeData={departmentTreeData(departments.data ?? [])} />
              </Form.Item>
            </>
          )}
          <Form.Item name="memberIds" label={t('admin.members')}>
            <Select mode="multiple" loading={users.isPending} options={userOptions} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        </Form>
      </EditDialog>
    </Space>
  );
}

/** The save/cancel dialog each administration list opens to create or change one item. */
function EditDialog(props: { open: boolean; title: string; onClose: () => void; onSave: () => void; busy: boolean; children: ReactNode }) {
  const { t } = useLocale();
  return (
    <Modal open={props.open} title={props.title} onCancel={props.onClose} onOk={props.onSave} okText={t('caseView.save')} cancelText={t('caseView.cancel')} confirmLoading={props.busy} forceRender>
      {props.children}
    </Modal>
  );
}
