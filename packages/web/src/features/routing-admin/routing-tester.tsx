import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { CASE_PRIORITIES, dataOf, type CasePriority } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { describeFailedCondition, describePassedOver, describeSkill } from './rule-model.ts';
import { ChannelSelect, RiskSelect, TagSelect, TierSelect } from './routing-inputs.tsx';
import { useRoutingNames } from './routing-names.ts';
import { routingAdminApi, SLA_STATES, type DescribedCase, type RoutingCandidate, type RoutingTestResult, type TestRoutingBody } from './routing-admin-api.ts';

interface DescribedValues {
  type: string;
  channel?: string[];
  source?: string;
  priority?: CasePriority;
  category?: string;
  product?: string;
  riskLevel?: string[];
  tags?: string[];
  tier?: string[];
  branch?: string;
  region?: string;
  slaState?: DescribedCase['slaState'];
  at?: Dayjs;
}

const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
const first = (values: string[] | undefined) => text(values?.[0]);

/** The tester's form as the described case POST /routing/test takes; blanks left out. */
export function describedCaseBody(values: DescribedValues): TestRoutingBody {
  const fields = Object.fromEntries(Object.entries({ category: text(values.category), product: text(values.product), riskLevel: first(values.riskLevel) }).filter(([, v]) => v !== undefined));
  const customer = Object.fromEntries(Object.entries({ tier: first(values.tier), branch: text(values.branch), region: text(values.region) }).filter(([, v]) => v !== undefined));
  const described: DescribedCase = {
    type: values.type,
    ...(first(values.channel) ? { channel: first(values.channel) } : {}),
    ...(text(values.source) ? { source: text(values.source) } : {}),
    ...(values.priority ? { priority: values.priority } : {}),
    ...(Object.keys(fields).length ? { fields } : {}),
    ...(values.tags?.length ? { tags: values.tags } : {}),
    ...(Object.keys(customer).length ? { customer } : {}),
    ...(values.slaState ? { slaState: values.slaState } : {}),
  };
  return { case: described, ...(values.at ? { at: values.at.toISOString() } : {}) };
}

/** "Where would this case go, and to whom?": a case by its number, or one described; nothing is changed. */
export function RoutingTester() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const caseTypes = useCaseTypes();
  const [number, setNumber] = useState('');
  const [result, setResult] = useState<RoutingTestResult | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<DescribedValues>();

  const run = async (body: TestRoutingBody | null) => {
    setNotFound(false);
    setResult(null);
    if (!body) {
      setNotFound(true);
      return;
    }
    setBusy(true);
    try {
      setResult(await routingAdminApi.testRouting(body));
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const byNumber = async () => {
    const wanted = number.trim();
    if (!wanted) return;
    setBusy(true);
    try {
      const page = dataOf(await api.GET('/api/v1/cases', { params: { query: { q: wanted, limit: 5 } } }));
      const found = page.items.find((c) => c.number.toUpperCase() === wanted.toUpperCase() || c.id === wanted);
      setBusy(false);
      await run(found ? { caseId: found.id } : null);
    } catch (error) {
      showProblem(message, error, t);
      setBusy(false);
    }
  };

  return (
    <Card title={t('routingAdmin.tester.title')} data-testid="routing-tester">
      <Tabs
        items={[
          {
            key: 'attributes',
            label: t('routingAdmin.tester.byAttributes'),
            children: (
              <Form form={form} layout="vertical" onFinish={(values) => void run(describedCaseBody(values))} data-testid="tester-form">
                <Space wrap align="start">
                  <Form.Item name="type" label={t('routingAdmin.tester.type')} rules={[{ required: true, message: t('routingAdmin.required') }]}>
                    <Select style={{ width: 200 }} loading={caseTypes.isLoading} options={(caseTypes.data ?? []).map((c) => ({ value: c.key, label: c.name }))} data-testid="tester-type" />
                  </Form.Item>
                  <Form.Item name="channel" label={t('routingAdmin.tester.channel')}>
                    <ChannelSelect style={{ width: 180 }} data-testid="tester-channel" />
                  </Form.Item>
                  <Form.Item name="priority" label={t('routingAdmin.tester.priority')}>
                    <Select allowClear style={{ width: 120 }} options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
                  </Form.Item>
                  <Form.Item name="tags" label={t('routingAdmin.tester.tags')}>
                    <TagSelect style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name="tier" label={t('routingAdmin.tester.tier')}>
                    <TierSelect style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name="branch" label={t('routingAdmin.tester.branch')}>
                    <Input style={{ width: 140 }} placeholder="BJ" />
                  </Form.Item>
                  <Form.Item name="region" label={t('routingAdmin.tester.region')} rules={[{ pattern: /^[0-9]{2,12}$/, message: t('routingAdmin.cond.customerRegionsHint') }]}>
                    <Input style={{ width: 140 }} placeholder="110108" />
                  </Form.Item>
                  <Form.Item name="category" label={t('routingAdmin.tester.category')}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name="product" label={t('routingAdmin.tester.product')}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name="riskLevel" label={t('routingAdmin.cond.riskLevels')}>
                    <RiskSelect style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name="source" label={t('routingAdmin.tester.source')}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name="slaState" label={t('routingAdmin.tester.slaState')}>
                    <Select allowClear style={{ width: 140 }} options={SLA_STATES.map((s) => ({ value: s, label: t(`routingAdmin.slaState.${s}`) }))} />
                  </Form.Item>
                  <Form.Item name="at" label={t('routingAdmin.tester.at')}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                  </Form.Item>
                </Space>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="tester-run">
                  {t('routingAdmin.tester.run')}
                </Button>
              </Form>
            ),
          },
          {
            key: 'case',
            label: t('routingAdmin.tester.byCase'),
            children: (
              <Space.Compact style={{ maxWidth: 420, width: '100%' }}>
                <Input
                  value={number}
                  onChange={(e) => setNumber(e.target.value)}
                  onPressEnter={() => void byNumber()}
                  placeholder="CMP-2026-000123"
                  aria-label={t('routingAdmin.tester.caseNumber')}
                  data-testid="tester-number"
                />
                <Button type="primary" loading={busy} onClick={() => void byNumber()} data-testid="tester-run-number">
                  {t('routingAdmin.tester.run')}
                </Button>
              </Space.Compact>
            ),
          },
        ]}
      />
      {notFound && <Alert type="warning" showIcon title={t('routingAdmin.tester.caseNotFound')} style={{ marginTop: 12 }} />}
      {result && <TestAnswer result={result} />}
    </Card>
  );
}

function TestAnswer({ result }: { result: RoutingTestResult }) {
  const { t } = useLocale();
  const names = useRoutingNames();
  const skills = result.requiredSkills.map((s) => t('routingAdmin.skillAtLeast', { skill: describeSkill(s.skill, t, names), level: s.minLevel }));
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }} data-testid="tester-result">
      {result.rule ? (
        <Alert type="success" showIcon title={t('routingAdmin.tester.matched', { name: result.rule.name, version: result.rule.version })} data-testid="tester-matched" />
      ) : (
        <Alert type="warning" showIcon title={t('routingAdmin.tester.noMatch')} data-testid="tester-matched" />
      )}
      <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered data-testid="tester-summary">
        <Descriptions.Item label={t('routingAdmin.tester.queue')}>
          <span data-testid="tester-queue">{result.queue?.name ?? t('routingAdmin.tester.noQueue')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('routingAdmin.tester.assignee')}>
          <span data-testid="tester-assignee">{result.assignee?.displayName ?? t('routingAdmin.tester.nobody')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('routingAdmin.tester.outcome')}>{t(`routingAdmin.outcome.${result.outcome}`)}</Descriptions.Item>
        {result.priorityBoost > 0 && <Descriptions.Item label={t('routingAdmin.act.boost')}>{t('routingAdmin.act.boostText', { count: result.priorityBoost })}</Descriptions.Item>}
        {skills.length > 0 && <Descriptions.Item label={t('routingAdmin.act.skills')}>{skills.join(t('routingAdmin.listSeparator'))}</Descriptions.Item>}
        {result.branch && (
          <Descriptions.Item label={t('routingAdmin.tester.branch2')}>
            {t('routingAdmin.tester.branchText', { name: result.branch.name, by: t(`routingAdmin.branchBy.${result.branch.by}`) })}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Text strong>{t('routingAdmin.tester.considered')}</Typography.Text>
      <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="tester-considered">
        {result.rulesConsidered.map((rule) => (
          <li key={rule.key}>
            <Space size={4} wrap>
              <span>{rule.name}</span>
              {rule.matched ? (
                <Tag color="green">{t('routingAdmin.tester.matchedTag')}</Tag>
              ) : (
                rule.failed.map((f) => (
                  <Tag key={f.condition} color="orange">
                    {describeFailedCondition(f, t, names)}
                  </Tag>
                ))
              )}
            </Space>
          </li>
        ))}
      </ol>
      <Typography.Text strong>{t('routingAdmin.tester.candidates')}</Typography.Text>
      <CandidatesTable candidates={result.candidates} />
    </Space>
  );
}

function CandidatesTable({ candidates }: { candidates: RoutingCandidate[] }) {
  const { t } = useLocale();
  const names = useRoutingNames();
  return (
    <Table<RoutingCandidate>
      rowKey="userId"
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={candidates}
      locale={{ emptyText: t('routingAdmin.tester.noCandidates') }}
      data-testid="tester-candidates"
      columns={[
        {
          title: t('routingAdmin.tester.candidate'),
          dataIndex: 'displayName',
          render: (name: string, c) => (
            <Space size={4} wrap>
              <span>{name}</span>
              {c.chosen && <Tag color="green">{t('routingAdmin.tester.chosen')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('routingAdmin.tester.why'),
          key: 'why',
          render: (_: unknown, c) => (c.chosen ? '—' : c.passedOver.map((p) => describePassedOver(p, t, names)).join(t('routingAdmin.listSeparator')) || '—'),
        },
        { title: t('routingAdmin.tester.load'), key: 'load', render: (_: unknown, c) => (c.load ? c.load.total : '—') },
        { title: t('routingAdmin.tester.score'), dataIndex: 'score', responsive: ['sm'], render: (score: number | null) => (score === null ? '—' : Math.round(score * 100) / 100) },
      ]}
    />
  );
}
