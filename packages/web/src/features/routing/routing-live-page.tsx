import { Button, Card, Empty, List, Progress, Space, Spin, Table, Tag, Typography, type TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { useServerNow } from '../sla-board/due-countdown.tsx';
import { useServerOffset } from '../sla/sla-countdown.tsx';
import { PresenceDot } from './routing-header.tsx';
import { useRoutingLive, type LiveAgent, type LiveQueue } from './routing-api.ts';
import { ageText, capacityText, loadPercent, loadStatus, presenceLabel, strategyText } from './routing-words.ts';
import type { Translate } from '../../i18n/i18n.ts';

/**
 * The supervisor's live view of queues and agents (routing:read; GET /routing/live every 15 s):
 * per queue what waits, since when (a live age on the server's clock), how many are at SLA risk,
 * and how many of its agents are available; per agent presence and load against capacity. Tables
 * on a wide screen, cards on a phone.
 */
export function RoutingLivePage() {
  const { t, locale } = useLocale();
  const narrow = useNarrow();
  const live = useRoutingLive();
  const offsetMs = useServerOffset(live.data?.now, live.dataUpdatedAt);
  const now = useServerNow(offsetMs);
  const queueNames = new Map((live.data?.queues ?? []).map((q) => [q.id, q.name]));
  return (
    <Card
      title={
        <Space orientation="vertical" size={0}>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {t('routing.live.title')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', whiteSpace: 'normal' }}>
            {t('routing.live.subtitle')}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space wrap>
          {/* Routing settings hang off this page: the top menu has room for one routing entry. */}
          <Link to="/admin/routing/queues" data-testid="routing-settings-link">
            {t('nav.routingAdmin')}
          </Link>
          {live.data && !narrow && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('routing.live.updated', { at: formatDateTime(live.data.now, locale) })}
            </Typography.Text>
          )}
          <Button icon={<ReloadOutlined />} loading={live.isFetching} onClick={() => void live.refetch()} aria-label={t('routing.live.refresh')} data-testid="live-refresh" />
        </Space>
      }
      data-testid="routing-live"
    >
      {live.error && !live.data ? (
        <LoadError error={live.error} retry={() => void live.refetch()} />
      ) : !live.data ? (
        <Spin />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <section aria-labelledby="live-queues">
            <Typography.Title level={2} id="live-queues" style={{ fontSize: 16 }}>
              {t('routing.live.queues')}
            </Typography.Title>
            {narrow ? <QueueCards queues={live.data.queues} now={now} /> : <QueueTable queues={live.data.queues} now={now} />}
          </section>
          <section aria-labelledby="live-agents">
            <Typography.Title level={2} id="live-agents" style={{ fontSize: 16 }}>
              {t('routing.live.agents')}
            </Typography.Title>
            {narrow ? <AgentCards agents={live.data.agents} now={now} queueNames={queueNames} /> : <AgentTable agents={live.data.agents} now={now} queueNames={queueNames} />}
          </section>
        </Space>
      )}
    </Card>
  );
}

function OldestWaiting({ since, now, t }: { since: string | null; now: number; t: Translate }) {
  if (!since) return <Typography.Text type="secondary">{t('routing.live.noneWaiting')}</Typography.Text>;
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="live-oldest">
      {ageText(since, now, t)}
    </span>
  );
}

function AtRisk({ count }: { count: number }) {
  return count > 0 ? (
    <Tag color="orange" data-testid="live-at-risk">
      {count}
    </Tag>
  ) : (
    <span data-testid="live-at-risk">0</span>
  );
}

const modeStrategy = (q: LiveQueue, t: Translate) => t('routing.live.modeStrategy', { mode: t(`routing.mode.${q.mode}`), strategy: strategyText(q.strategy, t) });

function QueueTable({ queues, now }: { queues: LiveQueue[]; now: number }) {
  const { t } = useLocale();
  const columns: TableProps<LiveQueue>['columns'] = [
    { title: t('routing.live.queue'), dataIndex: 'name', render: (name: string) => <span data-testid="live-queue-name">{name}</span> },
    { title: t('routing.live.mode'), key: 'mode', render: (_: unknown, q) => modeStrategy(q, t) },
    { title: t('routing.live.waiting'), dataIndex: 'waiting', align: 'right', render: (n: number) => <span data-testid="live-waiting">{n}</span> },
    { title: t('routing.live.oldest'), dataIndex: 'oldestWaitingSince', render: (since: string | null) => <OldestWaiting since={since} now={now} t={t} /> },
    { title: t('routing.live.atRisk'), dataIndex: 'atSlaRisk', align: 'right', render: (n: number) => <AtRisk count={n} /> },
    { title: t('routing.live.assigned'), dataIndex: 'assigned', align: 'right' },
    { title: t('routing.live.agentsAvailable'), key: 'agents', align: 'right', render: (_: unknown, q) => t('routing.live.agentsOf', { available: q.agentsAvailable, total: q.agentsTotal }) },
  ];
  return (
    <Table<LiveQueue>
      rowKey="id"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={queues}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('routing.live.noQueues') }}
      onRow={() => ({ 'data-testid': 'live-queue' }) as never}
      data-testid="live-queues"
    />
  );
}

function QueueCards({ queues, now }: { queues: LiveQueue[]; now: number }) {
  const { t } = useLocale();
  if (queues.length === 0) return <Empty description={t('routing.live.noQueues')} />;
  return (
    <List
      dataSource={queues}
      rowKey="id"
      data-testid="live-queues"
      renderItem={(q) => (
        <List.Item data-testid="live-queue">
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Typography.Text strong data-testid="live-queue-name">
              {q.name}
            </Typography.Text>
            <Typography.Text type="secondary">{modeStrategy(q, t)}</Typography.Text>
            <Space wrap size={[12, 2]}>
              <span>
                {t('routing.live.waiting')}: <span data-testid="live-waiting">{q.waiting}</span>
              </span>
              <span>
                {t('routing.live.oldest')}: <OldestWaiting since={q.oldestWaitingSince} now={now} t={t} />
              </span>
              <span>
                {t('routing.live.atRisk')}: <AtRisk count={q.atSlaRisk} />
              </span>
              <span>
                {t('routing.live.assigned')}: {q.assigned}
              </span>
              <span>
                {t('routing.live.agentsAvailable')}: {t('routing.live.agentsOf', { available: q.agentsAvailable, total: q.agentsTotal })}
              </span>
            </Space>
          </Space>
        </List.Item>
      )}
    />
  );
}

function PresenceCell({ agent, now }: { agent: LiveAgent; now: number }) {
  const { t } = useLocale();
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }} data-testid="live-presence" data-presence={agent.presence}>
      <PresenceDot presence={agent.presence} />
      {t('routing.live.presenceSince', { presence: presenceLabel(agent.presence, t), span: ageText(agent.presenceChangedAt, now, t) })}
    </span>
  );
}

function LoadBar({ agent }: { agent: LiveAgent }) {
  const { t } = useLocale();
  const percent = loadPercent(agent.load, agent.capacity);
  if (percent === null) return <span data-testid="live-load">{t('routing.live.loadNoLimit', { load: agent.load.total })}</span>;
  const text = capacityText(agent.load, agent.capacity, t);
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 140 }} data-testid="live-load">
      <Progress
        percent={percent}
        status={loadStatus(percent)}
        showInfo={false}
        size="small"
        style={{ flex: 1, margin: 0 }}
        aria-label={t('routing.live.loadAria', { load: agent.load.total, total: agent.capacity.total ?? 0 })}
      />
      <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{text}</span>
    </div>
  );
}

const queueList = (agent: LiveAgent, queueNames: Map<string, string>, t: Translate) =>
  agent.queueIds
    .map((id) => queueNames.get(id))
    .filter((name): name is string => !!name)
    .join(t('routing.listSeparator'));

function AgentTable({ agents, now, queueNames }: { agents: LiveAgent[]; now: number; queueNames: Map<string, string> }) {
  const { t } = useLocale();
  const columns: TableProps<LiveAgent>['columns'] = [
    { title: t('routing.live.agent'), dataIndex: 'displayName', render: (name: string) => <span data-testid="live-agent-name">{name}</span> },
    { title: t('routing.live.presence'), key: 'presence', render: (_: unknown, a) => <PresenceCell agent={a} now={now} /> },
    { title: t('routing.live.load'), key: 'load', width: 240, render: (_: unknown, a) => <LoadBar agent={a} /> },
    { title: t('routing.live.memberOf'), key: 'queues', render: (_: unknown, a) => queueList(a, queueNames, t) },
  ];
  return (
    <Table<LiveAgent>
      rowKey="userId"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={agents}
      locale={{ emptyText: t('routing.live.noAgents') }}
      onRow={() => ({ 'data-testid': 'live-agent' }) as never}
      data-testid="live-agents"
    />
  );
}

function AgentCards({ agents, now, queueNames }: { agents: LiveAgent[]; now: number; queueNames: Map<string, string> }) {
  const { t } = useLocale();
  if (agents.length === 0) return <Empty description={t('routing.live.noAgents')} />;
  return (
    <List
      dataSource={agents}
      rowKey="userId"
      data-testid="live-agents"
      renderItem={(a) => (
        <List.Item data-testid="live-agent">
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Typography.Text strong data-testid="live-agent-name">
              {a.displayName}
            </Typography.Text>
            <PresenceCell agent={a} now={now} />
            <LoadBar agent={a} />
            <Typography.Text type="secondary">{queueList(a, queueNames, t)}</Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}
