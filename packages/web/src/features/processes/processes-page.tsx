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
import { BpmnDiagram } from './bpmn-diagram.tsx';
import { DeployPanel } from './deploy-panel.tsx';
import { deployProcess, processesKey, useProcesses, type ProcessSummary } from './process-api.ts';

/** The deployed processes; a deployer also gets the Deploy dialog. */
export function ProcessesPage() {
  const { t, locale } = useLocale();
  const canDeploy = useCan('process:deploy');
  const narrow = useNarrow();
  const queryClient = useQueryClient();
  const processes = useProcesses();
  const [deploying, setDeploying] = useState(false);
  const navigate = useNavigate();

  const columns: TableProps<ProcessSummary>['columns'] = [
    { title: t('process.key'), dataIndex: 'key', width: 160, render: (key: string) => <Link to={`/processes/${encodeURIComponent(key)}`}>{key}</Link> },
    { title: t('process.name'), dataIndex: 'name', ellipsis: true, width: 200, render: (name?: string | null) => name || '—' },
    { title: t('process.latestVersion'), dataIndex: 'version', width: 90 },
    { title: t('process.versionCount'), dataIndex: 'versionCount', width: 90 },
    { title: t('process.deployedAt'), dataIndex: 'deployedAt', width: 140, render: (v?: string | null) => formatDateTime(v, locale) },
  ];

  return (
    <Card
      title={t('process.listTitle')}
      extra={
        canDeploy && (
          <Space wrap>
            <Button icon={<PlusOutlined />} onClick={() => navigate('/processes/new')} data-testid="new-process">
              {t('modeler.newProcess')}
            </Button>
            <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setDeploying(true)} data-testid="deploy-process">
              {t('deploy.process')}
            </Button>
          </Space>
        )
      }
    >
      {processes.isError ? (
        <LoadError error={processes.error} retry={() => processes.refetch()} />
      ) : (
        <KeyboardScrollable label={t('process.listTitle')}>
          <Table
            rowKey="key"
            size="small"
            loading={processes.isPending}
            dataSource={processes.data ?? []}
            columns={columns}
            pagination={false}
            scroll={{ x: 680 }}
            locale={{ emptyText: <Empty description={t('process.none')} /> }}
            data-testid="process-list"
          />
        </KeyboardScrollable>
      )}
      {canDeploy && (
        <Modal open={deploying} title={t('deploy.processTitle')} footer={null} onCancel={() => setDeploying(false)} width={narrow ? '100%' : 960} destroyOnHidden>
          <DeployPanel
            accept=".bpmn,.xml,application/xml"
            deploy={async (xml) => {
              const answer = await deployProcess(xml);
              return { deployed: answer.processes, warnings: answer.warnings };
            }}
            linkOf={(v) => `/processes/${encodeURIComponent(v.key)}?version=${v.version}`}
            onDeployed={() => queryClient.invalidateQueries({ queryKey: processesKey })}
            diagram={(slot) => <BpmnDiagram xml={slot.xml} markers={slot.markers} focusId={slot.focusId} onImported={slot.onImported} label={t('deploy.preview')} height={narrow ? 280 : 360} />}
          />
        </Modal>
      )}
    </Card>
  );
}
