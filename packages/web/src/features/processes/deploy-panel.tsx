import { useState, type ReactNode } from 'react';
import { Alert, Button, Input, Space, Typography, Upload } from 'antd';
import { CloudUploadOutlined, UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { isProblem } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { toProblemDocument } from '../../components/problem-display.ts';
import { modelProblemsOf, type ModelProblem } from './process-api.ts';
import { modelProblemLabel } from './process-labels.ts';
import type { DiagramMarker } from './bpmn-diagram.tsx';

export interface DeployedVersion {
  key: string;
  version: number;
  id?: string;
  /** Equal to the latest version: nothing new was deployed. */
  duplicate?: boolean;
}

export interface DiagramSlot {
  xml: string;
  markers: Record<string, DiagramMarker>;
  focusId: string | null;
  onImported(result: { ok: boolean }): void;
}

interface DeployPanelProps {
  /** `.bpmn` or `.dmn`: what the upload offers. */
  accept: string;
  deploy(xml: string): Promise<{ deployed: DeployedVersion[]; warnings: ModelProblem[] }>;
  linkOf(version: DeployedVersion): string;
  /** The submitted file drawn, with the refused elements marked (a process or decision diagram). */
  diagram(slot: DiagramSlot): ReactNode;
  onDeployed?(): void;
}

type Outcome = { kind: 'deployed'; deployed: DeployedVersion[]; warnings: ModelProblem[] } | { kind: 'refused'; problems: ModelProblem[]; title: string; detail?: string };

/**
 * Upload or paste a model, deploy it, and see what came of it: the versions created and the
 * compiler's warnings, or every problem it refused the file for. A problem names its element;
 * when the file could be drawn, picking the problem shows that element on the diagram.
 */
export function DeployPanel({ accept, deploy, linkOf, diagram, onDeployed }: DeployPanelProps) {
  const { t, locale } = useLocale();
  const [xml, setXml] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const [focusId, setFocusId] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setFocusId(null);
    setDrawn(false);
    setSubmitted(xml);
    try {
      const answer = await deploy(xml);
      setOutcome({ kind: 'deployed', ...answer });
      onDeployed?.();
    } catch (error) {
      const problem = toProblemDocument(error, t);
      const problems = isProblem(error) ? modelProblemsOf(error.problem as never) : [];
      setOutcome({ kind: 'refused', problems, title: problem.title, detail: problems.length > 0 ? undefined : problem.detail });
    } finally {
      setBusy(false);
    }
  };

  const problemText = (p: ModelProblem) => (locale === 'en-US' && p.message ? `${modelProblemLabel(t, p.code)}: ${p.message}` : modelProblemLabel(t, p.code));
  const problemList = (problems: ModelProblem[], testId: string) => (
    <ul style={{ margin: 0, paddingLeft: 18 }} data-testid={testId}>
      {problems.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: two problems may name the same element and code
        <li key={i}>
          {p.elementId && drawn ? (
            <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setFocusId(p.elementId)} aria-label={t('deploy.showElement', { id: p.elementId })}>
              <Typography.Text code>{p.elementId}</Typography.Text>
            </Button>
          ) : (
            <Typography.Text code>{p.elementId ?? t('deploy.wholeFile')}</Typography.Text>
          )}{' '}
          {problemText(p)}
        </li>
      ))}
    </ul>
  );

  const markers: Record<string, DiagramMarker> = {};
  if (outcome?.kind === 'refused') for (const p of outcome.problems) if (p.elementId) markers[p.elementId] = 'problem';
  if (outcome?.kind === 'deployed') for (const p of outcome.warnings) if (p.elementId) markers[p.elementId] = 'problem';

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <Upload
          accept={accept}
          showUploadList={false}
          maxCount={1}
          beforeUpload={async (file) => {
            setXml(await file.text());
            setFileName(file.name);
            setOutcome(null);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />}>{t('deploy.chooseFile')}</Button>
        </Upload>
        {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
      </Space>
      <Input.TextArea
        value={xml}
        onChange={(e) => {
          setXml(e.target.value);
          setFileName(null);
        }}
        placeholder={t('deploy.pastePlaceholder')}
        aria-label={t('deploy.xml')}
        autoSize={{ minRows: 6, maxRows: 14 }}
        style={{ fontFamily: 'monospace', fontSize: 12 }}
        data-testid="deploy-xml"
      />
      <Button type="primary" icon={<CloudUploadOutlined />} loading={busy} disabled={!xml.trim()} onClick={submit} data-testid="deploy-submit">
        {t('deploy.submit')}
      </Button>
      {outcome?.kind === 'deployed' && (
        <Alert
          type="success"
          showIcon
          data-testid="deploy-result"
          title={t('deploy.deployed', { count: outcome.deployed.length })}
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {outcome.deployed.map((v) => (
                  <li key={`${v.key}-${v.version}`}>
                    <Link to={linkOf(v)}>{v.key}</Link> {t('process.versionN', { version: v.version })}
                    {v.duplicate && <Typography.Text type="secondary"> · {t('deploy.duplicate')}</Typography.Text>}
                  </li>
                ))}
              </ul>
              {outcome.warnings.length > 0 && (
                <>
                  <Typography.Text strong>{t('deploy.warnings', { count: outcome.warnings.length })}</Typography.Text>
                  {problemList(outcome.warnings, 'deploy-warnings')}
                </>
              )}
            </Space>
          }
        />
      )}
      {outcome?.kind === 'refused' && (
        <Alert
          type="error"
          showIcon
          data-testid="deploy-problems"
          title={outcome.problems.length > 0 ? t('deploy.refused', { count: outcome.problems.length }) : outcome.title}
          description={outcome.problems.length > 0 ? problemList(outcome.problems, 'deploy-problem-list') : outcome.detail}
        />
      )}
      {outcome && submitted && diagram({ xml: submitted, markers, focusId, onImported: (r) => setDrawn(r.ok) })}
    </Space>
  );
}
