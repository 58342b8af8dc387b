import { useMemo, useState } from 'react';
import { Button, Collapse, Descriptions, Drawer, Empty, Space, Spin, Typography } from 'antd';
import { QuestionCircleOutlined, SwapOutlined } from '@ant-design/icons';
import type { Case } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useSession } from '../../app/session.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { allowedOf, caseTypeName, useCaseTypes } from '../cases/case-queries.ts';
import { OverrideDialog } from './override-dialog.tsx';
import { useCaseRouting, type RoutingDecision } from './routing-api.ts';
import { decisionHeadline, decisionLines, passedOverLines, ruleConsideredText, ruleDecisionOf, type WordsContext } from './routing-words.ts';

/**
 * "Why me?" on the case page: a button that opens the case's routing in words (GET
 * /cases/{id}/routing): where it stands now, the latest decision (rule, queue, strategy, why this
 * agent, why each other candidate was passed over), earlier ones folded. A supervisor who may
 * transfer or assign the case also gets "change routing" with a reason.
 */
export function WhyMeButton({ c }: { c: Pick<Case, 'id' | 'number' | 'assigneeId' | 'allowed'> }) {
  const { t } = useLocale();
  const me = useSession();
  const narrow = useNarrow();
  const [open, setOpen] = useState(false);
  const mine = c.assigneeId === me.id;
  const label = mine ? t('routing.whyMe.button') : t('routing.whyMe.historyButton');
  return (
    <>
      {/* A phone's card header has room for the icon only; the name stays for screen readers. */}
      <Button size="small" icon={<QuestionCircleOutlined />} onClick={() => setOpen(true)} aria-label={label} aria-haspopup="dialog" aria-expanded={open} data-testid="why-me">
        {narrow ? null : label}
      </Button>
      <Drawer open={open} onClose={() => setOpen(false)} placement="right" size={narrow ? 360 : 560} title={label} destroyOnHidden data-testid="why-me-drawer">
        {open && <CaseRoutingView c={c} />}
      </Drawer>
    </>
  );
}

function CaseRoutingView({ c }: { c: Pick<Case, 'id' | 'number' | 'allowed'> }) {
  const { t, locale } = useLocale();
  const routing = useCaseRouting(c.id, true);
  const types = useCaseTypes();
  const [overriding, setOverriding] = useState(false);
  const allowed = allowedOf(c);
  const ctx: WordsContext = useMemo(() => ({ t, caseTypeName: (key: string) => caseTypeName(types.data, key), formatAt: (iso: string) => formatDateTime(iso, locale) }), [t, types.data, locale]);
  if (routing.isPending) return <Spin />;
  if (routing.isError) return <LoadError error={routing.error} retry={() => void routing.refetch()} />;
  const r = routing.data;
  const [latest, ...older] = r.decisions;
  const queueRule = latest && !latest.rule ? ruleDecisionOf(r.decisions, r.queue?.id) : undefined;
  const canOverride = allowed.transfer || allowed.assign;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <section aria-labelledby="routing-now">
        <Typography.Title level={2} id="routing-now" style={{ fontSize: 15 }}>
          {t('routing.whyMe.current')}
        </Typography.Title>
        <Descriptions size="small" column={1} data-testid="routing-now">
          <Descriptions.Item label={t('routing.whyMe.queue')}>
            <span data-testid="routing-queue">{r.queue?.name ?? t('routing.why.noQueue')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('routing.whyMe.assignee')}>
            <span data-testid="routing-assignee">{r.assignee?.displayName ?? t('routing.whyMe.unassigned')}</span>
          </Descriptions.Item>
          {r.waitingSince && <Descriptions.Item label={t('routing.whyMe.waitingSince')}>{formatDateTime(r.waitingSince, locale)}</Descriptions.Item>}
          {r.overflowAt && <Descriptions.Item label={t('routing.whyMe.overflowAt')}>{formatDateTime(r.overflowAt, locale)}</Descriptions.Item>}
        </Descriptions>
        {r.pendingOffer && (
          <Typography.Paragraph type="warning">{t('routing.whyMe.pendingOffer', { name: r.pendingOffer.user.displayName, at: formatDateTime(r.pendingOffer.expiresAt, locale) })}</Typography.Paragraph>
        )}
        {queueRule?.rule && (
          <Typography.Paragraph data-testid="routing-queue-rule">{t('routing.whyMe.queueBecause', { rule: queueRule.rule.name, at: formatDateTime(queueRule.at, locale) })}</Typography.Paragraph>
        )}
        {canOverride && (
          <Button icon={<SwapOutlined />} onClick={() => setOverriding(true)} data-testid="routing-override">
            {t('routing.override.button')}
          </Button>
        )}
      </section>
      {latest ? (
        <section aria-labelledby="routing-latest" data-testid="routing-latest">
          <Typography.Title level={2} id="routing-latest" style={{ fontSize: 15 }}>
            {t('routing.whyMe.latest')}
          </Typography.Title>
          <DecisionView d={latest} ctx={ctx} />
        </section>
      ) : (
        <Empty description={t('routing.whyMe.empty')} />
      )}
      {older.length > 0 && (
        <section aria-labelledby="routing-older">
          <Typography.Title level={2} id="routing-older" style={{ fontSize: 15 }}>
            {t('routing.whyMe.older', { count: older.length })}
          </Typography.Title>
          <Collapse
            size="small"
            data-testid="routing-older"
            items={older.map((d) => ({
              key: d.id,
              label: (
                <span data-testid="routing-older-decision">
                  {formatDateTime(d.at, locale)} · {decisionHeadline(d, t)}
                </span>
              ),
              children: <DecisionView d={d} ctx={ctx} withHeadline={false} />,
            }))}
          />
        </section>
      )}
      {overriding && <OverrideDialog caseId={c.id} caseNumber={c.number} routing={r} canTransfer={allowed.transfer} canAssign={allowed.assign} onClose={() => setOverriding(false)} />}
    </Space>
  );
}

/** One decision: its headline, the sentences explaining it, the candidates passed over and the rules checked (folded). */
function DecisionView({ d, ctx, withHeadline = true }: { d: RoutingDecision; ctx: WordsContext; withHeadline?: boolean }) {
  const { t } = ctx;
  const passed = passedOverLines(d, ctx);
  return (
    <div data-testid="routing-decision" data-outcome={d.outcome}>
      {/* A folded earlier decision already shows its headline on the fold. */}
      {withHeadline && (
        <Typography.Paragraph strong style={{ marginBottom: 4 }} data-testid="routing-headline">
          {decisionHeadline(d, t)}
        </Typography.Paragraph>
      )}
      <ul style={{ margin: '0 0 8px', paddingLeft: 18 }} data-testid="routing-lines">
        {decisionLines(d, ctx).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {d.candidates.length > 0 && (
        <>
          <Typography.Text type="secondary">{t('routing.candidates.title')}</Typography.Text>
          {passed.length === 0 ? (
            <Typography.Paragraph type="secondary">{t('routing.candidates.none')}</Typography.Paragraph>
          ) : (
            <ul style={{ margin: '0 0 8px', paddingLeft: 18 }} data-testid="routing-passed-over">
              {passed.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {d.rulesConsidered.length > 0 && (
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'rules',
              label: t('routing.rules.title'),
              children: (
                <ol style={{ margin: 0, paddingLeft: 18 }} data-testid="routing-rules">
                  {d.rulesConsidered.map((rule) => (
                    <li key={rule.key}>{ruleConsideredText(rule, t)}</li>
                  ))}
                </ol>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
