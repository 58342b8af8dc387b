import { Alert, Empty, List, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import type { Translate } from '../../i18n/i18n.ts';
import { translateIfKnown } from '../../i18n/i18n.ts';
import type { DryRunAction, DryRunResult, RuleAction, RuleTrigger } from './automation-api.ts';
import { describeAction, type RuleNames } from './rule-model.ts';
import { ActionOutcomeTag } from './run-status.tsx';

/** Where a run's or dry-run's subject opens: a case's page, a customer's 360° view, a record's form. */
export function subjectPath(subject: { subjectType: string; subjectId?: string | null; subjectObjectType?: string | null }, customerType?: string): string | undefined {
  if (!subject.subjectId) return undefined;
  if (subject.subjectType === 'case') return `/cases/${subject.subjectId}`;
  if (subject.subjectType === 'record') {
    if (subject.subjectObjectType && subject.subjectObjectType === customerType) return `/customers/${subject.subjectId}`;
    return `/records/${encodeURIComponent(subject.subjectObjectType ?? '-')}/${subject.subjectId}`;
  }
  return undefined;
}

/** What an action would do: the server's facts ("task 生日关怀 for 李经理, due 2027-01-07") when it gives them, else the action as designed. */
export function describeWould(action: DryRunAction, designed: RuleAction | undefined, trigger: RuleTrigger, t: Translate, names: RuleNames): string {
  const would = action.would ?? {};
  const facts: string[] = [];
  if (typeof would.title === 'string') facts.push(t('automation.would.title', { title: would.title }));
  const assignee = would.assigneeName ?? would.assigneeDisplayName;
  if (typeof assignee === 'string') facts.push(t('automation.would.assignee', { name: assignee }));
  if (typeof would.dueAt === 'string' || typeof would.dueOn === 'string') facts.push(t('automation.would.due', { date: String(would.dueOn ?? would.dueAt).slice(0, 10) }));
  if (typeof would.tag === 'string') facts.push(t('automation.would.tag', { tag: would.tag }));
  const base = designed ? describeAction(designed, trigger, t, names) : t(`automation.actionType.${action.type}`);
  return facts.length > 0 ? `${base}（${facts.join(t('automation.listSeparator'))}）` : base;
}

function reasonOf(item: { code?: string | null; error?: string | null }, t: Translate): string | undefined {
  const known = item.code ? translateIfKnown(t, `automation.reason.${item.code}`) : undefined;
  if (known) return known;
  // The server's words are English: shown to readers of English only.
  return item.error && t.locale === 'en-US' ? item.error : undefined;
}

/** The dry-run's answer: each subject the rule would act on now, with what each action would do. Nothing was changed. */
export function DryRunPanel({ result, actions, trigger, names, customerType }: { result: DryRunResult; actions: RuleAction[]; trigger: RuleTrigger; names: RuleNames; customerType?: string }) {
  const { t } = useLocale();
  const total = result.total ?? result.subjects.length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="dry-run-result">
      <Alert
        type="info"
        showIcon
        title={t('automation.dryRun.summary', { count: total })}
        description={[
          t('automation.dryRun.nothingChanged'),
          result.skipped ? t('automation.dryRun.skipped', { count: result.skipped }) : '',
          result.truncated ? t('automation.dryRun.truncated', { shown: result.subjects.length }) : '',
        ]
          .filter(Boolean)
          .join(' ')}
      />
      <List
        dataSource={result.subjects}
        locale={{ emptyText: <Empty description={t('automation.dryRun.none')} /> }}
        renderItem={(subject) => {
          const to = subjectPath(subject, customerType);
          const label = subject.subjectLabel ?? (subject.subjectType === 'none' ? t('automation.subject.none') : t('automation.subject.hidden'));
          return (
            <List.Item data-testid="dry-run-subject">
              <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap size={6}>
                  {to ? <Link to={to}>{label}</Link> : <Typography.Text strong>{label}</Typography.Text>}
                  {(subject.dueOn ?? subject.occurrence) && (
                    <Typography.Text type="secondary">{t('automation.dryRun.occurrence', { date: String(subject.dueOn ?? subject.occurrence) })}</Typography.Text>
                  )}
                </Space>
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {subject.actions.map((a) => {
                    const reason = reasonOf(a, t);
                    return (
                      <li key={a.index}>
                        <Space wrap size={4}>
                          <ActionOutcomeTag status={a.status ?? 'would-do'} />
                          <span>{describeWould(a, actions[a.index], trigger, t, names)}</span>
                          {reason && <Typography.Text type="secondary">{reason}</Typography.Text>}
                        </Space>
                      </li>
                    );
                  })}
                </ul>
              </Space>
            </List.Item>
          );
        }}
      />
    </Space>
  );
}
