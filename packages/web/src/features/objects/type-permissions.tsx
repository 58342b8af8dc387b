import { Alert, Empty, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Action, FieldAccess, RecordScope, Role } from '@docket/client';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { useRoles } from '../admin/admin-queries.ts';
import { fieldLabel, roleAccessToType, type RoleTypeAccess } from './object-model.ts';
import { RECORD_ACTIONS, type ObjectFieldDefinition } from './objects-api.ts';

/**
 * Which roles may read, create, update, import and unmask records of this type, and how its
 * sensitive fields appear to each: a read-only summary of the roles (edited in Administration ›
 * Roles, where a record permission names this type's key among its types).
 */
export function TypePermissions({ typeKey, fields }: { typeKey: string; fields: ObjectFieldDefinition[] }) {
  const { t } = useLocale();
  const canSeeRoles = useCan('user:admin');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        title={t('objects.permissions.where')}
        description={
          <span>
            {t('objects.permissions.whereDetail', { key: typeKey })}{' '}
            {canSeeRoles && (
              <Link to="/admin?tab=roles" data-testid="edit-roles-link">
                {t('objects.permissions.editRoles')}
              </Link>
            )}
          </span>
        }
      />
      {canSeeRoles ? <RolesSummary typeKey={typeKey} fields={fields} /> : <Typography.Paragraph type="secondary">{t('objects.permissions.noRoles')}</Typography.Paragraph>}
    </Space>
  );
}

function RolesSummary({ typeKey, fields }: { typeKey: string; fields: ObjectFieldDefinition[] }) {
  const { t, locale } = useLocale();
  const roles = useRoles();
  if (roles.isError) return <LoadError error={roles.error} retry={() => roles.refetch()} />;
  const rows = (roles.data ?? []).flatMap((role) => {
    const access = roleAccessToType(role.permissions, typeKey, fields, RECORD_ACTIONS);
    return access ? [{ role, access }] : [];
  });
  const label = (key: string) => {
    const field = fields.find((f) => f.key === key);
    return field ? fieldLabel(field, locale) : key;
  };
  return (
    <KeyboardScrollable label={t('objects.designer.permissions')}>
      <Table<{ role: Role; access: RoleTypeAccess }>
        rowKey={(row) => row.role.key}
        size="small"
        loading={roles.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        data-testid="type-permissions"
        locale={{ emptyText: <Empty description={t('objects.permissions.none')} /> }}
        columns={[
          { title: t('objects.permissions.role'), key: 'role', render: (_: unknown, row) => <Typography.Text strong>{row.role.name}</Typography.Text> },
          {
            title: t('objects.permissions.actions'),
            key: 'actions',
            render: (_: unknown, row) => (
              <Space size={[4, 4]} wrap>
                {row.access.actions.map((a) => (
                  <Tag key={a.action}>
                    {t(`action.${a.action as Action}`)} · {t(`scope.${a.scope as RecordScope}`)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('objects.permissions.sensitive'),
            key: 'sensitive',
            render: (_: unknown, row) =>
              row.access.sensitive.length === 0 ? (
                '—'
              ) : (
                <Space size={[4, 4]} wrap>
                  {row.access.sensitive.map((s) => (
                    <Tag key={s.key} color={s.access === 'masked' ? 'orange' : s.access === 'hidden' ? 'default' : 'green'}>
                      {label(s.key)}: {t(`access.${s.access as FieldAccess}`)}
                    </Tag>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </KeyboardScrollable>
  );
}
