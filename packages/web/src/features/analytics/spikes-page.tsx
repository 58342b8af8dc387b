import { useState } from 'react';
import { App, Button, Card, Collapse, Empty, Modal, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { CaseType } from '@docket/client';
import { useCan } from '../../app/access.tsx';
import { useT } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { AnalyticsFrame } from './analytics-frame.tsx';
import { type Spike, type SpikeEvaluation, type SpikeRule, optionLabel, spikeApi, spikeKeys, useSpikeRules, useSpikes } from './spike-api.ts';
import { SpikeChart } from './spike-chart.tsx';
import { SpikeRuleDialog } from './spike-rule-dialog.tsx';

const KNOWN_CHANNELS = ['phone', 'branch', 'app', 'wechat', '12378', 'email', 'web-form', 'api'] as const;

/** A dimension value as people say it: the form's option, the department's name, a channel in words. */
function valueLabel(t: Translate, caseTypes: CaseType[] | undefined, dimension: Spike['dimension'], value: string, label: string, typeKeys: string[]): string {
  if (dimension === 'branch') return label;
  if (dimension === 'channel') return (KNOWN_CHANNELS as readonly string[]).includes(value) ? t(`analytics.spikes.channel.${value as (typeof KNOWN_CHANNELS)[number]}`) : value;
  return optionLabel(caseTypes, typeKeys, dimension, value);
}

const formatP = (p: number | null | undefined) => (p === null || p === undefined ? '—' : p < 0.0001 ? p.toExponential(1) : p.toFixed(4));
const windowText = (from: string, to: string) => (from === to ? to : `${from} – ${to}`);

/** Spike warnings: the risk cases the detector opened, with what it compared; the rules, edited by analytics administrators. */
export function SpikesPage() {
  const t = useT();
  const mayAdmin = useCan('analytics:admin');
  const [editing, setEditing] = useState<SpikeRule | 'new' | null>(null);
  return (
    <AnalyticsFrame
      title={t('analytics.nav.spikes')}
      extra={
        mayAdmin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="new-spike-rule">
            {t('analytics.spikes.newRule')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('analytics.spikes.intro')}
      </Typography.Paragraph>
      <Tabs
        items={[
          { key: 'spikes', label: t('analytics.spikes.tab.detected'), children: <DetectedSpikes /> },
          { key: 'rules', label: t('analytics.spikes.tab.rules'), children: <SpikeRules mayAdmin={mayAdmin} onEdit={setEditing} /> },
        ]}
      />
      {editing && <SpikeRuleDialog rule={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </AnalyticsFrame>
  );
}

function DetectedSpikes() {
  const t = useT();
  const spikes = useSpikes();
  const caseTypes = useCaseTypes();
  if (spikes.isError) return <LoadError error={spikes.error} retry={() => spikes.refetch()} />;
  if (!spikes.isPending && (spikes.data ?? []).length === 0) return <Empty description={t('analytics.spikes.none')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="spike-list">
      {(spikes.data ?? []).map((spike) => {
        const typeKeys = caseTypes.data?.map((c) => c.key) ?? [];
        const label = valueLabel(t, caseTypes.data, spike.dimension, spike.value, spike.label, typeKeys);
        return (
          <Card
            key={spike.id}
            size="small"
            data-testid="spike-card"
            title={
              <Space wrap size={4}>
                <Tag color="red">{t(`analytics.spikes.dimension.${spike.dimension}`)}</Tag>
                <span style={{ whiteSpace: 'normal' }}>{label}</span>
              </Space>
            }
            extra={<Link to={`/cases/${spike.caseId}`}>{spike.caseNumber}</Link>}
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text>
                {t('analytics.spikes.summary', {
                  window: windowText(spike.windowStart, spike.windowEnd),
                  observed: spike.observed,
                  baseline: Math.round(spike.baselineMean * 100) / 100,
                  threshold: spike.threshold,
                })}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('analytics.spikes.detail', {
                  rule: spike.ruleName ?? spike.ruleKey,
                  test: t(`analytics.spikes.test.${spike.test}`),
                  p: formatP(spike.pValue),
                  at: new Date(spike.detectedAt).toLocaleString(),
                })}
              </Typography.Text>
              {spike.exampleCaseNumbers.length > 0 && (
                <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                  {t('analytics.spikes.examples', { numbers: spike.exampleCaseNumbers.join('、') })}
                </Typography.Text>
              )}
              <Collapse
                size="small"
                items={[{ key: 'chart', label: t('analytics.spikes.showSeries'), children: <SpikeChart spike={spike} /> }]}
                defaultActiveKey={spikes.data?.[0]?.id === spike.id ? ['chart'] : []}
              />
            </Space>
          </Card>
        );
      })}
    </Space>
  );
}

function SpikeRules({ mayAdmin, onEdit }: { mayAdmin: boolean; onEdit: (rule: SpikeRule) => void }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rules = useSpikeRules();
  const [evaluation, setEvaluation] = useState<{ rule: SpikeRule; result: SpikeEvaluation } | null>(null);
  const [running, setRunning] = useState<string | null>(null);

  const evaluate = async (rule: SpikeRule) => {
    setRunning(rule.id);
    try {
      const result = await spikeApi.evaluate(rule.id);
      setEvaluation({ rule, result });
      await queryClient.invalidateQueries({ queryKey: spikeKeys.list });
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setRunning(null);
    }
  };
  const remove = async (rule: SpikeRule) => {
    try {
      await spikeApi.deleteRule(rule.id, rule.version);
      await queryClient.invalidateQueries({ queryKey: spikeKeys.all });
      void message.success(t('analytics.spikes.deleted'));
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  if (rules.isError) return <LoadError error={rules.error} retry={() => rules.refetch()} />;
  return (
    <>
      <Table<SpikeRule>
        size="small"
        rowKey="id"
        loading={rules.isPending}
        dataSource={rules.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="spike-rules"
        columns={[
          {
            title: t('analytics.spikes.field.name'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <Space orientation="vertical" size={0}>
                <span>{name}</span>
                <Typography.Text type="secondary">{r.key}</Typography.Text>
              </Space>
            ),
          },
          { title: t('analytics.spikes.field.dimension'), dataIndex: 'dimension', render: (d: SpikeRule['dimension']) => t(`analytics.spikes.dimension.${d}`) },
          { title: t('analytics.spikes.column.window'), render: (_: unknown, r) => t('analytics.spikes.windowText', { days: r.windowDays, weeks: r.baselineWeeks }) },
          {
            title: t('analytics.spikes.field.test'),
            render: (_: unknown, r) =>
              r.test === 'poisson' ? t('analytics.spikes.testText.poisson', { p: r.pValue }) : t('analytics.spikes.testText.ewma', { lambda: r.ewmaLambda, limit: r.ewmaLimit }),
          },
          { title: t('analytics.spikes.field.minCount'), dataIndex: 'minCount', align: 'right' },
          {
            title: t('analytics.spikes.field.enabled'),
            dataIndex: 'enabled',
            render: (on: boolean) => (on ? <Tag color="green">{t('analytics.spikes.on')}</Tag> : <Tag>{t('analytics.spikes.off')}</Tag>),
          },
          ...(mayAdmin
            ? [
                {
                  title: t('analytics.spikes.column.actions'),
                  render: (_: unknown, r: SpikeRule) => (
                    <Space size={0} wrap>
                      <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('analytics.spikes.editNamed', { name: r.name })} onClick={() => onEdit(r)} />
                      <Button
                        size="small"
                        type="text"
                        icon={<PlayCircleOutlined />}
                        loading={running === r.id}
                        aria-label={t('analytics.spikes.evaluateNamed', { name: r.name })}
                        onClick={() => void evaluate(r)}
                      />
                      <Popconfirm
                        title={t('analytics.spikes.deleteConfirm', { name: r.name })}
                        okText={t('analytics.spikes.delete')}
                        cancelText={t('analytics.spikes.cancel')}
                        onConfirm={() => remove(r)}
                      >
                        <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('analytics.spikes.deleteNamed', { name: r.name })} />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {evaluation && <EvaluationDialog rule={evaluation.rule} evaluation={evaluation.result} onClose={() => setEvaluation(null)} />}
    </>
  );
}

function EvaluationDialog({ rule, evaluation, onClose }: { rule: SpikeRule; evaluation: SpikeEvaluation; onClose: () => void }) {
  const t = useT();
  const caseTypes = useCaseTypes();
  type Result = SpikeEvaluation['results'][number];
  return (
    <Modal
      open
      title={t('analytics.spikes.evaluationTitle', { name: rule.name, window: windowText(evaluation.windowStart, evaluation.windowEnd) })}
      onCancel={onClose}
      footer={null}
      width={760}
      destroyOnHidden
    >
      {evaluation.results.length === 0 ? (
        <Empty description={t('analytics.spikes.noCases')} />
      ) : (
        <Table<Result>
          size="small"
          rowKey="value"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={evaluation.results}
          scroll={{ x: 'max-content' }}
          data-testid="spike-evaluation"
          columns={[
            { title: t(`analytics.spikes.dimension.${rule.dimension}`), render: (_: unknown, r) => valueLabel(t, caseTypes.data, rule.dimension, r.value, r.label, rule.caseTypes) },
            { title: t('analytics.spikes.column.observed'), dataIndex: 'observed', align: 'right' },
            { title: t('analytics.spikes.chart.baseline'), dataIndex: 'baselineMean', align: 'right', render: (v: number) => Math.round(v * 100) / 100 },
            { title: t('analytics.spikes.chart.threshold'), dataIndex: 'threshold', align: 'right' },
            { title: t('analytics.spikes.column.p'), dataIndex: 'pValue', align: 'right', render: (p: number | null) => formatP(p) },
            {
              title: t('analytics.spikes.column.verdict'),
              render: (_: unknown, r) =>
                r.spike ? (
                  <Link to={`/cases/${r.spike.caseId}`}>
                    {r.spike.opened ? t('analytics.spikes.opened', { number: r.spike.caseNumber }) : t('analytics.spikes.alreadyOpen', { number: r.spike.caseNumber })}
                  </Link>
                ) : r.significant ? (
                  <Tag color="red">{t('analytics.spikes.significant')}</Tag>
                ) : (
                  t('analytics.spikes.normal')
                ),
            },
          ]}
        />
      )}
    </Modal>
  );
}
