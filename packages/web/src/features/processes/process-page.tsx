import { Card, Col, Descriptions, Row, Select, Skeleton, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router-dom';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { BpmnDiagram } from './bpmn-diagram.tsx';
import { InstanceList } from './instance-list.tsx';
import { useProcess } from './process-api.ts';
import { PageTrail } from './page-trail.tsx';

/** One process: its versions, the chosen version's diagram, and its instances. */
export function ProcessPage() {
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  const { key = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const asked = Number(search.get('version'));
  const version = Number.isInteger(asked) && asked > 0 ? asked : undefined;
  const process = useProcess(key, version);

  if (process.isPending) return <Skeleton active />;
  if (process.isError) return <LoadError error={process.error} retry={() => process.refetch()} />;
  const p = process.data;
  const versions = [...(p.versions ?? [])].sort((a, b) => b.version - a.version);
  const shown = versions.find((v) => v.version === p.version);

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card title={<PageTrail items={[{ to: '/processes', label: t('process.listTitle') }, { label: p.name || p.key }]} />}>
          <Descriptions size="small" column={narrow ? 1 : 3}>
            <Descriptions.Item label={t('process.key')}>
              <Typography.Text code>{p.key}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('process.version')}>
              <Select<number>
                value={p.version}
                onChange={(v) => setSearch({ version: String(v) })}
                aria-label={t('process.pickVersion')}
                style={{ minWidth: 120 }}
                options={versions.map((v) => ({ value: v.version, label: t('process.versionN', { version: v.version }) }))}
                data-testid="version-select"
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('process.deployedAt')}>{formatDateTime(shown?.deployedAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('process.versionCount')}>{versions.length}</Descriptions.Item>
          </Descriptions>
          <BpmnDiagram xml={p.xml} label={t('process.diagramOf', { name: p.name || p.key })} height={narrow ? 300 : 440} />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('instance.listTitle')}>
          <InstanceList processKey={p.key} />
        </Card>
      </Col>
    </Row>
  );
}
