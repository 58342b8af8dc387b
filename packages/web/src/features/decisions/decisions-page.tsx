import { useState } from 'react';
import { Button, Card, Empty, Modal, Space, Table, type TableProps } from 'antd';
import { CloudUploadOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { DeployPanel } from '../processes/deploy-panel.tsx';
import { DmnDiagram } from './dmn-diagram.tsx';
import { decisionsKey, deployDecisions, useDecisions, type DecisionSummary } from './decision-api.ts';

/** The deployed decisions; a deployer also gets the Deploy dialog. */
export function DecisionsPage() {
  const { t, locale } = useLocale();
  const canDeploy = useCan('decision:deploy');
  const narrow = useNarrow();
  const queryClient = useQueryClient();
  const decisions = useDecisions();
  const [deploying, setDeploying] = useState(false);
  const navigate = useNavigate();

  const columns: TableProps<DecisionSummary>['columns'] = [
    { title: t('decision.key'), dataIndex: 'key', width: 160, render: (key: string) => <Link to={`/decisions/${encodeURIComponent(key)}`}>{key}</Link> },
    { title: t('decision.name'), dataIndex: 'name', ellipsis: true, width: 200, render: (name?: string | null) => name || '—' },
    { title: t('process.latestVersion'), dataIndex: 'version', width: 90 },
    { title: t('process.deployedAt'), dataIndex: 'deployedAt', width: 140, render: (v?: string | null) => formatDateTime(v, locale) },
  ];

  return (
    <Card
      title={t('decision.listTitle')}
      extra={
        canDeploy && (
          <Space wrap>
            <Button icon={<PlusOutlined />} onClick={() => navigate('/decisions/new')} data-testid="new-decision">
              {t('dmnDesigner.newDecision')}
            </Button>
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setDeploying(true)} data-testid="deploy-decision">
              {t('deploy.decision')}
            </Button>
          </Space>
        )
      }
    >
      {decisions.isError ? (
        <LoadError error={decisions.error} retry={() => decisions.refetch()} />
      ) : (
        <KeyboardScrollable label={t('decision.listTitle')}>
          <Table
            rowKey="key"
            size="small"
            loading={decisions.isPending}
            dataSource={decisions.data ?? []}
            columns={columns}
            pagination={false}
            scroll={{ x: 590 }}
            locale={{ emptyText: <Empty description={t('decision.none')} /> }}
            data-testid="decision-list"
          />
        </KeyboardScrollable>
      )}
      {canDeploy && (
        <Modal open={deploying} title={t('deploy.decisionTitle')} footer={null} onCancel={() => setDeploying(false)} width={narrow ? '100%' : 960} destroyOnHidden>
          <DeployPanel
            accept=".dmn,.xml,application/xml"
            deploy={async (xml) => {
              const answer = await deployDecisions(xml);
              return { deployed: answer.decisions, warnings: [] };
            }}
            linkOf={(v) => `/decisions/${encodeURIComponent(v.key)}`}
            onDeployed={() => queryClient.invalidateQueries({ queryKey: decisionsKey })}
            diagram={(slot) => <DmnDiagram xml={slot.xml} label={t('deploy.preview')} onImported={slot.onImported} />}
          />
        </Modal>
      )}
    </Card>
  );
}
