import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Col, Row, Skeleton, Table, Tabs, Tag, Typography, type TableProps } from 'antd';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { diff as semanticDiff, type BpmnDiff } from 'bpmn-js-differ';
import { structuredPatch } from 'diff';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import '../processes/diagram.css';
import './modeler.css';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { KeyboardScrollable } from '../../components/keyboard-scrollable.tsx';
import { elementTypeLabel } from '../processes/process-labels.ts';
import { docketModdleDescriptor } from './docket-extension.ts';

type Change = { id: string; kind: 'added' | 'removed' | 'changed' | 'layout'; type: string; name: string; details: string[] };

const KIND_COLORS: Record<Change['kind'], string> = { added: 'green', removed: 'red', changed: 'orange', layout: 'default' };

interface Viewer {
  importXML(xml: string): Promise<unknown>;
  getDefinitions(): unknown;
  get(name: string): unknown;
  destroy(): void;
}

/** A value of a changed attribute as a reader can take it in. */
function shown(value: unknown): string {
  if (value === undefined || value === null || value === '') return '∅';
  if (typeof value === 'object') return (value as { id?: string; $type?: string }).id ?? (value as { $type?: string }).$type ?? '…';
  return String(value);
}

/** The elements added, removed, changed (and only moved) between two versions: bpmn-js-differ over both definitions. */
export function changesOf(result: BpmnDiff): Change[] {
  const type = (t: string) => t.replace(/^bpmn:/, '');
  const rows: Change[] = [];
  for (const [id, el] of Object.entries(result._added)) rows.push({ id, kind: 'added', type: type(el.$type), name: el.name ?? '', details: [] });
  for (const [id, el] of Object.entries(result._removed)) rows.push({ id, kind: 'removed', type: type(el.$type), name: el.name ?? '', details: [] });
  for (const [id, change] of Object.entries(result._changed))
    rows.push({
      id,
      kind: 'changed',
      type: type(change.model.$type),
      name: change.model.name ?? '',
      details: Object.entries(change.attrs).map(([name, v]) => `${name}\u0000${shown(v.oldValue)}\u0000${shown(v.newValue)}`),
    });
  for (const [id, el] of Object.entries(result._layoutChanged)) if (!(id in result._changed)) rows.push({ id, kind: 'layout', type: type(el.$type), name: el.name ?? '', details: [] });
  return rows;
}

/** Two versions side by side, their elements marked, the changes listed, and the XML's text diff. */
export function VersionDiff({ fromVersion, toVersion, xmlOf }: { fromVersion: number; toVersion: number; xmlOf(version: number): Promise<string> }) {
  const { t } = useLocale();
  const narrow = useNarrow();
  const oldRef = useRef<HTMLElement>(null);
  const newRef = useRef<HTMLElement>(null);
  const [xml, setXml] = useState<{ before: string; after: string } | null>(null);
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([xmlOf(fromVersion), xmlOf(toVersion)]).then(
      ([before, after]) => live && setXml({ before, after }),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [fromVersion, toVersion, xmlOf]);

  useEffect(() => {
    if (!xml || !oldRef.current || !newRef.current) return;
    // The Docket extension is loaded so that a changed assignment or form counts as a change.
    const options = { moddleExtensions: { docket: docketModdleDescriptor() } };
    const before = new NavigatedViewer({ container: oldRef.current, ...options }) as unknown as Viewer;
    const after = new NavigatedViewer({ container: newRef.current, ...options }) as unknown as Viewer;
    let live = true;
    Promise.all([before.importXML(xml.before), after.importXML(xml.after)]).then(
      () => {
        if (!live) return;
        const rows = changesOf(semanticDiff(before.getDefinitions(), after.getDefinitions()));
        const mark = (viewer: Viewer, id: string, className: string) => {
          if ((viewer.get('elementRegistry') as { get(id: string): unknown }).get(id)) (viewer.get('canvas') as { addMarker(id: string, c: string): void }).addMarker(id, className);
        };
        for (const row of rows) {
          if (row.kind === 'removed') mark(before, row.id, 'docket-removed');
          if (row.kind === 'added') mark(after, row.id, 'docket-added');
          if (row.kind === 'changed') {
            mark(before, row.id, 'docket-changed');
            mark(after, row.id, 'docket-changed');
          }
        }
        for (const viewer of [before, after]) (viewer.get('canvas') as { zoom(l: string, c: string): void }).zoom('fit-viewport', 'auto');
        setChanges(rows);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
      before.destroy();
      after.destroy();
    };
  }, [xml]);

  const patch = useMemo(() => (xml ? structuredPatch(`v${fromVersion}.bpmn`, `v${toVersion}.bpmn`, xml.before, xml.after, '', '', { context: 2 }) : null), [xml, fromVersion, toVersion]);
  const counts = useMemo(() => {
    let added = 0;
    let removed = 0;
    for (const hunk of patch?.hunks ?? [])
      for (const line of hunk.lines) {
        if (line.startsWith('+')) added++;
        else if (line.startsWith('-')) removed++;
      }
    return { added, removed };
  }, [patch]);

  const columns: TableProps<Change>['columns'] = [
    { title: t('modeler.diff.kind'), dataIndex: 'kind', width: 100, render: (kind: Change['kind']) => <Tag color={KIND_COLORS[kind]}>{t(`modeler.diff.${kind}`)}</Tag> },
    {
      title: t('modeler.diff.element'),
      width: 220,
      render: (_v, row) => (
        <span>
          {row.name || <Typography.Text code>{row.id}</Typography.Text>}{' '}
          <Typography.Text type="secondary">· {elementTypeLabel(t, row.type.charAt(0).toLowerCase() + row.type.slice(1))}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('modeler.diff.details'),
      render: (_v, row) => (
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {row.details.map((d) => {
            const [name, before, after] = d.split('\u0000');
            return <li key={d}>{t('modeler.diff.attr', { name: name!, before: before!, after: after! })}</li>;
          })}
        </ul>
      ),
    },
  ];

  if (error) return <Alert type="error" showIcon title={error} />;
  const height = narrow ? 260 : 340;
  return (
    <div data-testid="version-diff">
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={12}>
          <Typography.Text strong>{t('modeler.diff.oldDiagram', { version: fromVersion })}</Typography.Text>
          <div className="docket-diagram">
            <section ref={oldRef} aria-label={t('modeler.diff.oldDiagram', { version: fromVersion })} style={{ height }} data-testid="diff-old" />
          </div>
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Text strong>{t('modeler.diff.newDiagram', { version: toVersion })}</Typography.Text>
          <div className="docket-diagram">
            <section ref={newRef} aria-label={t('modeler.diff.newDiagram', { version: toVersion })} style={{ height }} data-testid="diff-new" />
          </div>
        </Col>
      </Row>
      {!changes ? (
        <Skeleton active />
      ) : (
        <Tabs
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'semantic',
              label: t('modeler.diff.semantic'),
              children:
                changes.length === 0 ? (
                  <Alert type="info" showIcon title={t('modeler.diff.none')} />
                ) : (
                  <KeyboardScrollable label={t('modeler.diff.semantic')}>
                    <Table rowKey={(r) => `${r.kind}-${r.id}`} size="small" pagination={false} dataSource={changes} columns={columns} scroll={{ x: 560 }} data-testid="diff-changes" />
                  </KeyboardScrollable>
                ),
            },
            {
              key: 'text',
              label: `${t('modeler.diff.text')} (${t('modeler.diff.lines', counts)})`,
              children:
                (patch?.hunks.length ?? 0) === 0 ? (
                  <Alert type="info" showIcon title={t('modeler.diff.textUnchanged')} />
                ) : (
                  <KeyboardScrollable label={t('modeler.diff.text')}>
                    <pre style={{ fontSize: 12, margin: 0 }} data-testid="diff-text">
                      {patch!.hunks.map((hunk) => (
                        <div key={`${hunk.oldStart}-${hunk.newStart}`}>
                          <div style={{ color: '#595959' }}>{`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`}</div>
                          {hunk.lines.map((line, i) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: lines of a hunk repeat
                            <div key={i} style={{ background: line.startsWith('+') ? '#f6ffed' : line.startsWith('-') ? '#fff1f0' : undefined }}>
                              {line}
                            </div>
                          ))}
                        </div>
                      ))}
                    </pre>
                  </KeyboardScrollable>
                ),
            },
          ]}
        />
      )}
    </div>
  );
}
