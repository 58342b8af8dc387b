import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { useVisibleDepartments, departmentLabel } from '../routing-admin/routing-admin-api.ts';
import { useAutomationRules, useLastRun, type Rule } from './automation-api.ts';
import { describeTrigger } from './rule-model.ts';
import { useRuleNames } from './rule-names.ts';
import { RunStatusTag } from './run-status.tsx';

/** The rules, their state (enabled, where), trigger in words, owner, version and last run. */
export function RulesPage() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const canAdmin = useCan('automation:admin');
  const rules = useAutomationRules();
  const names = useRuleNames();
  const departments = useVisibleDepartments();

  const where = (rule: Rule) =>
    rule.departmentIds.length === 0 ? t('automation.departments.all') : rule.departmentIds.map((id) => departmentLabel(departments.data, id, t)).join(t('automation.listSeparator'));

  return (
    <Card
      title={t('automation.rules.title')}
      styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}
      extra={
        canAdmin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/admin/automation/rules/new')} data-testid="new-automation-rule">
            {t('automation.rules.new')}
          </Button>
        )
      }
      data-testid="automation-rules-page"
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('automation.rules.intro')}
        </Typography.Paragraph>
        {!canAdmin && <Alert type="info" showIcon title={t('automation.readOnly')} data-testid="automation-read-only" />}
        {rules.isError && <LoadError error={rules.error} retry={() => rules.refetch()} />}
        <Table<Rule>
          rowKey="id"
          loading={rules.isLoading}
          dataSource={rules.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('automation.rules.empty')} /> }}
          data-testid="automation-rule-list"
          columns={[
            {
              title: t('automation.rule.name'),
              dataIndex: 'name',
              render: (name: string, rule) => (
                <Space orientation="vertical" size={0} data-testid={`automation-rule-${rule.key}`}>
                  <Link to={`/admin/automation/rules/${encodeURIComponent(rule.key)}`}>{name}</Link>
                  <Typography.Text type="secondary">{t('automation.rule.versionN', { version: rule.currentVersion })}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('automation.rule.state'),
              key: 'state',
              render: (_: unknown, rule) => (
                <Space orientation="vertical" size={0}>
                  {rule.enabled ? (
                    <Tag color="green" data-testid="rule-state-enabled">
                      {t('automation.rule.enabled')}
                    </Tag>
                  ) : (
                    <Tag data-testid="rule-state-disabled">{t('automation.rule.disabled')}</Tag>
                  )}
                  <Typography.Text type="secondary" style={{ maxWidth: 220, display: 'inline-block' }}>
                    {where(rule)}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('automation.rule.trigger'),
              key: 'trigger',
              render: (_: unknown, rule) => <span style={{ maxWidth: 320, display: 'inline-block', whiteSpace: 'normal' }}>{describeTrigger(rule.trigger, t, names)}</span>,
            },
            {
              title: t('automation.rule.owner'),
              key: 'owner',
              responsive: ['md'],
              render: (_: unknown, rule) => names.users?.find((u) => u.id === rule.ownerId)?.displayName ?? '—',
            },
            {
              title: t('automation.rule.lastRun'),
              key: 'lastRun',
              render: (_: unknown, rule) => <LastRun ruleKey={rule.key} />,
            },
          ]}
        />
      </Space>
    </Card>
  );
}

/** The rule's newest run: its outcome and time. */
function LastRun({ ruleKey }: { ruleKey: string }) {
  const { t, locale } = useLocale();
  const run = useLastRun(ruleKey);
  if (run.isLoading) return null;
  if (!run.data) return <Typography.Text type="secondary">{t('automation.rule.neverRan')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <RunStatusTag status={run.data.status} />
      <Typography.Text type="secondary">{formatDateTime(run.data.startedAt, locale)}</Typography.Text>
    </Space>
  );
}
