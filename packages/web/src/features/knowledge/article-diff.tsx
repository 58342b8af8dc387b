import { useState } from 'react';
import { Alert, Descriptions, Select, Skeleton, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNarrow } from '../../app/layout.tsx';
import { useLocale } from '../../app/locale.tsx';
import { LoadError } from '../../components/load-error.tsx';
import { knowledgeApi, knowledgeKeys, type ArticleVersionSummary, type DiffPart } from './knowledge-api.ts';
import './knowledge.css';

/** Diff parts as text with insertions in <ins> and deletions in <del>, each also named for screen readers. */
export function DiffText({ parts, testId }: { parts: DiffPart[]; testId?: string }) {
  const t = useLocale().t;
  return (
    <div className="kb-diff" data-testid={testId}>
      {parts.map((part, index) => {
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts are a fixed sequence; equal texts repeat
        if (part.op === 'equal') return <span key={index}>{part.text}</span>;
        const Element = part.op === 'insert' ? 'ins' : 'del';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <Element key={index} data-op={part.op}>
            <span className="kb-visually-hidden">{t(part.op === 'insert' ? 'knowledge.diff.insertedSr' : 'knowledge.diff.deletedSr')}</span>
            {part.text}
            <span className="kb-visually-hidden">{t('knowledge.diff.endSr')}</span>
          </Element>
        );
      })}
    </div>
  );
}

const shown = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(shown).join('、') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/** Two versions picked from the list and what changed between them: title, body, metadata. */
export function ArticleDiffView({ articleId, versions }: { articleId: string; versions: ArticleVersionSummary[] }) {
  const t = useLocale().t;
  const narrow = useNarrow();
  const newest = versions[0]?.version ?? 1;
  const [range, setRange] = useState<{ from: number; to: number }>({ from: Math.max(1, newest - 1), to: newest });
  const diff = useQuery({
    queryKey: knowledgeKeys.diff(articleId, range.from, range.to),
    queryFn: () => knowledgeApi.diff(articleId, range.from, range.to),
    enabled: range.from !== range.to,
  });
  if (versions.length < 2) return <Typography.Text type="secondary">{t('knowledge.diff.oneVersion')}</Typography.Text>;
  const options = versions.map((v) => ({ value: v.version, label: t('knowledge.version.label', { version: v.version }) }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="article-diff">
      <Space wrap>
        <Select
          value={range.from}
          options={options}
          onChange={(from: number) => setRange((r) => ({ ...r, from }))}
          aria-label={t('knowledge.diff.from')}
          style={{ width: narrow ? 140 : 160 }}
          data-testid="diff-from"
        />
        <span aria-hidden>→</span>
        <Select
          value={range.to}
          options={options}
          onChange={(to: number) => setRange((r) => ({ ...r, to }))}
          aria-label={t('knowledge.diff.to')}
          style={{ width: narrow ? 140 : 160 }}
          data-testid="diff-to"
        />
      </Space>
      <Typography.Text type="secondary">{t('knowledge.diff.legend')}</Typography.Text>
      {range.from === range.to && <Alert type="info" showIcon title={t('knowledge.diff.sameVersion')} />}
      {diff.isError && <LoadError error={diff.error} retry={() => diff.refetch()} />}
      {diff.isPending && range.from !== range.to && <Skeleton active />}
      {diff.data && (
        <>
          <Typography.Text strong>{t('knowledge.field.title')}</Typography.Text>
          <DiffText parts={diff.data.title} testId="diff-title" />
          <Typography.Text strong>{t('knowledge.field.body')}</Typography.Text>
          <DiffText parts={diff.data.body} testId="diff-body" />
          {diff.data.fields.length > 0 && (
            <Descriptions size="small" column={1} bordered title={t('knowledge.diff.fields')} className="kb-diff-fields" data-testid="diff-fields">
              {diff.data.fields.map((f) => (
                <Descriptions.Item key={f.field} label={fieldLabel(f.field, t)}>
                  <span>
                    <del>{shown(f.before)}</del> → <ins>{shown(f.after)}</ins>
                  </span>
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
        </>
      )}
    </Space>
  );
}

/** A changed metadata field's name in the reader's language; a field the console does not know keeps its name. */
function fieldLabel(field: string, t: ReturnType<typeof useLocale>['t']): string {
  const text = t(`knowledge.field.${field}` as Parameters<typeof t>[0]);
  return text === `knowledge.field.${field}` ? field : text;
}
