import { useCallback, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Row, Select, Skeleton, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { BpmnDiagram } from './bpmn-diagram.tsx';
import { InstanceList } from './instance-list.tsx';
import { useProcess } from './process-api.ts';
import { modelProblemLabel } from './process-labels.ts';
import { PageTrail } from './page-trail.tsx';
import { ProcessVersions } from '../modeler/process-versions.tsx';

/** One process: its versions, the chosen version's diagram, and its instances. */
export function ProcessPage() {
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  const { key = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const asked = Number(search.get('version'));
  const version = Number.isInteger(asked) && asked > 0 ? asked : undefined;
  const process = useProcess(key, version);
  const [focusId, setFocusId] = useState<string | null>(null);
  const canDeploy = useCan('process:deploy');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // A version's XML for the version diff, from the same cache as the page's own query.
  const xmlOf = useCallback(
    async (v: number) =>
      (
        await queryClient.fetchQuery({
          queryKey: ['process', key, v],
          queryFn: async () => dataOf(await api.GET('/api/v1/processes/{key}', { params: { path: { key }, query: { version: v } } })),
        })
      ).xml,
    [queryClient, key],
  );

  if (process.isPending) return <Skeleton active />;
  if (process.isError) return <LoadError error={process.error} retry={() => process.refetch()} />;
  const p = process.data;
  const versions = [...(p.versions ?? [])].sort((a, b) => b.version - a.version);
  const shown = versions.find((v) => v.version === p.version);
  const name = shown?.name || p.key;

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card
          title={<PageTrail items={[{ to: '/processes', label: t('process.listTitle') }, { label: name }]} />}
          extra={
            canDeploy && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/processes/${encodeURIComponent(p.key)}/edit?version=${p.version}`)} data-testid="edit-process">
                {t('modeler.edit')}
              </Button>
            )
          }
        >
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
          {(shown?.warnings ?? []).length > 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              title={t('deploy.warnings', { count: shown!.warnings!.length })}
              data-testid="version-warnings"
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {shown!.warnings!.map((w, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: two warnings may name the same element and code
                    <li key={i}>
                      {w.elementId ? (
                        <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setFocusId(w.elementId)} aria-label={t('deploy.showElement', { id: w.elementId })}>
                          <Typography.Text code>{w.elementId}</Typography.Text>
                        </Button>
                      ) : (
                        <Typography.Text code>{t('deploy.wholeFile')}</Typography.Text>
                      )}{' '}
                      {modelProblemLabel(t, w.code)}
                      {locale === 'en-US' && w.message ? `: ${w.message}` : ''}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <BpmnDiagram xml={p.xml} focusId={focusId} label={t('process.diagramOf', { name })} height={narrow ? 300 : 440} />
        </Card>
      </Col>
      <Col span={24}>
        <ProcessVersions processKey={p.key} versions={versions} xmlOf={xmlOf} />
      </Col>
      <Col span={24}>
        <Card title={t('instance.listTitle')}>
          <InstanceList processKey={p.key} />
        </Card>
      </Col>
    </Row>
  );
}
