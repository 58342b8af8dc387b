import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Input, List, Row, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { dataOf, isProblem, type Case, type CaseTimeline, type SignedTreeHead } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime, StatusTag } from '../../components/case-tags.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { checkTreeHeadInBrowser, verifyBundleText, type BundleVerdict } from './verify-in-browser.ts';
import { auditActionLabel } from '../../components/audit-labels.ts';
import { translateIfKnown } from '../../i18n/i18n.ts';
import { useStatusLabel } from '../cases/case-status.ts';

function useTrustedKey() {
  return useQuery({ queryKey: ['audit', 'public-key'], staleTime: 5 * 60_000, queryFn: async () => dataOf(await api.GET('/api/v1/audit/public-key')) });
}

export function formatDuration(ms: number, locale: string): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return locale === 'zh-CN' ? `${minutes} 分钟` : `${minutes} min`;
  const hours = minutes / 60;
  if (hours < 48) return locale === 'zh-CN' ? `${hours.toFixed(1)} 小时` : `${hours.toFixed(1)} h`;
  return locale === 'zh-CN' ? `${(hours / 24).toFixed(1)} 天` : `${(hours / 24).toFixed(1)} d`;
}

/** The latest signed tree head, its signature checked here in the browser against the published key. */
export function TreeHeadCard() {
  const { t, locale } = useLocale();
  const key = useTrustedKey();
  const head = useQuery({
    queryKey: ['audit', 'tree-head'],
    queryFn: async (): Promise<SignedTreeHead> => dataOf(await api.GET('/api/v1/audit/tree-heads/latest')),
  });
  const check = useQuery({
    queryKey: ['audit', 'tree-head-check', head.data, key.data?.publicKey],
    enabled: !!head.data && !!key.data,
    queryFn: async () => (await checkTreeHeadInBrowser(head.data!, key.data!.publicKey)) ?? null,
  });
  return (
    <Card
      size="small"
      title={
        <Space>
          <SafetyCertificateOutlined />
          {t('audit.treeHead')}
        </Space>
      }
      extra={
        <Button size="small" onClick={() => head.refetch()}>
          {t('audit.refresh')}
        </Button>
      }
    >
      {head.isPending ? (
        <Spin />
      ) : head.isError ? (
        isProblem(head.error) && head.error.status === 404 ? (
          <Empty description={t('audit.noTreeHead')} />
        ) : (
          <LoadError error={head.error} retry={() => head.refetch()} />
        )
      ) : (
        <Descriptions size="small" column={1} data-testid="tree-head">
          <Descriptions.Item label={t('audit.treeSize')}>{head.data.treeSize}</Descriptions.Item>
          <Descriptions.Item label={t('audit.signedAt')}>{formatDateTime(new Date(head.data.timestamp).toISOString(), locale)}</Descriptions.Item>
          <Descriptions.Item label={t('audit.rootHash')}>
            <Typography.Text code copyable style={{ fontSize: 11, wordBreak: 'break-all' }}>
              {head.data.rootHash}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.keyId')}>
            <Typography.Text code style={{ fontSize: 11 }}>
              {head.data.keyId.slice(0, 16)}…
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('audit.signature')}>
            {check.isPending ? (
              <Spin size="small" />
            ) : check.data === null ? (
              <Tag color="green" icon={<CheckCircleFilled />}>
                {t('audit.signatureValid')}
              </Tag>
            ) : (
              <Tag color="red" icon={<CloseCircleFilled />}>
                {check.data ?? t('app.error')}
              </Tag>
            )}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

/** The auditor's start: the latest signed tree head, and a case found by its number. */
export function AuditHomePage() {
  const { t } = useLocale();
  const labelOf = useStatusLabel();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['audit', 'find', q],
    enabled: q.length > 0,
    queryFn: async (): Promise<Case[]> => dataOf(await api.GET('/api/v1/cases', { params: { query: { q, limit: 20 } } })).items,
  });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card title={t('audit.title')}>
          <Typography.Paragraph type="secondary">{t('audit.explain')}</Typography.Paragraph>
          <Input.Search enterButton allowClear placeholder={t('audit.findCase')} aria-label={t('audit.findCase')} onSearch={(v) => setQ(v.trim())} style={{ maxWidth: 360 }} />
          <div style={{ marginTop: 12 }}>
            {found.isError && <LoadError error={found.error} retry={() => found.refetch()} />}
            {q && (
              <List
                size="small"
                loading={found.isPending}
                dataSource={found.data ?? []}
                locale={{ emptyText: <Empty description={t('workspace.empty')} /> }}
                renderItem={(c) => (
                  <List.Item actions={[<StatusTag key="s" label={labelOf(c)} category={c.statusCategory} />]} onClick={() => navigate(`/audit/cases/${c.id}`)} style={{ cursor: 'pointer' }}>
                    <Link to={`/audit/cases/${c.id}`}>{c.number}</Link> {c.title}
                  </List.Item>
                )}
              />
            )}
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <TreeHeadCard />
      </Col>
    </Row>
  );
}

function Verdict({ verdict, source }: { verdict: BundleVerdict; source: string }) {
  const { t } = useLocale();
  const failed = verdict.findings.find((f) => !f.ok);
  return (
    <Alert
      data-testid="verdict"
      data-verdict={verdict.ok ? 'valid' : 'invalid'}
      type={verdict.ok ? 'success' : 'error'}
      showIcon
      title={verdict.ok ? t('audit.verdict.valid', { source }) : t('audit.verdict.invalid', { source })}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {verdict.findings.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a verdict's findings are fixed once computed, and two may read alike
            <li key={i} style={{ color: f.ok ? undefined : '#cf1322' }}>
              {f.ok ? '✓' : '✗'} {f.message}
            </li>
          ))}
          {!verdict.ok && failed && <li>{t('audit.verdict.failedCheck')}</li>}
        </ul>
      }
    />
  );
}

/** One case for the auditor: timeline, evidence bundle download, in-browser verification. */
export function CaseAuditPage() {
  const { id = '' } = useParams();
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const key = useTrustedKey();
  const [downloading, setDownloading] = useState(false);
  const [verdict, setVerdict] = useState<{ verdict: BundleVerdict; source: string; outside?: number } | null>(null);
  const timeline = useQuery({
    queryKey: ['audit', 'timeline', id],
    queryFn: async (): Promise<CaseTimeline> => dataOf(await api.GET('/api/v1/cases/{id}/timeline', { params: { path: { id } } })),
  });

  const download = async () => {
    setDownloading(true);
    try {
      const result = await api.GET('/api/v1/cases/{id}/evidence', { params: { path: { id } }, parseAs: 'text' });
      const text = dataOf(result) as unknown as string;
      const outside = Number(result.response.headers.get('x-docket-events-not-in-bundle') ?? 0);
      const name = `evidence-${timeline.data?.number ?? id}.json`;
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setVerdict({ verdict: await verifyBundleText(text, key.data?.publicKey), source: name, outside });
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setDownloading(false);
    }
  };

  const verifyFile = async (file: File) => {
    const text = await file.text();
    setVerdict({ verdict: await verifyBundleText(text, key.data?.publicKey), source: file.name });
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card
            title={
              <Space wrap>
                {t('audit.caseTitle')}
                {timeline.data && (
                  <Link to={`/cases/${id}`} data-testid="audit-case-number">
                    {timeline.data.number}
                  </Link>
                )}
              </Space>
            }
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {t('audit.bundleExplain')}
              </Typography.Paragraph>
              <Space wrap>
                <Button type="primary" icon={<DownloadOutlined />} loading={downloading} onClick={download} data-testid="download-evidence">
                  {t('audit.download')}
                </Button>
                <Upload
                  accept=".json,application/json"
                  showUploadList={false}
                  maxCount={1}
                  beforeUpload={(file) => {
                    void verifyFile(file);
                    return false;
                  }}
                >
                  <Button icon={<UploadOutlined />} data-testid="verify-file">
                    {t('audit.verifyFile')}
                  </Button>
                </Upload>
              </Space>
              {verdict && <Verdict verdict={verdict.verdict} source={verdict.source} />}
              {verdict?.outside ? <Typography.Text type="secondary">{t('audit.outside', { count: verdict.outside })}</Typography.Text> : null}
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <TreeHeadCard />
        </Col>
      </Row>
      <Card title={t('timeline.title')}>
        {timeline.isError && <LoadError error={timeline.error} retry={() => timeline.refetch()} />}
        {timeline.data && timeline.data.phases.length > 0 && (
          <Space wrap style={{ marginBottom: 12 }}>
            {timeline.data.phases.map((p) => (
              <Tag key={p.startedAt} color={p.endedAt ? 'default' : 'blue'}>
                {translateIfKnown(t, `status.${p.status}`) ?? p.status} · {formatDuration(p.durationMs, locale)}
              </Tag>
            ))}
          </Space>
        )}
        <KeyboardScrollable label={t('timeline.title')}>
          <Table
            rowKey="eventId"
            size="small"
            loading={timeline.isPending}
            dataSource={timeline.data?.entries ?? []}
            pagination={{ pageSize: 100, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('timeline.empty')} /> }}
            data-testid="audit-timeline"
            columns={[
              { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v, locale) },
              { title: t('audit.action'), dataIndex: 'action', width: 180, render: (v: string) => <Typography.Text title={v}>{auditActionLabel(v, t)}</Typography.Text> },
              { title: t('audit.handler'), key: 'handler', width: 150, render: (_, e) => e.handler.name ?? t('timeline.system') },
              {
                title: t('audit.changes'),
                key: 'changes',
                render: (_, e) =>
                  e.changes.length ? (
                    <ul style={{ margin: 0, paddingLeft: 16 }}>
                      {e.changes.map((c) => (
                        <li key={c.field}>
                          <Typography.Text code>{c.field}</Typography.Text> {formatValue(c.before)} → {formatValue(c.after)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    '—'
                  ),
              },
              { title: t('audit.basis'), dataIndex: 'basis', width: 180, render: (v: string | null) => v ?? '—' },
              { title: t('audit.waited'), dataIndex: 'waitingMs', width: 90, render: (v: number) => formatDuration(v, locale) },
            ]}
          />
        </KeyboardScrollable>
      </Card>
    </Space>
  );
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '∅';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
