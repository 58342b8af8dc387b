import { useMemo, useState } from 'react';
import { Button, Card, Col, Empty, Form, Input, List, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { BarChartOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useReachableDepartments } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { caseTypeName, useCaseTypes } from '../cases/case-queries.ts';
import { useStatusLabel } from '../cases/case-status.ts';
import { DueCountdown, useServerNow } from './due-countdown.tsx';
import { ReassignDialog } from './reassign-dialog.tsx';
import { filtersOf, RISK_COLORS, SLA_RISKS, searchOf, useSlaBoard, type SlaBoardCase, type SlaBoardFilters, type SlaBoardGroup } from './sla-board-api.ts';

const COUNT_OF = { 'on-track': 'onTrack', 'at-risk': 'atRisk', breached: 'breached', paused: 'paused' } as const;

/**
 * The supervisor's board (sla:read): the unfinished cases the reader may read, by team
 * (department) and queue, with how many stand on track, at risk, overdue and paused, and the
 * cases soonest due with live countdowns on the server's clock. A case the reader may assign is
 * reassigned in one step.
 */
export function SlaBoardPage() {
  const { t } = useLocale();
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersOf(search), [search]);
  const board = useSlaBoard(filters);
  const now = useServerNow(board.data?.offsetMs ?? 0);
  const [reassigning, setReassigning] = useState<SlaBoardCase | null>(null);
  const apply = (next: SlaBoardFilters) => setSearch(searchOf(next), { replace: true });
  return (
    <Card
      title={
        <Space orientation="vertical" size={0}>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {t('slaBoard.title')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', whiteSpace: 'normal' }}>
            {t('slaBoard.subtitle')}
          </Typography.Text>
        </Space>
      }
      extra={
        <Link to="/sla/report">
          <Button icon={<BarChartOutlined />} data-testid="to-report">
            {t('slaBoard.toReport')}
          </Button>
        </Link>
      }
      data-testid="sla-board"
    >
      <BoardFilters filters={filters} onChange={apply} refresh={() => void board.refetch()} refreshing={board.isFetching} />
      {board.error ? (
        <LoadError error={board.error} retry={() => void board.refetch()} />
      ) : !board.data ? (
        <Spin />
      ) : board.data.groups.length === 0 ? (
        <Empty description={t('slaBoard.empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          {board.data.groups.map((group) => (
            <Col xs={24} xl={12} key={`${group.departmentId ?? ''}|${group.queue ?? ''}`}>
              <GroupCard group={group} now={now} onReassign={setReassigning} />
            </Col>
          ))}
        </Row>
      )}
      <ReassignDialog target={reassigning} onClose={() => setReassigning(null)} />
    </Card>
  );
}

function BoardFilters({ filters, onChange, refresh, refreshing }: { filters: SlaBoardFilters; onChange: (f: SlaBoardFilters) => void; refresh: () => void; refreshing: boolean }) {
  const { t } = useLocale();
  const departments = useReachableDepartments('case:read');
  const types = useCaseTypes();
  const [queue, setQueue] = useState(filters.queue ?? '');
  return (
    <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} aria-label={t('slaBoard.filters')} onFinish={() => onChange({ ...filters, queue: queue.trim() || undefined })}>
      <Form.Item>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={filters.departmentId}
          onChange={(departmentId?: string) => onChange({ ...filters, departmentId })}
          placeholder={t('slaBoard.anyDepartment')}
          aria-label={t('slaBoard.department')}
          style={{ width: 170 }}
          options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          data-testid="board-department"
        />
      </Form.Item>
      <Form.Item>
        <Input
          allowClear
          value={queue}
          onChange={(e) => setQueue(e.target.value)}
          onBlur={() => onChange({ ...filters, queue: queue.trim() || undefined })}
          placeholder={t('slaBoard.queuePlaceholder')}
          aria-label={t('slaBoard.queue')}
          style={{ width: 130 }}
        />
      </Form.Item>
      <Form.Item>
        <Select
          allowClear
          value={filters.caseType}
          onChange={(caseType?: string) => onChange({ ...filters, caseType })}
          placeholder={t('slaBoard.anyCaseType')}
          aria-label={t('slaBoard.caseType')}
          style={{ width: 150 }}
          options={(types.data ?? []).map((type) => ({ value: type.key, label: type.name }))}
        />
      </Form.Item>
      <Form.Item>
        <Select
          mode="multiple"
          allowClear
          value={filters.risks ?? []}
          onChange={(risks: SlaBoardFilters['risks']) => onChange({ ...filters, risks })}
          placeholder={t('slaBoard.risk')}
          aria-label={t('slaBoard.risk')}
          style={{ minWidth: 170 }}
          maxTagCount="responsive"
          options={SLA_RISKS.map((r) => ({ value: r, label: t(`sla.risk.${r}`) }))}
          data-testid="board-risk"
        />
      </Form.Item>
      <Form.Item>
        <Space wrap>
          <Button onClick={() => onChange({ ...filters, risks: ['at-risk', 'breached'] })} data-testid="only-risky">
            {t('slaBoard.onlyRisky')}
          </Button>
          <Button icon={<ReloadOutlined />} loading={refreshing} onClick={refresh} aria-label={t('slaBoard.refresh')} />
        </Space>
      </Form.Item>
    </Form>
  );
}

function GroupCard({ group, now, onReassign }: { group: SlaBoardGroup; now: number; onReassign: (c: SlaBoardCase) => void }) {
  const { t } = useLocale();
  const types = useCaseTypes();
  const statusLabel = useStatusLabel();
  const title = t('slaBoard.groupLabel', { department: group.departmentName ?? t('slaBoard.noDepartment'), queue: group.queue ?? t('slaBoard.noQueue') });
  const total = group.counts.onTrack + group.counts.atRisk + group.counts.breached + group.counts.paused;
  return (
    <Card
      size="small"
      title={
        <Typography.Title level={2} style={{ fontSize: 15, margin: 0, whiteSpace: 'normal' }}>
          {title}
        </Typography.Title>
      }
      data-testid="board-group"
    >
      <Space wrap size={[4, 4]} style={{ marginBottom: 8 }} role="group" aria-label={t('slaBoard.countsLabel', group.counts)} data-testid="board-counts">
        {SLA_RISKS.map((risk) => (
          <Tag key={risk} color={RISK_COLORS[risk]} data-testid={`count-${risk}`} aria-hidden>
            {t(`sla.risk.${risk}`)} <strong>{group.counts[COUNT_OF[risk]]}</strong>
          </Tag>
        ))}
      </Space>
      <List
        size="small"
        dataSource={group.cases}
        renderItem={(c) => (
          <List.Item
            data-testid="board-case"
            actions={
              c.canAssign
                ? [
                    <Button key="reassign" size="small" onClick={() => onReassign(c)} data-testid="reassign" aria-label={`${t('slaBoard.reassign')} ${c.number}`}>
                      {t('slaBoard.reassign')}
                    </Button>,
                  ]
                : []
            }
            style={{ flexWrap: 'wrap', rowGap: 4 }}
          >
            <Space orientation="vertical" size={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
              <Space wrap size={[6, 2]}>
                <Link to={`/cases/${c.id}`}>{c.number}</Link>
                <DueCountdown dueAt={c.dueAt} state={c.slaState} now={now} />
              </Space>
              <Typography.Text ellipsis={{ tooltip: c.title }} style={{ maxWidth: '100%' }}>
                {c.title}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {caseTypeName(types.data, c.type)} · {t(`priority.${c.priority}`)} · {statusLabel(c)} · {t('slaBoard.assignee')}:{' '}
                <span data-testid="board-assignee">{c.assigneeName ?? t('slaBoard.unassigned')}</span>
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {total > group.cases.length && group.cases.length >= 50 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('slaBoard.more', { count: total - group.cases.length })}
        </Typography.Text>
      )}
    </Card>
  );
}
