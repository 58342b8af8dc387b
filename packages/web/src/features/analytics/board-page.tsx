import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, Popconfirm, Segmented, Select, Space, Spin } from 'antd';
import { ArrowUpOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { AnalyticsFrame } from './analytics-frame.tsx';
import { createBoard, deleteBoard, reportKeys, updateBoard, useBoard, useReports, useSavedReportResult, type Board, type SavedReport } from './report-api.ts';
import { ReportView } from './report-chart.tsx';

interface Tile {
  /** The tile's own key on this screen (a report may sit on a board twice). */
  uid: string;
  reportId: string;
  w: 6 | 12;
}

/** Tiles in reading order, packed into rows of the 12-column grid (a half next to a half). */
function placed(tiles: Tile[]) {
  let x = 0;
  let y = 0;
  return tiles.map((tile) => {
    if (x + tile.w > 12) {
      x = 0;
      y += 1;
    }
    const at = { reportId: tile.reportId, x, y, w: tile.w, h: 4 };
    x += tile.w;
    return at;
  });
}

const tilesOf = (board: Board): Tile[] => [...board.tiles].sort((a, b) => a.y - b.y || a.x - b.x).map((t) => ({ uid: crypto.randomUUID(), reportId: t.reportId, w: t.w > 6 ? 12 : 6 }));

/** A board: saved reports side by side, each run with the reader's own policy. */
export function BoardPage() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const narrow = useNarrow();
  const queryClient = useQueryClient();
  const me = useSession();
  const { id } = useParams<{ id: string }>();
  const isNew = id === 'new';
  const board = useBoard(id);
  const reports = useReports();
  const mayDesign = useCan('analytics:design');
  const [editing, setEditing] = useState(isNew);
  const [name, setName] = useState('');
  const [tiles, setTiles] = useState<Tile[]>([]);
  const [roles, setRoles] = useState<string[]>([]);
  useEffect(() => {
    if (!board.data) return;
    setName(board.data.name);
    setTiles(tilesOf(board.data));
    setRoles(board.data.sharedWithRoles);
  }, [board.data]);

  if (board.isError) return <AnalyticsFrame title={t('analyticsReports.board.title')}>{<LoadError error={board.error} retry={() => void board.refetch()} />}</AnalyticsFrame>;
  if (!isNew && !board.data) return <Spin />;
  const mayChange = isNew ? mayDesign : (board.data?.mayChange ?? false) && mayDesign;
  const reportById = new Map((reports.data ?? []).map((r) => [r.id, r]));

  const save = async () => {
    const body = { name: name.trim(), tiles: placed(tiles), sharedWithRoles: roles };
    try {
      const saved = board.data ? await updateBoard(board.data.id, board.data.version, body) : await createBoard(body);
      await queryClient.invalidateQueries({ queryKey: reportKeys.boards });
      queryClient.setQueryData(reportKeys.board(saved.id), saved);
      void message.success(t('analyticsReports.board.saved'));
      setEditing(false);
      if (isNew) void navigate(`/analytics/boards/${saved.id}`, { replace: true });
    } catch (error) {
      showProblem(message, error, t);
    }
  };
  const remove = async () => {
    try {
      await deleteBoard(board.data!.id, board.data!.version);
      await queryClient.invalidateQueries({ queryKey: reportKeys.boards });
      void navigate('/analytics/reports');
    } catch (error) {
      showProblem(message, error, t);
    }
  };

  const extra = mayChange && !editing && (
    <Space wrap>
      <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
        {t('analyticsReports.board.edit')}
      </Button>
      <Popconfirm title={t('analyticsReports.board.delete')} onConfirm={() => void remove()}>
        <Button danger icon={<DeleteOutlined />}>
          {t('analyticsReports.board.delete')}
        </Button>
      </Popconfirm>
    </Space>
  );
  const roleOptions = [...new Set([...me.roles, ...roles, 'analyst', 'supervisor', 'agent', 'auditor'])].map((r) => ({ value: r, label: r }));
  return (
    <AnalyticsFrame title={board.data?.name ?? t('analyticsReports.list.newBoard')} extra={extra}>
      {editing && (
        <Card size="small">
          <Space direction="vertical" style={{ width: '100%', maxWidth: 640 }}>
            <Input aria-label={t('analyticsReports.board.name')} placeholder={t('analyticsReports.board.name')} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
            <Select
              aria-label={t('analyticsReports.board.addReport')}
              placeholder={t('analyticsReports.board.addReport')}
              value={null}
              options={(reports.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              onChange={(reportId: string) => setTiles([...tiles, { uid: crypto.randomUUID(), reportId, w: 6 }])}
              disabled={tiles.length >= 24}
            />
            <Select aria-label={t('analyticsReports.designer.share')} placeholder={t('analyticsReports.designer.share')} mode="tags" value={roles} options={roleOptions} onChange={setRoles} />
            <Space>
              <Button type="primary" disabled={name.trim() === ''} onClick={() => void save()}>
                {t('analyticsReports.board.save')}
              </Button>
              {!isNew && <Button onClick={() => setEditing(false)}>{t('analyticsReports.board.done')}</Button>}
            </Space>
          </Space>
        </Card>
      )}
      {tiles.length === 0 ? (
        <Empty description={t('analyticsReports.board.empty')} />
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: narrow ? '1fr' : 'repeat(12, minmax(0, 1fr))', gap: 12 }}>
          {tiles.map((tile, i) => (
            <div key={tile.uid} style={{ gridColumn: narrow ? 'auto' : `span ${tile.w}`, minWidth: 0 }}>
              <BoardTile
                report={reportById.get(tile.reportId)}
                reportId={tile.reportId}
                editing={editing}
                tile={tile}
                onWidth={(w) => setTiles(tiles.map((x, j) => (j === i ? { ...x, w } : x)))}
                onUp={i > 0 ? () => setTiles([...tiles.slice(0, i - 1), tile, tiles[i - 1]!, ...tiles.slice(i + 1)]) : undefined}
                onRemove={() => setTiles(tiles.filter((_, j) => j !== i))}
              />
            </div>
          ))}
        </div>
      )}
    </AnalyticsFrame>
  );
}

function BoardTile({
  report,
  reportId,
  tile,
  editing,
  onWidth,
  onUp,
  onRemove,
}: {
  report: SavedReport | undefined;
  reportId: string;
  tile: Tile;
  editing: boolean;
  onWidth: (w: 6 | 12) => void;
  onUp?: () => void;
  onRemove: () => void;
}) {
  const { t } = useLocale();
  const result = useSavedReportResult(reportId);
  const controls = editing && (
    <Space size={4} wrap>
      <Segmented
        size="small"
        aria-label={t('analyticsReports.board.width')}
        value={tile.w}
        onChange={(w) => onWidth(w as 6 | 12)}
        options={[
          { value: 6, label: t('analyticsReports.board.half') },
          { value: 12, label: t('analyticsReports.board.full') },
        ]}
      />
      {onUp && <Button size="small" aria-label={t('analyticsReports.board.moveUp')} icon={<ArrowUpOutlined />} onClick={onUp} />}
      <Button size="small" aria-label={t('analyticsReports.board.remove')} icon={<DeleteOutlined />} onClick={onRemove} />
    </Space>
  );
  return (
    <Card size="small" title={report ? <Link to={`/analytics/reports/${reportId}`}>{report.name}</Link> : t('analyticsReports.board.unavailable')} extra={controls}>
      {!report ? (
        <Alert type="info" title={t('analyticsReports.board.unavailable')} />
      ) : result.isError ? (
        <LoadError error={result.error} retry={() => void result.refetch()} />
      ) : !result.data ? (
        <Spin />
      ) : (
        <ReportView result={result.data} chart={report.definition.chart} title={report.name} compact />
      )}
    </Card>
  );
}
