import { Alert, Empty, List, Space, Typography } from 'antd';
import { useLocale } from '../../app/locale.tsx';
import type { Translate } from '../../i18n/i18n.ts';
import type { ActionOutcome, DryRunResult, DryRunSubject, RuleAction, RuleTrigger } from './automation-api.ts';
import { describeAction, subjectObjectType, type RuleNames } from './rule-model.ts';
import { ActionOutcomeTag } from './run-status.tsx';
import { SubjectLink } from './subject-link.tsx';

/** What an action would do for one subject: the action in words with its title as rendered for the subject, and the due date. */
export function describeWould(action: DryRunSubject['actions'][number], designed: RuleAction | undefined, trigger: RuleTrigger, at: string, t: Translate, names: RuleNames): string {
  const params = action.params ?? {};
  const rendered = designed && 'title' in designed && typeof params.title === 'string' ? ({ ...designed, title: params.title } as RuleAction) : designed;
  const base = rendered ? describeAction(rendered, trigger, t, names) : t(`automation.actionType.${action.type}`);
  if (typeof params.dueInDays !== 'number') return base;
  const due = new Date(new Date(at).getTime() + params.dueInDays * 86_400_000).toISOString().slice(0, 10);
  return `${base}${t('automation.would.facts', { facts: t('automation.would.due', { date: due }) })}`;
}

const OUTCOMES: readonly string[] = ['done', 'failed', 'refused', 'skipped'];
// In a dry-run the actions run inside a savepoint that is rolled back: "done" there means "would do".
const dryOutcome = (status: string): ActionOutcome | 'would-do' => (status === 'done' ? 'would-do' : OUTCOMES.includes(status) ? (status as ActionOutcome) : 'failed');

/** The dry-run's answer: each subject the rule would act on now, with what each action would do. Nothing was changed. */
export function DryRunPanel({ result, actions, trigger, names, customerType }: { result: DryRunResult; actions: RuleAction[]; trigger: RuleTrigger; names: RuleNames; customerType?: string }) {
  const { t, locale } = useLocale();
  const skipped = result.skipped.reduce((sum, s) => sum + s.count, 0);
  const objectType = subjectObjectType(trigger);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="dry-run-result">
      <Alert
        type="info"
        showIcon
        title={t('automation.dryRun.summary', { count: result.subjects.length, evaluated: result.evaluated })}
        description={
          <>
            <div>{[t('automation.dryRun.nothingChanged'), skipped > 0 ? t('automation.dryRun.skipped', { count: skipped }) : ''].filter(Boolean).join(' ')}</div>
            {/* The server says in English which subjects it tried and why it left some out: for readers of English. */}
            {locale === 'en-US' && result.note && <div>{result.note}</div>}
            {locale === 'en-US' &&
              result.skipped.map((s) => (
                <div key={s.reason}>
                  {s.reason}: {s.count}
                </div>
              ))}
          </>
        }
      />
      <List
        dataSource={result.subjects}
        rowKey={(s) => `${s.subject.type}:${s.subject.id ?? '-'}`}
        locale={{ emptyText: <Empty description={t('automation.dryRun.none')} /> }}
        renderItem={(subject) => (
          <List.Item data-testid="dry-run-subject">
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <SubjectLink type={subject.subject.type} id={subject.subject.id} objectType={objectType} customerType={customerType} />
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {subject.actions.map((a) => (
                  <li key={a.index}>
                    <Space wrap size={4}>
                      <ActionOutcomeTag status={dryOutcome(a.status)} />
                      <span>{describeWould(a, actions[a.index], trigger, result.at, t, names)}</span>
                      {a.error && locale === 'en-US' && <Typography.Text type="secondary">{a.error}</Typography.Text>}
                    </Space>
                  </li>
                ))}
              </ul>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
