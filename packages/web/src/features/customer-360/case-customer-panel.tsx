import { Card, Empty, Space, Spin, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { CustomerCases, CustomerTags, groupLabel, RestrictedNote } from './customer-parts.tsx';
import { useCaseCustomer } from './customer-queries.ts';

// The case view's customer panel (issue 21): tier, tags (elderly, foreign…), open and past cases,
// products and holdings, and the way to the 360° page — as far as the reader may see. Shown to
// readers of records only; a case without a customer record says so in one line.

export function CaseCustomerPanel({ caseId }: { caseId: string }) {
  const { t, locale } = useLocale();
  const canReadRecords = useCan('record:read');
  const panel = useCaseCustomer(caseId, canReadRecords);
  if (!canReadRecords) return null;
  return (
    <Card size="small" title={t('customer360.panel.title')} data-testid="case-customer-panel">
      {panel.isPending ? (
        <Spin />
      ) : panel.isError ? (
        <LoadError error={panel.error} retry={() => void panel.refetch()} />
      ) : panel.data === null ? (
        <Typography.Text type="secondary" data-testid="case-customer-none">
          {t('customer360.panel.none')}
        </Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {panel.data.restricted || !panel.data.customer ? (
            <RestrictedNote testId="case-customer-restricted" />
          ) : (
            <>
              <Space wrap size={[8, 4]}>
                <Typography.Text strong data-testid="case-customer-name">
                  {panel.data.customer.displayName}
                </Typography.Text>
                <Typography.Text type="secondary">{panel.data.customer.number}</Typography.Text>
                <Link to={`/customers/${panel.data.customer.id}`} data-testid="open-customer-360">
                  {t('customer360.panel.open')}
                </Link>
              </Space>
              <CustomerTags tier={panel.data.tier} tags={panel.data.tags} />
            </>
          )}
          <CustomerCases cases={panel.data.cases} />
          {panel.data.related
            .filter((group) => !group.restricted && group.items.length > 0)
            .map((group) => (
              <div key={`${group.relationKey}:${group.direction}`} data-testid="case-customer-products">
                <Typography.Text strong>
                  {groupLabel(group, locale)} ({group.total})
                </Typography.Text>
                <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                  {group.items.map((item) => (
                    <li key={item.id} style={{ overflowWrap: 'anywhere' }}>
                      {item.displayName}
                      {item.references.length > 0 && <Typography.Text type="secondary"> · {item.references.map((r) => r.record.displayName).join('、')}</Typography.Text>}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          {!panel.data.restricted && panel.data.related.every((g) => g.restricted || g.items.length === 0) && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer360.panel.noProducts')} />
          )}
        </Space>
      )}
    </Card>
  );
}
