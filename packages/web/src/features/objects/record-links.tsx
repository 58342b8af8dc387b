import { useState } from 'react';
import { App, Button, Card, Empty, List, Popconfirm, Select, Space, Spin, Typography } from 'antd';
import { DisconnectOutlined, LinkOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { labelOf, relationsOfType, type TypeRelation } from './object-model.ts';
import { objectsApi, objectsKeys, useObjectTypes, useRelations, type ObjectRecord, type ObjectType, type RecordLink } from './objects-api.ts';
import { CasePicker } from './record-field-input.tsx';

/**
 * A record's links both ways, grouped by relation and named from this record's side (a
 * customer's 账户, an account's 所属客户); a link is added from either side, by searching the
 * other type's records or cases, and removed from its row.
 */
export function RecordLinks({ record, type, mayLink }: { record: ObjectRecord; type: ObjectType; mayLink: boolean }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const relations = useRelations();
  const types = useObjectTypes();
  const links = useQuery({ queryKey: objectsKeys.links(record.id), queryFn: () => objectsApi.listLinks(record.id) });
  if (relations.isError) return <LoadError error={relations.error} retry={() => relations.refetch()} />;
  if (links.isError) return <LoadError error={links.error} retry={() => links.refetch()} />;
  if (relations.isPending || links.isPending) return <Spin aria-label={t('objects.loading')} />;
  const groups = relationsOfType(type.key, relations.data);
  if (groups.length === 0) return <Empty description={t('objects.links.noRelations')} />;

  const refresh = () => queryClient.invalidateQueries({ queryKey: objectsKeys.links(record.id) });
  const unlink = async (group: TypeRelation, link: RecordLink) => {
    const otherId = link.record?.id ?? link.case?.id ?? '';
    try {
      // The API removes a link from either of its sides.
      await objectsApi.removeLink(record.id, group.relation.key, otherId);
      await refresh();
      void message.success(t('objects.links.removed'));
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="record-links">
      {groups.map((group) => {
        const rows = links.data.filter((l) => l.relation === group.relation.key && l.direction === group.direction);
        const name = labelOf(group.name, locale, group.relation.key);
        return (
          <Card key={`${group.relation.key}:${group.direction}`} size="small" title={name} data-testid={`links-${group.relation.key}-${group.direction}`}>
            <List
              size="small"
              dataSource={rows}
              locale={{ emptyText: t('objects.links.none') }}
              renderItem={(link) => (
                <List.Item
                  actions={
                    mayLink
                      ? [
                          <Popconfirm
                            key="unlink"
                            title={t('objects.links.removeConfirm')}
                            onConfirm={() => void unlink(group, link)}
                            okText={t('objects.links.remove')}
                            cancelText={t('objects.cancel')}
                          >
                            <Button type="text" danger size="small" icon={<DisconnectOutlined />} aria-label={t('objects.links.remove')} />
                          </Popconfirm>,
                        ]
                      : []
                  }
                >
                  {link.record ? (
                    <Link to={`/records/${link.record.type}/${link.record.id}`}>
                      {link.record.displayName} <Typography.Text type="secondary">{link.record.number}</Typography.Text>
                    </Link>
                  ) : (
                    link.case && <Link to={`/cases/${link.case.id}`}>{link.case.number}</Link>
                  )}
                </List.Item>
              )}
            />
            {mayLink && <AddLink record={record} group={group} otherTypeName={labelOf(types.data?.find((x) => x.key === group.otherType)?.name, locale, group.otherType ?? '')} onAdded={refresh} />}
          </Card>
        );
      })}
    </Space>
  );
}

function AddLink({ record, group, otherTypeName, onAdded }: { record: ObjectRecord; group: TypeRelation; otherTypeName: string; onAdded: () => Promise<unknown> }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const [target, setTarget] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const otherType = group.otherType;
  const found = useQuery({
    queryKey: ['objects', 'link-search', otherType, q],
    queryFn: () => objectsApi.listRecords(otherType!, { q: q || undefined, limit: 20 }),
    enabled: Boolean(otherType),
    staleTime: 10_000,
  });
  const name = labelOf(group.name, locale);
  const add = async () => {
    if (!target) return;
    setBusy(true);
    try {
      if (group.direction === 'outgoing') await objectsApi.addLink(record.id, { relation: group.relation.key, ...(otherType ? { toRecordId: target } : { toCaseId: target }) });
      else await objectsApi.addLink(record.id, { relation: group.relation.key, toRecordId: target, direction: 'incoming' });
      setTarget(undefined);
      await onAdded();
      void message.success(t('objects.links.added'));
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };
  const label = t('objects.links.pick', { name });
  return (
    <Space wrap style={{ marginTop: 8 }}>
      {otherType ? (
        <Select
          value={target}
          onChange={setTarget}
          showSearch={{ filterOption: false, onSearch: setQ }}
          allowClear
          placeholder={t('objects.links.search', { type: otherTypeName })}
          aria-label={label}
          loading={found.isFetching}
          options={(found.data?.items ?? []).filter((r) => r.id !== record.id).map((r) => ({ value: r.id, label: `${r.displayName} (${r.number})` }))}
          style={{ minWidth: 240 }}
          data-testid={`link-target-${group.relation.key}`}
        />
      ) : (
        <div style={{ minWidth: 240 }}>
          <CasePicker value={target} onChange={(v) => setTarget(v as string | undefined)} aria-label={label} />
        </div>
      )}
      <Button icon={<LinkOutlined />} disabled={!target} loading={busy} onClick={() => void add()} data-testid={`add-link-${group.relation.key}`}>
        {t('objects.links.add')}
      </Button>
    </Space>
  );
}
