import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { labelOf } from './object-model.ts';
import { useObjectTypes, type ObjectType } from './objects-api.ts';

/** Object types and relations, for object-type:admin (issue 21). */
export function ObjectTypesPage() {
  const { t, locale } = useLocale();
  const types = useObjectTypes();
  const navigate = useNavigate();
  return (
    <Card
      title={t('objects.types.title')}
      styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/admin/object-types/new')} data-testid="new-object-type">
          {t('objects.types.new')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('objects.types.intro')}</Typography.Paragraph>
      {types.isError && <LoadError error={types.error} retry={() => types.refetch()} />}
      <KeyboardScrollable label={t('objects.types.title')}>
        <Table<ObjectType>
          rowKey="key"
          size="small"
          loading={types.isPending}
          dataSource={types.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="object-types"
          locale={{ emptyText: <Empty description={t('objects.types.empty')} /> }}
          columns={[
            {
              title: t('objects.type.name'),
              key: 'name',
              render: (_: unknown, type) => (
                <Space size={4} wrap>
                  <Link to={`/admin/object-types/${type.key}`} data-testid="object-type-link">
                    {labelOf(type.name, locale, type.key)}
                  </Link>
                  {type.archivedAt && <Tag>{t('objects.type.archived')}</Tag>}
                </Space>
              ),
            },
            { title: t('objects.type.key'), dataIndex: 'key', render: (key: string) => <Typography.Text code>{key}</Typography.Text> },
            { title: t('objects.type.prefix'), dataIndex: 'numberPrefix' },
            {
              title: t('objects.type.role'),
              dataIndex: 'role',
              render: (role: ObjectType['role']) => (role === 'customer' ? <Tag color="blue">{t('objects.role.customer')}</Tag> : t('objects.role.standard')),
            },
            { title: t('objects.type.records'), dataIndex: 'recordCount', align: 'right', render: (count?: number | null) => (typeof count === 'number' ? count : '—') },
            { title: t('objects.type.version'), dataIndex: 'currentVersion', align: 'right', render: (v: number | undefined, type) => `v${v ?? type.version}` },
            {
              title: t('objects.types.records'),
              key: 'open',
              render: (_: unknown, type) => (
                <Link to={`/records/${type.key}`} aria-label={t('objects.types.openRecords', { name: labelOf(type.name, locale, type.key) })}>
                  {t('objects.types.records')}
                </Link>
              ),
            },
          ]}
        />
      </KeyboardScrollable>
    </Card>
  );
}
