import { AutoComplete, Button, Form, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useLocale } from '../../app/locale.tsx';
import { MAPPING_KINDS, MAPPING_TARGETS, newRow, type MappingRow, type RowProblem } from './mapping-model.ts';

/**
 * The mapping rows: a case input field, then how its value is found in the message. Each row
 * wraps on a phone; every control has a label naming its row for screen readers and keyboards.
 */
export function MappingEditor({
  rows,
  onChange,
  problems,
  fieldKeys = [],
}: {
  rows: MappingRow[];
  onChange(rows: MappingRow[]): void;
  problems: readonly RowProblem[];
  /** The chosen case type's field keys, offered as `fields.<key>`. */
  fieldKeys?: readonly string[];
}) {
  const { t } = useLocale();
  const update = (id: string, change: Partial<MappingRow>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...change } : r)));
  const problemOf = (id: string, part: RowProblem['part']) => problems.find((p) => p.rowId === id && p.part === part)?.message;
  const targets = [
    ...MAPPING_TARGETS.map((target) => ({ value: target, label: `${t(`integrationAdmin.mapping.target.${target}`)} (${target})` })),
    ...fieldKeys.map((k) => ({ value: `fields.${k}`, label: `fields.${k}` })),
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="mapping-editor">
      {rows.length === 0 && <Typography.Text type="secondary">{t('integrationAdmin.mapping.empty')}</Typography.Text>}
      {rows.map((row, index) => {
        const n = index + 1;
        const targetProblem = problemOf(row.id, 'target');
        const textProblem = problemOf(row.id, 'text');
        return (
          <div key={row.id} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start' }} data-testid={`mapping-row-${index}`}>
            <Form.Item style={{ margin: 0, flex: '1 1 180px', minWidth: 160 }} validateStatus={targetProblem ? 'error' : undefined} help={targetProblem}>
              <AutoComplete
                value={row.target}
                options={targets.filter((o) => o.value.toLowerCase().includes(row.target.toLowerCase()))}
                onChange={(target: string) => update(row.id, { target })}
                placeholder={t('integrationAdmin.mapping.targetPlaceholder')}
                aria-label={t('integrationAdmin.mapping.targetOf', { n })}
                data-testid={`mapping-target-${index}`}
              />
            </Form.Item>
            <Select
              value={row.kind}
              style={{ width: 120 }}
              onChange={(kind) => update(row.id, { kind })}
              options={MAPPING_KINDS.map((k) => ({ value: k, label: t(`integrationAdmin.mapping.kind.${k}`) }))}
              aria-label={t('integrationAdmin.mapping.kindOf', { n })}
              data-testid={`mapping-kind-${index}`}
            />
            <Form.Item style={{ margin: 0, flex: '2 1 220px', minWidth: 200 }} validateStatus={textProblem ? 'error' : undefined} help={textProblem}>
              {row.kind === 'feel' ? (
                <Input.TextArea
                  autoSize={{ minRows: 1, maxRows: 6 }}
                  value={row.text}
                  onChange={(e) => update(row.id, { text: e.target.value })}
                  placeholder={t('integrationAdmin.mapping.feelPlaceholder')}
                  aria-label={t('integrationAdmin.mapping.textOf', { n })}
                  style={{ fontFamily: 'monospace' }}
                  data-testid={`mapping-text-${index}`}
                />
              ) : (
                <Input
                  value={row.text}
                  onChange={(e) => update(row.id, { text: e.target.value })}
                  placeholder={t(row.kind === 'path' ? 'integrationAdmin.mapping.pathPlaceholder' : 'integrationAdmin.mapping.valuePlaceholder')}
                  aria-label={t('integrationAdmin.mapping.textOf', { n })}
                  style={{ fontFamily: 'monospace' }}
                  data-testid={`mapping-text-${index}`}
                />
              )}
            </Form.Item>
            <Button
              icon={<DeleteOutlined />}
              onClick={() => onChange(rows.filter((r) => r.id !== row.id))}
              aria-label={t('integrationAdmin.mapping.removeRow', { n })}
              data-testid={`mapping-remove-${index}`}
            />
          </div>
        );
      })}
      <Button icon={<PlusOutlined />} onClick={() => onChange([...rows, newRow()])} data-testid="mapping-add">
        {t('integrationAdmin.mapping.add')}
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('integrationAdmin.mapping.help')}
      </Typography.Text>
    </Space>
  );
}
