import { useMemo } from 'react';
import { Alert, Button, Card, Empty, Form, Segmented, Select, Space, Spin, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useT } from '../../app/locale.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { AnalyticsFrame } from './analytics-frame.tsx';
import { CaseTypeFilter, DepartmentFilter, PeriodFilter } from './scope-filters.tsx';
import { eventLogHref, type MiningQuery, type MiningStep, type MiningVariant, type ProcessMining, useMinedProcesses, useProcessMining } from './mining-api.ts';
import { formatSeconds, type MapMeasure, MiningMapChart } from './mining-map.tsx';

const DATE = 'YYYY-MM-DD';
const DEFAULT_DAYS = 90;

/** The screen's state lives in the URL, so a map can be shared and reloaded as it is. */
function stateOf(search: URLSearchParams) {
  const to = dayjs(search.get('to') ?? '', DATE, true);
  const from = dayjs(search.get('from') ?? '', DATE, true);
  const toDay = to.isValid() ? to : dayjs().startOf('day');
  const version = Number(search.get('version'));
  return {
    processKey: search.get('processKey') ?? undefined,
    version: Number.isInteger(version) && version > 0 ? version : undefined,
    fromDay: from.isValid() ? from : toDay.subtract(DEFAULT_DAYS - 1, 'day'),
    toDay,
    departmentId: search.get('departmentId') ?? undefined,
    caseType: search.get('caseType') ?? undefined,
    measure: (search.get('measure') === 'time' ? 'time' : 'frequency') as MapMeasure,
  };
}
type MiningState = ReturnType<typeof stateOf>;

function searchOf(state: MiningState): URLSearchParams {
  const search = new URLSearchParams({ from: state.fromDay.format(DATE), to: state.toDay.format(DATE), measure: state.measure });
  if (state.processKey) search.set('processKey', state.processKey);
  if (state.version) search.set('version', String(state.version));
  if (state.departmentId) search.set('departmentId', state.departmentId);
  if (state.caseType) search.set('caseType', state.caseType);
  return search;
}

const percent = (share: number) => `${(Math.round(share * 1000) / 10).toFixed(1)}%`;

/**
 * Process mining (analytics:read): where a process's instances wait and loop — the directly-
 * follows map, the steps' waiting and working times, variants, hand-offs, rework and conformance
 * against the deployed model — over the instances whose case the reader may see. Event-log export
 * for who holds analytics:export.
 */
export function ProcessMiningPage() {
  const t = useT();
  const narrow = useNarrow();
  const mayExport = useCan('analytics:export');
  const [search, setSearch] = useSearchParams();
  const state = useMemo(() => stateOf(search), [search]);
  const processes = useMinedProcesses();
  const processKey = state.processKey ?? processes.data?.[0]?.key;
  const query: MiningQuery | undefined = processKey
    ? { processKey, version: state.version, from: state.fromDay.format(DATE), to: state.toDay.format(DATE), departmentId: state.departmentId, caseType: state.caseType }
    : undefined;
  const mining = useProcessMining(query);
  const apply = (next: Partial<MiningState>) => setSearch(searchOf({ ...state, processKey, ...next }), { replace: true });
  const versions = processes.data?.find((p) => p.key === processKey)?.versions ?? [];

  const filters = (
    <Form layout="inline" style={{ rowGap: 8 }} aria-label={t('mining.filters')}>
      <Form.Item label={t('mining.process')} style={{ marginInlineEnd: 8 }}>
        <Select
          value={processKey}
          onChange={(key: string) => apply({ processKey: key, version: undefined })}
          placeholder={t('mining.pickProcess')}
          aria-label={t('mining.process')}
          style={{ width: 200 }}
          loading={processes.isLoading}
          options={(processes.data ?? []).map((p) => ({ value: p.key, label: p.name ?? p.key }))}
          data-testid="mining-process"
        />
      </Form.Item>
      <Form.Item>
        <Select
          allowClear
          value={state.version}
          onChange={(version?: number) => apply({ version })}
          placeholder={t('mining.allVersions')}
          aria-label={t('mining.version')}
          style={{ width: 120 }}
          options={versions.map((v) => ({ value: v, label: t('mining.versionN', { v }) }))}
        />
      </Form.Item>
      <PeriodFilter from={state.fromDay} to={state.toDay} onChange={({ from, to }) => apply({ ...(from && { fromDay: from }), ...(to && { toDay: to }) })} />
      <DepartmentFilter value={state.departmentId} onChange={(departmentId) => apply({ departmentId })} />
      <CaseTypeFilter value={state.caseType} onChange={(caseType) => apply({ caseType })} />
    </Form>
  );

  const exports =
    mayExport && query ? (
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={eventLogHref(query, 'xes')} download data-testid="mining-export-xes">
          {t('mining.exportXes')}
        </Button>
        <Button icon={<DownloadOutlined />} href={eventLogHref(query, 'csv')} download data-testid="mining-export-csv">
          {t('mining.exportCsv')}
        </Button>
      </Space>
    ) : null;

  return (
    <AnalyticsFrame title={t('analytics.nav.mining')} extra={exports}>
      {filters}
      {processes.data && processes.data.length === 0 ? (
        <Empty description={t('mining.noProcesses')} />
      ) : mining.error ? (
        <LoadError error={mining.error} retry={() => void mining.refetch()} />
      ) : !mining.data ? (
        <Spin />
      ) : (
        <MiningResult result={mining.data} measure={state.measure} onMeasure={(measure) => apply({ measure })} narrow={narrow} />
      )}
    </AnalyticsFrame>
  );
}

function MiningResult({ result, measure, onMeasure, narrow }: { result: ProcessMining; measure: MapMeasure; onMeasure: (m: MapMeasure) => void; narrow: boolean }) {
  const t = useT();
  const nameOf = (id: string | null) => {
    if (id === null) return '—';
    const step = result.steps.find((s) => s.elementId === id);
    return step?.name ?? id;
  };

  const stepColumns: TableProps<MiningStep>['columns'] = [
    {
      key: 'step',
      title: t('mining.step'),
      fixed: 'left',
      width: 140,
      render: (_, s) => (
        <Space size={4} wrap>
          {s.name ?? s.elementId}
          {s.bottleneck ? <Tag color="red">{t('mining.bottleneck')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'executions', title: t('mining.executions'), dataIndex: 'executions', align: 'right' },
    { key: 'instances', title: t('mining.instancesCol'), dataIndex: 'instances', align: 'right' },
    { key: 'waitP50', title: t('mining.waitP50'), align: 'right', render: (_, s) => formatSeconds(s.waitP50, t) },
    { key: 'waitP90', title: t('mining.waitP90'), align: 'right', render: (_, s) => formatSeconds(s.waitP90, t) },
    { key: 'workP50', title: t('mining.workP50'), align: 'right', render: (_, s) => formatSeconds(s.workP50, t) },
    { key: 'workP90', title: t('mining.workP90'), align: 'right', render: (_, s) => formatSeconds(s.workP90, t) },
    { key: 'durationP50', title: t('mining.durationP50'), align: 'right', render: (_, s) => formatSeconds(s.durationP50, t) },
    { key: 'durationP90', title: t('mining.durationP90'), align: 'right', render: (_, s) => formatSeconds(s.durationP90, t) },
  ];
  const variantColumns: TableProps<MiningVariant>['columns'] = [
    { key: 'rank', title: '#', dataIndex: 'rank', width: 48 },
    { key: 'steps', title: t('mining.path'), render: (_, v) => (v.steps.length === 0 ? '—' : v.steps.map(nameOf).join(' → ')) },
    { key: 'count', title: t('mining.count'), align: 'right', render: (_, v) => `${v.count} (${percent(v.share)})` },
    { key: 'mean', title: t('mining.meanDuration'), align: 'right', render: (_, v) => formatSeconds(v.meanSeconds, t) },
    { key: 'median', title: t('mining.medianDuration'), align: 'right', render: (_, v) => formatSeconds(v.medianSeconds, t) },
    { key: 'conforming', title: t('mining.conforming'), render: (_, v) => (v.conforming ? <Tag color="green">{t('mining.yes')}</Tag> : <Tag color="orange">{t('mining.no')}</Tag>) },
  ];
  type Edge = ProcessMining['map']['edges'][number];
  const edgeName = (id: string) => (id === '__start__' ? t('mining.map.start') : id === '__end__' ? t('mining.map.end') : nameOf(id));
  const edgeColumns: TableProps<Edge>['columns'] = [
    { key: 'from', title: t('mining.edgeFrom'), render: (_, e) => edgeName(e.from) },
    { key: 'to', title: t('mining.edgeTo'), render: (_, e) => edgeName(e.to) },
    { key: 'count', title: t('mining.count'), dataIndex: 'count', align: 'right' },
    { key: 'median', title: t('mining.medianGap'), align: 'right', render: (_, e) => formatSeconds(e.medianSeconds, t) },
    { key: 'inModel', title: t('mining.inModel'), render: (_, e) => (e.inModel ? t('mining.yes') : <Tag color="red">{t('mining.no')}</Tag>) },
  ];
  const { conformance, rework, instances } = result;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="mining-result">
      <Space wrap size={[24, 8]}>
        <Statistic title={t('mining.instances')} value={instances.total} />
        <Statistic title={t('mining.completed')} value={instances.completed} />
        <Statistic title={t('mining.active')} value={instances.active} />
        <Statistic title={t('mining.terminated')} value={instances.terminated} />
        <Statistic title={t('mining.variants')} value={result.variantCount} />
        <Statistic title={t('mining.returns')} value={rework.returns} />
        <Statistic title={t('mining.reopenings')} value={rework.reopenings} />
        <Statistic title={t('mining.conformingShare')} value={conformance.checkedInstances === 0 ? '—' : percent(conformance.conformingInstances / conformance.checkedInstances)} />
      </Space>
      {instances.total === 0 ? (
        <Empty description={t('mining.empty')} />
      ) : (
        <>
          <Card
            size="small"
            title={t('mining.map.title')}
            extra={
              <Segmented
                value={measure}
                onChange={(m) => onMeasure(m as MapMeasure)}
                options={[
                  { value: 'frequency', label: t('mining.map.frequency') },
                  { value: 'time', label: t('mining.map.time') },
                ]}
                aria-label={t('mining.map.measure')}
                data-testid="mining-measure"
              />
            }
          >
            <MiningMapChart map={result.map} measure={measure} narrow={narrow} />
            <Typography.Text type="secondary">{t('mining.map.legend')}</Typography.Text>
          </Card>
          <Card size="small" title={t('mining.steps')}>
            <KeyboardScrollable label={t('mining.steps')}>
              <Table size="small" rowKey="elementId" columns={stepColumns} dataSource={result.steps} pagination={false} scroll={{ x: 900 }} data-testid="mining-steps" />
            </KeyboardScrollable>
            <Typography.Text type="secondary">{t('mining.timesNote')}</Typography.Text>
          </Card>
          <Card size="small" title={t('mining.variantsTitle')}>
            <KeyboardScrollable label={t('mining.variantsTitle')}>
              <Table
                size="small"
                rowKey="rank"
                columns={variantColumns}
                dataSource={result.variants}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                scroll={{ x: 760 }}
                data-testid="mining-variants"
              />
            </KeyboardScrollable>
          </Card>
          <Card size="small" title={t('mining.conformance')} data-testid="mining-conformance">
            {conformance.uncheckedInstances > 0 ? <Alert type="info" showIcon title={t('mining.unchecked', { n: conformance.uncheckedInstances })} style={{ marginBottom: 8 }} /> : null}
            <Typography.Paragraph>{t('mining.conformanceSummary', { ok: conformance.conformingInstances, n: conformance.checkedInstances, model: result.modelVersion })}</Typography.Paragraph>
            <ConformanceList
              title={t('mining.skipped')}
              items={conformance.skippedSteps.map((s) => ({ key: s.elementId, label: s.name ?? s.elementId, value: t('mining.instancesN', { n: s.instances }) }))}
            />
            <ConformanceList
              title={t('mining.repeated')}
              items={conformance.repeatedSteps.map((s) => ({ key: s.elementId, label: s.name ?? s.elementId, value: t('mining.instancesN', { n: s.instances }) }))}
            />
            <ConformanceList
              title={t('mining.disallowed')}
              items={conformance.disallowedTransitions.map((d) => ({
                key: `${d.from}>${d.to}`,
                label: `${d.from === null ? t('mining.map.start') : nameOf(d.from)} → ${d.to === null ? t('mining.map.end') : nameOf(d.to)}`,
                value: t('mining.instancesN', { n: d.instances }),
              }))}
            />
          </Card>
          <Card size="small" title={t('mining.rework')}>
            <ConformanceList
              title={t('mining.returnsByStep')}
              items={rework.returnsByStep.map((r) => ({ key: String(r.elementId), label: r.name ?? r.elementId ?? '—', value: t('mining.timesN', { n: r.count }) }))}
            />
            <ConformanceList
              title={t('mining.repeatedExtra')}
              items={rework.repeatedSteps.map((r) => ({ key: r.elementId, label: r.name ?? r.elementId, value: t('mining.timesN', { n: r.extraExecutions }) }))}
            />
            <Typography.Paragraph>{t('mining.reopenedCases', { cases: rework.reopenedCases, n: rework.reopenings })}</Typography.Paragraph>
          </Card>
          <Card size="small" title={t('mining.handoffs')}>
            {result.handoffs.length === 0 ? (
              <Typography.Text type="secondary">{t('mining.none')}</Typography.Text>
            ) : (
              <ConformanceList
                title={null}
                items={result.handoffs.map((h) => ({
                  key: `${h.fromDepartmentId}>${h.toDepartmentId}`,
                  label: `${h.fromDepartmentName ?? t('mining.noDepartment')} → ${h.toDepartmentName ?? t('mining.noDepartment')}`,
                  value: t('mining.timesN', { n: h.count }),
                }))}
              />
            )}
          </Card>
          <Card size="small" title={t('mining.transitions')}>
            <KeyboardScrollable label={t('mining.transitions')}>
              <Table size="small" rowKey={(e) => `${e.from}>${e.to}`} columns={edgeColumns} dataSource={result.map.edges} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 560 }} />
            </KeyboardScrollable>
          </Card>
        </>
      )}
    </Space>
  );
}

function ConformanceList({ title, items }: { title: string | null; items: { key: string; label: string; value: string }[] }) {
  const t = useT();
  return (
    <div style={{ marginBottom: 8 }}>
      {title ? <Typography.Text strong>{title}</Typography.Text> : null}
      {items.length === 0 ? (
        <div>
          <Typography.Text type="secondary">{t('mining.none')}</Typography.Text>
        </div>
      ) : (
        <ul style={{ margin: '4px 0', paddingInlineStart: 20 }}>
          {items.map((item) => (
            <li key={item.key}>
              {item.label}: {item.value}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
