import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { CloudUploadOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { isProblem } from '@docket/client';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { toProblemDocument } from '../../components/problem-display.ts';
import { dataOf, type Group, type Role } from '@docket/client';
import { api } from '../../app/api.ts';
import { groupsKey, rolesKey, useUsers } from '../admin/admin-queries.ts';
import { PageTrail } from '../processes/page-trail.tsx';
import { deployProcess, modelProblemsOf, processesKey, useProcess, type DeployAnswer, type ModelProblem } from '../processes/process-api.ts';
import { modelProblemLabel } from '../processes/process-labels.ts';
import type { Directory } from './docket-properties-provider.ts';
import type { ProcessModelerHandle } from './process-modeler.tsx';

// bpmn-js's Modeler and the properties panel are a chunk of their own, fetched on this page only.
const ProcessModeler = lazy(() => import('./process-modeler.tsx').then((m) => ({ default: m.ProcessModeler })));

/** A new process: one start event, the Docket namespace declared, a key to rename. */
export function blankProcessXml(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:docket="https://docket.dev/schema/bpmn/1.0" id="Definitions_${key}" targetNamespace="https://docket.dev/processes">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${key}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1"><dc:Bounds x="180" y="160" width="36" height="36" /></bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

type Outcome = { kind: 'deployed'; answer: DeployAnswer } | { kind: 'refused'; problems: ModelProblem[]; title: string; detail?: string };

/** The directory the panel suggests from: only for whoever may read users, roles and groups. */
function useDirectory(): Directory {
  const canRead = useCan('user:admin');
  const users = useUsers(undefined, canRead);
  // Asked only of those who may read them, so no one else's console logs a refusal.
  const roles = useQuery({ queryKey: rolesKey, enabled: canRead, queryFn: async (): Promise<Role[]> => dataOf(await api.GET('/api/v1/roles')).items });
  const groups = useQuery({ queryKey: groupsKey, enabled: canRead, queryFn: async (): Promise<Group[]> => dataOf(await api.GET('/api/v1/groups')).items });
  return useMemo(
    () => ({
      users: (users.data ?? []).map((u) => ({ id: u.id, username: u.username, displayName: u.displayName })),
      roles: (roles.data ?? []).map((r) => ({ key: r.key, name: r.name })),
      groups: (groups.data ?? []).map((g) => ({ key: g.key, name: g.name })),
    }),
    [users.data, roles.data, groups.data],
  );
}

/** `/processes/new`: a blank process. */
export function NewProcessPage() {
  // A key the reader renames in the panel (General → ID); unique enough not to overwrite another.
  const [key] = useState(() => `process-${Math.random().toString(36).slice(2, 8)}`);
  const xml = useMemo(() => blankProcessXml(key), [key]);
  return <ModelerScreen xml={xml} />;
}

/** `/processes/:key/edit?version=`: a deployed version (the latest by default), to change and deploy as the next. */
export function EditProcessPage() {
  const { key = '' } = useParams();
  const [search] = useSearchParams();
  const asked = Number(search.get('version'));
  const process = useProcess(key, Number.isInteger(asked) && asked > 0 ? asked : undefined);
  if (process.isPending) return <Skeleton active />;
  if (process.isError) return <LoadError error={process.error} retry={() => process.refetch()} />;
  const shown = process.data.versions.find((v) => v.version === process.data.version);
  return <ModelerScreen xml={process.data.xml} processKey={key} name={shown?.name || key} version={process.data.version} />;
}

function ModelerScreen({ xml, processKey, name, version }: { xml: string; processKey?: string; name?: string; version?: number }) {
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  const queryClient = useQueryClient();
  const directory = useDirectory();
  const modeler = useRef<ProcessModelerHandle>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [importError, setImportError] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);

  const problems = outcome?.kind === 'refused' ? outcome.problems : outcome?.kind === 'deployed' ? outcome.answer.warnings : [];
  const counts = useMemo(() => {
    const byElement: Record<string, number> = {};
    for (const p of problems) if (p.elementId) byElement[p.elementId] = (byElement[p.elementId] ?? 0) + 1;
    return byElement;
  }, [problems]);

  const deploy = async () => {
    if (!modeler.current) return;
    setBusy(true);
    try {
      const answer = await deployProcess(await modeler.current.getXml());
      setOutcome({ kind: 'deployed', answer });
      await queryClient.invalidateQueries({ queryKey: processesKey });
      for (const p of answer.processes) await queryClient.invalidateQueries({ queryKey: ['process', p.key] });
    } catch (error) {
      const problem = toProblemDocument(error, t);
      const list = isProblem(error) ? modelProblemsOf(error.problem as never) : [];
      setOutcome({ kind: 'refused', problems: list, title: problem.title, detail: list.length > 0 ? undefined : problem.detail });
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    if (!modeler.current) return;
    const blob = new Blob([await modeler.current.getXml()], { type: 'application/xml' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${processKey ?? 'process'}.bpmn`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const problemText = (p: ModelProblem) => (locale === 'en-US' && p.message ? `${modelProblemLabel(t, p.code)}: ${p.message}` : modelProblemLabel(t, p.code));
  const title = processKey ? t('modeler.titleEdit', { name: name ?? processKey }) : t('modeler.titleNew');

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card
          title={
            <PageTrail
              items={[
                { to: '/processes', label: t('process.listTitle') },
                ...(processKey ? [{ to: `/processes/${encodeURIComponent(processKey)}`, label: name ?? processKey }] : []),
                { label: title },
              ]}
            />
          }
          extra={
            <Space wrap>
              {version !== undefined && <Tag>{t('modeler.fromVersion', { version })}</Tag>}
              <Button icon={<DownloadOutlined />} onClick={download} data-testid="modeler-download">
                {t('modeler.download')}
              </Button>
              <Button type="primary" icon={<CloudUploadOutlined />} loading={busy} disabled={importError} onClick={deploy} data-testid="modeler-deploy">
                {t('modeler.deploy')}
              </Button>
            </Space>
          }
          styles={{ body: { padding: narrow ? 8 : 16 } }}
        >
          {!processKey && <Typography.Paragraph type="secondary">{t('modeler.hintKey')}</Typography.Paragraph>}
          {importError && <Alert type="error" showIcon title={t('modeler.importFailed')} style={{ marginBottom: 8 }} />}
          <Suspense fallback={<Skeleton active paragraph={{ rows: 10 }} />}>
            <ProcessModeler ref={modeler} xml={xml} directory={directory} problems={counts} narrow={narrow} onImported={(r) => setImportError(!r.ok)} onSelect={setSelected} />
          </Suspense>
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('modeler.problems')} data-testid="modeler-problems">
          {outcome?.kind === 'deployed' && (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: problems.length > 0 ? 12 : 0 }}
              data-testid="modeler-deployed"
              title={outcome.answer.processes.map((p) => (
                <div key={`${p.key}-${p.version}`}>
                  {t(p.duplicate ? 'modeler.deployedDuplicate' : 'modeler.deployedTitle', { key: p.key, version: p.version })}{' '}
                  <Link to={`/processes/${encodeURIComponent(p.key)}?version=${p.version}`}>{t('modeler.openProcess')}</Link>
                </div>
              ))}
            />
          )}
          {outcome?.kind === 'refused' && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="modeler-refused"
              title={outcome.problems.length > 0 ? t('deploy.refused', { count: outcome.problems.length }) : outcome.title}
              description={outcome.detail}
            />
          )}
          {problems.length > 0 ? (
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="modeler-problem-list">
              {problems.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: two problems may name the same element and code
                <li key={i} style={p.elementId && p.elementId === selected ? { background: '#fff1f0' } : undefined}>
                  {p.elementId && counts[p.elementId] !== undefined ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0, height: 'auto' }}
                      onClick={() => modeler.current?.select(p.elementId!)}
                      aria-label={t('deploy.showElement', { id: p.elementId })}
                    >
                      <Typography.Text code>{p.elementId}</Typography.Text>
                    </Button>
                  ) : (
                    <Typography.Text code>{p.elementId ?? t('deploy.wholeFile')}</Typography.Text>
                  )}{' '}
                  {problemText(p)}
                </li>
              ))}
            </ul>
          ) : (
            outcome?.kind !== 'deployed' && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('modeler.noProblems')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
