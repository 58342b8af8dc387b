import { Card, Checkbox, Empty, Space, Spin, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Case } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime, PriorityTag, StatusTag } from '../../components/case-tags.tsx';
import { useStatusLabel } from './case-status.ts';
import { CaseDue } from '../sla/case-due.tsx';

export interface CaseCardListProps {
  rows: Case[];
  loading: boolean;
  /** What the table's columns show, rendered the same way. */
  typeName: (key: string) => string;
  assigneeName: (id: string | null, name?: string | null) => string;
  /** Browser-to-server clock offset, so countdowns run on the server's time. */
  slaOffsetMs?: number;
  /** Bulk selection, when the workspace offers it. */
  selection?: { selectedIds: string[]; onChange: (rows: Case[]) => void };
  empty: React.ReactNode;
}

/**
 * The workspace's cases on a phone: one card per case instead of a 1,400 px table, with what an
 * agent decides on first (number, status, priority, title, type, assignee, times). Each card is a
 * list item; the number is the link to the case, the checkbox (if any) selects it for bulk actions.
 */
export function CaseCardList({ rows, loading, typeName, assigneeName, slaOffsetMs = 0, selection, empty }: CaseCardListProps) {
  const { t, locale } = useLocale();
  const labelOf = useStatusLabel();
  const selected = new Set(selection?.selectedIds ?? []);
  if (!loading && rows.length === 0) return <Empty description={empty} />;
  return (
    <Spin spinning={loading}>
      <ul aria-label={t('workspace.title')} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }} data-testid="case-cards">
        {rows.map((c) => (
          <li key={c.id} data-testid="case-card">
            <Card size="small" styles={{ body: { padding: 10 } }}>
              <Space size={6} wrap style={{ width: '100%' }}>
                {selection && (
                  <Checkbox
                    checked={selected.has(c.id)}
                    aria-label={t('workspace.select', { number: c.number })}
                    onChange={(e) => selection.onChange(e.target.checked ? [...rows.filter((r) => selected.has(r.id)), c] : rows.filter((r) => selected.has(r.id) && r.id !== c.id))}
                  />
                )}
                <Link to={`/cases/${c.id}`} style={{ fontWeight: 600 }}>
                  {c.number}
                </Link>
                <StatusTag label={labelOf(c)} category={c.statusCategory} />
                <PriorityTag priority={c.priority} />
              </Space>
              <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '6px 0 4px', overflowWrap: 'anywhere' }}>
                {c.title}
              </Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
                {typeName(c.type)} · {t('case.assignee')}: {assigneeName(c.assigneeId, c.assigneeName)} · {t('case.createdAt')}: {formatDateTime(c.createdAt, locale)}
              </Typography.Text>
              {(c.dueAt || c.slaState === 'paused') && (
                <div style={{ marginTop: 4, fontSize: 12 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('case.dueAt')}:{' '}
                  </Typography.Text>
                  <CaseDue c={c} offsetMs={slaOffsetMs} inline />
                </div>
              )}
            </Card>
          </li>
        ))}
      </ul>
    </Spin>
  );
}
