import { useMemo, useState } from 'react';
import { Button, Card, Empty, Input, List, Select, Space, Spin, Table, Typography } from 'antd';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { fieldLabel, formatFieldValue, labelOf, listColumns } from './object-model.ts';
import { objectsApi, objectsKeys, useObjectType, type ObjectRecord, type RecordListQuery } from './objects-api.ts';

const PAGE_SIZE = 50;

/** Where a record opens: a customer's 360° page, any other record's form. */
export const recordPath = (typeKey: string, id: string) => `/records/${typeKey}/${id}`;

/** Records of one object type: search, filter, columns from the type's layout (issue 21). */
export function RecordListPage() {
  const { type: typeKey = '' } = useParams();
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const type = useObjectType(typeKey);
  const canCreate = useCan('record:create');
  const canImport = useCan('record:import');
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  // Filters: ?field.<key>=value for the type's select fields, ?tag=.
  const filterFields = useMemo(() => (type.data?.fields ?? []).filter((f) => f.type === 'select' && !f.dataClass).slice(0, 3), [type.data]);
  const query = useMemo(() => {
    const result: Record<string, string> = {};
    for (const [name, value] of params) if (value && (name === 'q' || name === 'tag' || name.startsWith('field.'))) result[name] = value;
    return result as RecordListQuery;
  }, [params]);
  const records = useInfiniteQuery({
    queryKey: objectsKeys.recordList(typeKey, query),
    queryFn: ({ pageParam }) => objectsApi.listRecords(typeKey, { ...query, limit: PAGE_SIZE, ...(pageParam ? { after: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: Boolean(typeKey),
  });
  const setParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  if (type.isError) return <LoadError error={type.error} retry={() => type.refetch()} />;
  if (!type.data) return <Spin aria-label={t('objects.loading')} />;
  const objectType = type.data;
  const typeName = labelOf(objectType.name, locale, objectType.key);
  const columns = listColumns(objectType.fields, objectType.layout).filter((f) => f.key !== objectType.displayField);
  const items = records.data?.pages.flatMap((page) => page.items) ?? [];
  const words = { yes: t('objects.yes'), no: t('objects.no') };
  const value = (record: ObjectRecord, key: string) => {
    const field = objectType.fields.find((f) => f.key === key)!;
    return formatFieldValue(field, record.fields[key], locale, words) || '—';
  };
  const open = (record: ObjectRecord) => (
    <Link to={recordPath(objectType.key, record.id)} data-testid="record-link" style={{ fontWeight: 600 }}>
      {record.displayName || record.number}
    </Link>
  );

  return (
    <Card
      title={
        <Space wrap>
          <Link to="/records">{t('objects.home.title')}</Link>
          <span aria-hidden>/</span>
          <span>{typeName}</span>
        </Space>
      }
      styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}
      extra={
        <Space wrap>
          {canImport && (
            <Button icon={<ImportOutlined />} onClick={() => void navigate(`/records/${objectType.key}/import`)} data-testid="import-records">
              {t('objects.list.import')}
            </Button>
          )}
          {canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(`/records/${objectType.key}/new`)} data-testid="new-record">
              {t('objects.list.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }} role="search" aria-label={t('objects.list.filters')}>
        <Input.Search
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(value) => setParam('q', value.trim() || undefined)}
          allowClear
          placeholder={t('objects.list.searchPlaceholder')}
          aria-label={t('objects.list.search')}
          data-testid="record-search"
          style={{ width: narrow ? '100%' : 280 }}
        />
        {filterFields.map((field) => (
          <Select
            key={field.key}
            allowClear
            style={{ minWidth: 140 }}
            placeholder={fieldLabel(field, locale)}
            aria-label={fieldLabel(field, locale)}
            value={params.get(`field.${field.key}`) ?? undefined}
            onChange={(value?: string) => setParam(`field.${field.key}`, value)}
            options={(field.options ?? []).map((o) => ({ value: o.value, label: labelOf(o.label, locale, o.value) }))}
          />
        ))}
        <Input
          allowClear
          style={{ width: 140 }}
          placeholder={t('objects.list.tag')}
          aria-label={t('objects.list.tag')}
          defaultValue={params.get('tag') ?? ''}
          onPressEnter={(e) => setParam('tag', (e.target as HTMLInputElement).value.trim() || undefined)}
          onBlur={(e) => setParam('tag', e.target.value.trim() || undefined)}
        />
      </Space>
      {records.isError && <LoadError error={records.error} retry={() => records.refetch()} />}
      {narrow ? (
        <List
          loading={records.isPending}
          dataSource={items}
          data-testid="records"
          aria-label={typeName}
          locale={{ emptyText: <Empty description={t('objects.list.empty')} /> }}
          renderItem={(record) => (
            <List.Item key={record.id} style={{ paddingInline: 0 }}>
              <Card size="small" style={{ width: '100%' }}>
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  {open(record)}
                  <Typography.Text type="secondary">{record.number}</Typography.Text>
                  {columns.slice(0, 3).map((field) => (
                    <Typography.Text key={field.key} style={{ wordBreak: 'break-word' }}>
                      {fieldLabel(field, locale)}: {value(record, field.key)}
                    </Typography.Text>
                  ))}
                </Space>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <KeyboardScrollable label={typeName}>
          <Table<ObjectRecord>
            rowKey="id"
            size="small"
            loading={records.isPending}
            dataSource={items}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="records"
            locale={{ emptyText: <Empty description={t('objects.list.empty')} /> }}
            columns={[
              { title: t('objects.record.number'), dataIndex: 'number' },
              { title: fieldLabel(objectType.fields.find((f) => f.key === objectType.displayField) ?? objectType.fields[0]!, locale), key: 'name', render: (_: unknown, r) => open(r) },
              ...columns.map((field) => ({ title: fieldLabel(field, locale), key: field.key, render: (_: unknown, r: ObjectRecord) => value(r, field.key) })),
              { title: t('objects.record.updatedAt'), dataIndex: 'updatedAt', render: (at?: string) => formatDateTime(at, locale) },
            ]}
          />
        </KeyboardScrollable>
      )}
      {records.hasNextPage && (
        <Button block style={{ marginTop: 12 }} loading={records.isFetchingNextPage} onClick={() => void records.fetchNextPage()} data-testid="more-records">
          {t('objects.list.more')}
        </Button>
      )}
    </Card>
  );
}
