import { Empty, Space, Table, Typography } from 'antd';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { useRuleRuns, useRuleVersions, type Rule, type Run, type RuleVersion } from './automation-api.ts';
import { SubjectLink } from './subject-link.tsx';
import { describeAction, describeCondition, describeTrigger, subjectObjectType, type RuleNames } from './rule-model.ts';
import { ActionOutcomeTag, RunStatusTag } from './run-status.tsx';

/** Every saved version of the rule: when, by whom, and what it said. */
export function RuleVersions({ rule, names }: { rule: Rule; names: RuleNames }) {
  const { t, locale } = useLocale();
  const versions = useRuleVersions(rule.key);
  if (versions.isError) return <LoadError error={versions.error} retry={() => versions.refetch()} />;
  return (
    <Table<RuleVersion>
      rowKey="version"
      loading={versions.isLoading}
      dataSource={versions.data ?? []}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="rule-versions"
      columns={[
        { title: t('automation.versions.version'), dataIndex: 'version', render: (v: number) => t('automation.rule.versionN', { version: v }) },
        { title: t('automation.versions.savedAt'), dataIndex: 'savedAt', render: (at: string) => formatDateTime(at, locale) },
        { title: t('automation.versions.savedBy'), key: 'by', render: (_: unknown, v) => names.users?.find((u) => u.id === v.savedBy)?.displayName ?? '—' },
        {
          title: t('automation.versions.definition'),
          key: 'def',
          render: (_: unknown, v) => (
            <ul style={{ margin: 0, paddingInlineStart: 16, maxWidth: 480, whiteSpace: 'normal' }}>
              <li>{describeTrigger(v.trigger, t, names)}</li>
              <li>{describeCondition(v.condition, t)}</li>
              {v.actions
                .map((a) => describeAction(a, v.trigger, t, names))
                .map((words) => (
                  <li key={words}>{words}</li>
                ))}
            </ul>
          ),
        },
      ]}
    />
  );
}

/** The rule's runs, newest first: when, on what, how it ended, and each action's outcome. */
export function RuleRuns({ rule, customerType }: { rule: Rule; customerType?: string }) {
  const { t, locale } = useLocale();
  const runs = useRuleRuns(rule.key);
  if (runs.isError) return <LoadError error={runs.error} retry={() => runs.refetch()} />;
  return (
    <Table<Run>
      rowKey="id"
      loading={runs.isLoading}
      dataSource={runs.data ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={t('automation.runs.empty')} /> }}
      data-testid="rule-runs"
      columns={[
        { title: t('automation.runs.at'), dataIndex: 'startedAt', render: (at: string) => formatDateTime(at, locale) },
        {
          title: t('automation.runs.subject'),
          key: 'subject',
          render: (_: unknown, run) => (
            <Space orientation="vertical" size={0}>
              <SubjectLink type={run.subjectType} id={run.subjectId} objectType={subjectObjectType(rule.trigger)} customerType={customerType} />
              {run.occurrence && <Typography.Text type="secondary">{t('automation.dryRun.occurrence', { date: run.occurrence })}</Typography.Text>}
            </Space>
          ),
        },
        {
          title: t('automation.runs.status'),
          key: 'status',
          render: (_: unknown, run) => (
            <Space orientation="vertical" size={0}>
              <RunStatusTag status={run.status} />
              {(run.status === 'loop-stopped' || run.loopStopped) && <Typography.Text type="secondary">{t('automation.runs.loopStopped', { limit: rule.loopLimit })}</Typography.Text>}
              {/* Why it failed or was skipped is the server's English: for readers of English. */}
              {run.detail && locale === 'en-US' && <Typography.Text type="secondary">{run.detail}</Typography.Text>}
            </Space>
          ),
        },
        { title: t('automation.runs.version'), dataIndex: 'ruleVersion', responsive: ['md'], render: (v: number) => t('automation.rule.versionN', { version: v }) },
        {
          title: t('automation.runs.actions'),
          key: 'actions',
          render: (_: unknown, run) => (
            <ul style={{ margin: 0, paddingInlineStart: 16, whiteSpace: 'normal', maxWidth: 420 }}>
              {run.actions.map((a) => (
                <li key={a.index}>
                  <Space wrap size={4}>
                    <span>{t(`automation.actionType.${a.type}`)}</span>
                    <ActionOutcomeTag status={a.status} />
                    {a.error && locale === 'en-US' && <Typography.Text type="secondary">{a.error}</Typography.Text>}
                  </Space>
                </li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}
