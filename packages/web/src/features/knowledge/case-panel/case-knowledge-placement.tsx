import type { ReactNode } from 'react';
import { Card, Collapse, Grid, Space, Typography } from 'antd';
import { ReadOutlined } from '@ant-design/icons';
import type { Case } from '@docket/client';
import { useCan } from '../../../app/access.tsx';
import { useLocale } from '../../../app/locale.tsx';
import { useCaseSuggestions } from './case-knowledge-api.ts';
import { CaseKnowledgePanel } from './case-knowledge-panel.tsx';
import type { ReplyInsertion } from './reply-insertion.ts';

// Where the knowledge panel sits on the case view: a card beside the case from Ant Design's `xl`
// (1200 px) up, where the case's own two columns still have room; below it a collapsed section
// under the case's header, so a phone keeps one column and never scrolls sideways. Only for
// holders of knowledge:read: anyone else gets the case view as it was, and no request bound to answer 403.
const PANEL_WIDTH_PX = 360;

const useWide = () => Grid.useBreakpoint().xl;

/** The case view with the knowledge panel beside it on a wide screen. The case keeps its place in the tree whatever the width, so resizing never remounts it. */
export function CaseKnowledgeBeside({ c, reply, children }: { c: Case; reply: ReplyInsertion; children: ReactNode }) {
  const { t } = useLocale();
  const canRead = useCan('knowledge:read');
  const wide = useWide();
  const shown = canRead && wide === true;
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <div style={{ flex: '1 1 auto', minWidth: 0 }}>{children}</div>
      {shown && (
        <aside
          aria-label={t('knowledgeCase.region')}
          data-testid="knowledge-panel"
          style={{ flex: `0 0 ${PANEL_WIDTH_PX}px`, position: 'sticky', top: 12, maxHeight: 'calc(100vh - 72px)', overflowY: 'auto' }}
        >
          <Card
            size="small"
            title={
              <Space size={6}>
                <ReadOutlined aria-hidden />
                {t('knowledgeCase.title')}
              </Space>
            }
          >
            <CaseKnowledgePanel c={c} reply={reply} />
          </Card>
        </aside>
      )}
    </div>
  );
}

/** Below `xl`: the panel as a section the reader opens, its header counting what it holds. */
export function CaseKnowledgeInline({ c, reply }: { c: Case; reply: ReplyInsertion }) {
  const canRead = useCan('knowledge:read');
  const narrow = useWide() === false;
  return canRead && narrow ? <CaseKnowledgeSection c={c} reply={reply} /> : null;
}

function CaseKnowledgeSection({ c, reply }: { c: Case; reply: ReplyInsertion }) {
  const { t } = useLocale();
  const suggestions = useCaseSuggestions(c.id, c.version);
  return (
    <section aria-label={t('knowledgeCase.region')} data-testid="knowledge-panel">
      <Collapse
        style={{ background: '#fff' }}
        items={[
          {
            key: 'knowledge',
            label: (
              <Space size={6}>
                <ReadOutlined aria-hidden />
                <span>{t('knowledgeCase.title')}</span>
              </Space>
            ),
            extra: suggestions.data ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('knowledgeCase.summary', { articles: suggestions.data.articles.length, cases: suggestions.data.similarCases.length })}
              </Typography.Text>
            ) : undefined,
            children: <CaseKnowledgePanel c={c} reply={reply} />,
          },
        ]}
      />
    </section>
  );
}
