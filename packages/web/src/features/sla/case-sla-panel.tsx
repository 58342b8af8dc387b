import { useState } from 'react';
import { Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, EditOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CaseLifecycle } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { translateIfKnown } from '../../i18n/i18n.ts';
import { statusLabel } from '../cases/case-status.ts';
import { caseSlaKey, fetchCaseSla, type SlaTargetView } from './sla-api.ts';
import { SlaCountdown, useServerOffset } from './sla-countdown.tsx';
import { SlaOverrideDialog } from './sla-override-dialog.tsx';
import { formatBusinessSeconds } from './sla-time.ts';
import { slaLevelWhen, slaTargetName } from './sla-words.ts';

const isOpen = (target: SlaTargetView) => target.state === 'running' || target.state === 'paused';

function StoppedTag({ target }: { target: SlaTargetView }) {
  const { t } = useLocale();
  if (target.state === 'canceled') return <Tag data-testid="sla-outcome">{t('sla.state.canceled')}</Tag>;
  return target.onTime ? (
    <Tag color="green" icon={<CheckCircleOutlined />} data-testid="sla-outcome" data-on-time="true">
      {t('sla.state.met-on-time')}
    </Tag>
  ) : (
    <Tag color="red" data-testid="sla-outcome" data-on-time="false">
      {t('sla.state.met-late')}
    </Tag>
  );
}

function SlaTargetItem({ target, offsetMs, lifecycle, onOverride }: { target: SlaTargetView; offsetMs: number; lifecycle?: CaseLifecycle; onOverride?: () => void }) {
  const { t, locale } = useLocale();
  const name = slaTargetName(target, t);
  const open = isOpen(target);
  const details = [
    target.dueAt && `${t('sla.panel.dueAt')} ${formatDateTime(target.dueAt, locale)}`,
    `${t('sla.panel.calendar')} ${target.calendar.name}`,
    `${t('sla.panel.policy')} ${target.policy ? target.policy.name : t('sla.panel.noPolicy')}`,
    t('sla.panel.used', { used: formatBusinessSeconds(target.usedSeconds, t), budget: formatBusinessSeconds(target.budgetSeconds, t) }),
  ].filter(Boolean);
  return (
    <li data-testid="sla-target" data-key={target.key} data-state={target.state} style={{ padding: '8px 0', borderBottom: '1px solid rgba(5,5,5,0.06)' }}>
      <Space wrap size={[8, 4]} style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap size={[8, 4]}>
          <Typography.Text strong data-testid="sla-target-name">
            {name}
          </Typography.Text>
          {target.attempt > 1 && <Tag>{t('sla.panel.attempt', { n: target.attempt })}</Tag>}
          {open ? <SlaCountdown dueAt={target.dueAt} state={target.risk} offsetMs={offsetMs} label={name} /> : <StoppedTag target={target} />}
        </Space>
        {open && onOverride && (
          <Button size="small" icon={<EditOutlined />} onClick={onOverride} data-testid="sla-override" aria-label={`${t('sla.override.button')}: ${name}`}>
            {t('sla.override.button')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12, overflowWrap: 'anywhere' }}>
        {details.join(' · ')}
        {!open && target.stoppedAt && ` · ${t('sla.panel.stoppedAt', { at: formatDateTime(target.stoppedAt, locale) })}`}
      </Typography.Paragraph>
      {target.state === 'paused' && target.pauseStatuses.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '2px 0 0', fontSize: 12 }}>
          {t('sla.panel.pausedOn', { statuses: target.pauseStatuses.map((s) => statusLabel(lifecycle, s, locale, t)).join(t('sla.listSeparator')) })}
        </Typography.Paragraph>
      )}
      {target.override && (
        <Typography.Paragraph style={{ margin: '2px 0 0', fontSize: 12 }} data-testid="sla-override-note">
          {t('sla.override.by', { name: target.override.byName ?? t('sla.override.someone'), reason: target.override.reason })}
        </Typography.Paragraph>
      )}
      {target.levels.length > 0 && (
        <ul aria-label={`${name}: ${t('sla.panel.levels')}`} style={{ listStyle: 'none', margin: '4px 0 0', padding: 0, display: 'flex', flexWrap: 'wrap', gap: 4 }}>
          {target.levels.map((level) => {
            const when = slaLevelWhen(level.at, t);
            const actions = level.actions.map((a) => translateIfKnown(t, `sla.action.${a}`) ?? a).join(t('sla.listSeparator'));
            const status = level.fired
              ? t('sla.level.fired')
              : level.fireAt
                ? t('sla.level.upcoming', { at: formatDateTime(level.fireAt, locale) })
                : target.state === 'paused'
                  ? t('sla.level.notScheduled')
                  : undefined;
            return (
              <li key={level.index} data-testid="sla-level" data-fired={level.fired ? 'true' : 'false'}>
                <Tag color={level.fired ? (level.at.kind === 'share' || level.at.kind === 'before-due' ? 'orange' : 'red') : undefined} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
                  {level.fired && <CheckCircleOutlined aria-hidden style={{ marginInlineEnd: 4 }} />}
                  {actions ? t('sla.level.withActions', { when, actions }) : when}
                  {status && ` · ${status}`}
                </Tag>
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}

/** The case's clocks and the browser-to-server clock offset; refetched when the case changes. */
export function useCaseSla(caseId: string, caseVersion: number | undefined) {
  const query = useQuery({
    queryKey: [...caseSlaKey(caseId), caseVersion],
    enabled: caseVersion !== undefined,
    queryFn: () => fetchCaseSla(caseId),
    placeholderData: keepPreviousData,
    // Levels fire on the server's scheduler: look again now and then while the page is open.
    refetchInterval: 30_000,
  });
  const offsetMs = useServerOffset(query.data?.now, query.dataUpdatedAt);
  return { query, offsetMs };
}

export interface CaseSlaPanelProps {
  caseId: string;
  sla: ReturnType<typeof useCaseSla>;
  /** The case view's allowed.assign: only then is an override offered. */
  canOverride: boolean;
  /** A resolved or closed case gets no new resolution clock by hand. */
  finished: boolean;
  lifecycle?: CaseLifecycle;
}

/**
 * The case's SLA targets (GET /cases/{id}/sla): each clock with what it is for, a live countdown on
 * the server's clock, its due time, calendar and policy, pause state, level marks (fired, or
 * when they will fire), and once stopped whether it was met on time. An override dialog for
 * readers the case view allows to assign.
 */
export function CaseSlaPanel({ caseId, sla: { query: sla, offsetMs }, canOverride, finished, lifecycle }: CaseSlaPanelProps) {
  const { t } = useLocale();
  const [overriding, setOverriding] = useState<{ key: string; name: string; dueAt: string | null } | null>(null);
  const items = sla.data?.items ?? [];
  const hasOpenResolution = items.some((target) => target.kind === 'resolution' && isOpen(target));
  return (
    <Card
      title={t('sla.panel.title')}
      size="small"
      data-testid="case-sla"
      extra={
        canOverride &&
        !finished &&
        sla.isSuccess &&
        !hasOpenResolution && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setOverriding({ key: 'resolution', name: t('sla.kind.resolution'), dueAt: null })} data-testid="sla-start-resolution">
            {t('sla.override.startResolution')}
          </Button>
        )
      }
    >
      {sla.isError && !sla.data ? (
        <LoadError error={sla.error} retry={() => sla.refetch()} />
      ) : sla.isPending ? (
        <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sla.panel.empty')} />
      ) : (
        <ul aria-label={t('sla.panel.title')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((target) => (
            <SlaTargetItem
              key={target.id}
              target={target}
              offsetMs={offsetMs}
              lifecycle={lifecycle}
              onOverride={canOverride ? () => setOverriding({ key: target.key, name: slaTargetName(target, t), dueAt: target.dueAt }) : undefined}
            />
          ))}
        </ul>
      )}
      <SlaOverrideDialog caseId={caseId} targetKey={overriding?.key ?? null} targetName={overriding?.name ?? ''} currentDueAt={overriding?.dueAt} onClose={() => setOverriding(null)} />
    </Card>
  );
}
