import { Alert, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { CasePriority, StatusCategory } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime, PriorityTag, StatusTag } from '../../components/case-tags.tsx';
import { translateIfKnown } from '../../i18n/i18n.ts';
import { caseTypeName, useCaseTypes } from '../cases/case-queries.ts';
import { statusLabel } from '../cases/case-status.ts';
import type { CaseSection, Customer360, RelatedGroup } from './customer-queries.ts';

// Pieces both the 360° page and the case's customer panel show: tier and tags, the customer's
// cases, related records. They show what the server sent; a restricted section says so.

type Localised = { 'zh-CN': string; 'en-US': string };

/** A tag as people read it: the known ones (elderly, foreign…) translated, others as written. */
export function CustomerTags({ tier, tags }: { tier: Customer360['tier']; tags: string[] }) {
  const { t, locale } = useLocale();
  return (
    <Space wrap size={[4, 4]} data-testid="customer-tags">
      {tier && (
        <Tag color="gold" data-testid="customer-tier">
          {t('customer360.tier')}: {tier.label ? tier.label[locale] : tier.value}
        </Tag>
      )}
      {tags.map((tag) => (
        <Tag key={tag} color={tag === 'elderly' || tag === 'foreign' ? 'purple' : 'blue'} data-testid="customer-tag" data-tag={tag}>
          {translateIfKnown(t, `customer360.tag.${tag}`) ?? tag}
        </Tag>
      ))}
    </Space>
  );
}

export function RestrictedNote({ testId }: { testId?: string }) {
  const { t } = useLocale();
  return <Alert type="info" showIcon title={t('customer360.restricted')} data-testid={testId ?? 'section-restricted'} />;
}

type CaseItem = Extract<CaseSection, { restricted: false }>['open']['items'][number];

function CaseLine({ c }: { c: CaseItem }) {
  const { t, locale } = useLocale();
  const types = useCaseTypes();
  const lifecycle = types.data?.find((type) => type.key === c.typeKey)?.lifecycle;
  return (
    <List.Item data-testid="customer-case" data-number={c.number}>
      <Space orientation="vertical" size={0} style={{ width: '100%', minWidth: 0 }}>
        <Space wrap size={[8, 4]}>
          <Link to={`/cases/${c.id}`}>{c.number}</Link>
          <StatusTag label={statusLabel(lifecycle, c.status, locale, t)} category={c.statusCategory as StatusCategory} />
          <PriorityTag priority={c.priority as CasePriority} />
        </Space>
        {c.title && <Typography.Text style={{ overflowWrap: 'anywhere' }}>{c.title}</Typography.Text>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {caseTypeName(types.data, c.typeKey)}
          {c.channel ? ` · ${translateIfKnown(t, `dash.channel.${c.channel}`) ?? c.channel}` : ''} · {formatDateTime(c.createdAt, locale)}
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

/** Open and past cases: counts and the latest few of each. */
export function CustomerCases({ cases }: { cases: CaseSection }) {
  const { t } = useLocale();
  if (cases.restricted) return <RestrictedNote testId="cases-restricted" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="customer-cases">
      <Typography.Text strong data-testid="open-cases-count" data-count={cases.open.count}>
        {t('customer360.openCases', { n: cases.open.count })}
      </Typography.Text>
      {cases.open.items.length > 0 ? <List size="small" dataSource={cases.open.items} renderItem={(c) => <CaseLine c={c} />} /> : null}
      <Typography.Text strong data-testid="past-cases-count" data-count={cases.past.count}>
        {t('customer360.pastCases', { n: cases.past.count })}
      </Typography.Text>
      {cases.past.items.length > 0 ? <List size="small" dataSource={cases.past.items} renderItem={(c) => <CaseLine c={c} />} /> : null}
    </Space>
  );
}

/** Related records of one relation: each with the records its reference fields point to (a holding's product). */
export function RelatedRecords({ group }: { group: RelatedGroup }) {
  const { t } = useLocale();
  if (group.restricted) return <RestrictedNote />;
  if (group.items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer360.noRelated')} />;
  return (
    <List
      size="small"
      data-testid="related-records"
      dataSource={group.items}
      footer={group.total > group.items.length ? <Typography.Text type="secondary">{t('customer360.moreRelated', { n: group.total - group.items.length })}</Typography.Text> : undefined}
      renderItem={(item) => (
        <List.Item data-testid="related-record" data-number={item.number}>
          <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
            <Space wrap size={[8, 4]}>
              <Link to={`/records/${item.type}/${item.id}`}>{item.displayName}</Link>
              <Typography.Text type="secondary">{item.number}</Typography.Text>
            </Space>
            {item.references.map((ref) => (
              <Typography.Text key={`${ref.field}:${ref.record.id}`} data-testid="related-reference">
                {t('customer360.product')}: <Link to={`/records/${ref.record.type}/${ref.record.id}`}>{ref.record.displayName}</Link>
              </Typography.Text>
            ))}
          </Space>
        </List.Item>
      )}
    />
  );
}

export function groupLabel(group: RelatedGroup, locale: keyof Localised): string {
  return group.name[locale] || group.type.name[locale];
}
