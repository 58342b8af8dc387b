import { Card, Col, Empty, Row, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { labelOf } from './object-model.ts';
import { useObjectTypes } from './objects-api.ts';

/** The object types the reader may read, each with its records (issue 21). */
export function RecordsHomePage() {
  const { t, locale } = useLocale();
  const types = useObjectTypes();
  const canDesign = useCan('object-type:admin');
  const live = (types.data ?? []).filter((type) => !type.archivedAt);
  return (
    <Card
      title={t('objects.home.title')}
      styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}
      extra={
        canDesign && (
          <Link to="/admin/object-types" data-testid="object-types-link">
            <Space size={4}>
              <SettingOutlined />
              {t('objects.types.title')}
            </Space>
          </Link>
        )
      }
    >
      {types.isError && <LoadError error={types.error} retry={() => types.refetch()} />}
      {types.isPending && <Spin aria-label={t('objects.loading')} />}
      {types.isSuccess && live.length === 0 && <Empty description={t('objects.home.empty')} />}
      <Row gutter={[12, 12]} data-testid="record-types">
        {live.map((type) => (
          <Col key={type.key} xs={24} sm={12} lg={8} xl={6}>
            <Link to={`/records/${type.key}`} data-testid={`record-type-${type.key}`} aria-label={labelOf(type.name, locale, type.key)}>
              <Card size="small" hoverable>
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space size={4} wrap>
                    <Typography.Text strong>{labelOf(type.name, locale, type.key)}</Typography.Text>
                    {type.role === 'customer' && <Tag color="blue">{t('objects.role.customer')}</Tag>}
                  </Space>
                  {typeof type.recordCount === 'number' ? (
                    <Statistic title={t('objects.home.count')} value={type.recordCount} />
                  ) : (
                    <Typography.Text type="secondary">{type.numberPrefix}</Typography.Text>
                  )}
                </Space>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}
