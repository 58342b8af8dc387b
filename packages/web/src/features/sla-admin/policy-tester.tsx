import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tabs, Tag, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { CASE_PRIORITIES, dataOf, type CasePriority } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { showProblem } from '../../components/problem-display.ts';
import type { MessageKey } from '../../i18n/i18n.ts';
import { departmentTreeData, useDepartments } from '../admin/admin-queries.ts';
import { useCaseTypes } from '../cases/case-queries.ts';
import { describeFailedCondition, describeSeconds } from './policy-model.ts';
import { slaAdminApi, type MatchBody, type MatchResult } from './sla-admin-api.ts';

interface AttributeValues {
  type: string;
  channel?: string;
  priority?: CasePriority;
  customerTier?: string;
  riskLevel?: string;
  tags?: string[];
  departmentId?: string;
  at?: Dayjs;
}

/** "Which policy would match this case": a case picked by its number, or attributes typed in. */
export function PolicyTester() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const caseTypes = useCaseTypes();
  const departments = useDepartments();
  const [number, setNumber] = useState('');
  const [result, setResult] = useState<MatchResult | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<AttributeValues>();

  const run = async (body: MatchBody | null) => {
    setNotFound(false);
    setResult(null);
    if (!body) {
      setNotFound(true);
      return;
    }
    setBusy(true);
    try {
      setResult(await slaAdminApi.matchPolicy(body));
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
      const found = page.items.find((c) => c.number.toUpperCase() === wanted.toUpperCase());
      await run(found ? { caseId: found.id } : null);
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setBusy(false);
    }
  };

  const byAttributes = (values: AttributeValues) =>
    run({
      case: {
        type: values.type,
        ...(values.channel?.trim() ? { channel: values.channel.trim() } : {}),
        ...(values.priority ? { priority: values.priority } : {}),
        ...(values.customerTier?.trim() ? { customerTier: values.customerTier.trim() } : {}),
        ...(values.riskLevel?.trim() ? { riskLevel: values.riskLevel.trim() } : {}),
        ...(values.tags?.length ? { tags: values.tags } : {}),
        ...(values.departmentId ? { departmentId: values.departmentId } : {}),
      },
      ...(values.at ? { at: values.at.toISOString() } : {}),
    });

  return (
    <Card title={t('slaAdmin.tester.title')} data-testid="policy-tester">
      <Tabs
        items={[
          {
            key: 'number',
            label: t('slaAdmin.tester.byNumber'),
            children: (
              <Space.Compact style={{ maxWidth: 420, width: '100%' }}>
                <Input
                  value={number}
                  onChange={(e) => setNumber(e.target.value)}
                  onPressEnter={() => void byNumber()}
                  placeholder="CMP-2026-000123"
                  aria-label={t('slaAdmin.tester.caseNumber')}
                  data-testid="tester-number"
                />
                <Button type="primary" loading={busy} onClick={() => void byNumber()} data-testid="tester-run-number">
                  {t('slaAdmin.tester.run')}
                </Button>
              </Space.Compact>
            ),
          },
          {
            key: 'attributes',
            label: t('slaAdmin.tester.byAttributes'),
            children: (
              <Form form={form} layout="vertical" onFinish={byAttributes} style={{ maxWidth: 720 }} data-testid="tester-form">
                <Space wrap align="start">
                  <Form.Item name="type" label={t('slaAdmin.cond.caseType')} rules={[{ required: true, message: t('slaAdmin.required') }]}>
                    <Select style={{ width: 200 }} loading={caseTypes.isLoading} options={(caseTypes.data ?? []).map((c) => ({ value: c.key, label: c.name }))} data-testid="tester-type" />
                  </Form.Item>
                  <Form.Item name="channel" label={t('slaAdmin.cond.channel')}>
                    <Input style={{ width: 140 }} data-testid="tester-channel" />
                  </Form.Item>
                  <Form.Item name="priority" label={t('slaAdmin.cond.priority')}>
                    <Select allowClear style={{ width: 120 }} options={CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
                  </Form.Item>
                  <Form.Item name="customerTier" label={t('slaAdmin.cond.customerTier')}>
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name="riskLevel" label={t('slaAdmin.cond.riskLevel')}>
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name="tags" label={t('slaAdmin.cond.tags')}>
                    <Select mode="tags" style={{ width: 200 }} open={false} suffixIcon={null} />
                  </Form.Item>
                  <Form.Item name="departmentId" label={t('slaAdmin.cond.department')}>
                    <TreeSelect allowClear style={{ width: 220 }} treeDefaultExpandAll treeData={departmentTreeData(departments.data ?? [])} />
                  </Form.Item>
                  <Form.Item name="at" label={t('slaAdmin.tester.at')}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                  </Form.Item>
                </Space>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="tester-run">
                  {t('slaAdmin.tester.run')}
                </Button>
              </Form>
            ),
          },
        ]}
      />
      {notFound && <Alert type="warning" showIcon title={t('slaAdmin.tester.caseNotFound')} style={{ marginTop: 12 }} />}
      {result && <MatchAnswer result={result} />}
    </Card>
  );
}

function MatchAnswer({ result }: { result: MatchResult }) {
  const { t, locale } = useLocale();
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }} data-testid="tester-result">
      {result.policy ? (
        <Alert type="success" showIcon title={t('slaAdmin.tester.matched', { name: result.policy.name, version: result.policy.version })} data-testid="tester-matched" />
      ) : (
        <Alert type="warning" showIcon title={t('slaAdmin.tester.noMatch')} data-testid="tester-matched" />
      )}
      {result.targets.length > 0 && (
        <Table
          rowKey="key"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={result.targets}
          columns={[
            { title: t('slaAdmin.target.kind'), key: 'kind', render: (_: unknown, tg) => (tg.kind === 'step' && tg.label ? tg.label : t(`slaAdmin.kind.${tg.kind}` as MessageKey)) },
            { title: t('slaAdmin.target.duration'), dataIndex: 'budgetSeconds', render: (s: number) => describeSeconds(s, t) },
            { title: t('slaAdmin.target.calendar'), key: 'calendar', render: (_: unknown, tg) => tg.calendar.name },
            { title: t('slaAdmin.tester.startsAt'), dataIndex: 'startsAt', render: (at: string | null) => (at ? formatDateTime(at, locale) : t('slaAdmin.tester.later')), responsive: ['md'] },
            { title: t('slaAdmin.tester.dueAt'), dataIndex: 'dueAt', render: (at: string | null) => (at ? formatDateTime(at, locale) : '—') },
          ]}
        />
      )}
      <Typography.Text strong>{t('slaAdmin.tester.evaluated')}</Typography.Text>
      <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="tester-evaluated">
        {result.evaluated.map((e) => (
          <li key={e.policyKey}>
            <Space size={4} wrap>
              <span>{e.policyName}</span>
              {e.matched ? (
                <Tag color="green">{t('slaAdmin.tester.matchedTag')}</Tag>
              ) : (
                e.failed.map((f) => (
                  <Tag key={f} color={f === 'enabled' || f === 'effectiveFrom' ? 'default' : 'orange'}>
                    {describeFailedCondition(f, t)}
                  </Tag>
                ))
              )}
              {e.error && <Typography.Text type="danger">{t('slaAdmin.tester.expressionError')}</Typography.Text>}
            </Space>
          </li>
        ))}
      </ul>
    </Space>
  );
}
