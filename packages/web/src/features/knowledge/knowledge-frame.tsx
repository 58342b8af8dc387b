import { useState, type ReactNode } from 'react';
import { Button, Card, Input, Segmented } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useNarrow } from '../../app/layout.tsx';
import { useT } from '../../app/locale.tsx';
import type { MessageKey } from '../../i18n/i18n.ts';
import { searchParamsOf } from './search-params.ts';

const SCREENS: readonly { value: string; path: string; label: MessageKey; action?: 'knowledge:admin' }[] = [
  { value: 'home', path: '/knowledge', label: 'knowledge.nav.home' },
  { value: 'review', path: '/knowledge/review', label: 'knowledge.nav.review' },
  { value: 'settings', path: '/knowledge/settings', label: 'knowledge.nav.settings', action: 'knowledge:admin' },
];

/** The knowledge screens side by side: home, my drafts and reviews, settings (administrators). */
function KnowledgeNav() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const isAdmin = useCan('knowledge:admin');
  const screens = SCREENS.filter((s) => !s.action || isAdmin);
  const current = [...screens].reverse().find((s) => pathname.startsWith(s.path))?.value ?? 'home';
  return (
    <Segmented
      aria-label={t('knowledge.nav.label')}
      value={current}
      onChange={(value) => void navigate(screens.find((s) => s.value === value)!.path)}
      options={screens.map((s) => ({ value: s.value, label: t(s.label) }))}
      data-testid="knowledge-nav"
    />
  );
}

/** The search box of the knowledge screens: Enter searches. */
export function KnowledgeSearchBox({ initial = '', autoFocus = false }: { initial?: string; autoFocus?: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  const [q, setQ] = useState(initial);
  return (
    <div style={{ width: '100%' }}>
      <Input.Search
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(value) => {
          const trimmed = value.trim();
          if (trimmed) void navigate(`/knowledge/search?${searchParamsOf({ q: trimmed, validity: 'current', page: 1 }).toString()}`);
        }}
        placeholder={t('knowledge.search.placeholder')}
        aria-label={t('knowledge.search.label')}
        enterButton={t('knowledge.search.button')}
        allowClear
        autoFocus={autoFocus}
        maxLength={500}
        data-testid="knowledge-search"
      />
    </div>
  );
}

/** A knowledge screen: its title, "new article" for writers (not in the editor itself), the screens' switch, then the content. */
export function KnowledgeFrame({ title, extra, children, testId, offerNew = true }: { title: ReactNode; extra?: ReactNode; children: ReactNode; testId?: string; offerNew?: boolean }) {
  const t = useT();
  const narrow = useNarrow();
  const canWrite = useCan('knowledge:write');
  const navigate = useNavigate();
  return (
    <Card
      title={<h1 style={{ fontSize: 16, margin: 0, whiteSpace: 'normal' }}>{title}</h1>}
      extra={
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          {extra}
          {canWrite && offerNew && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/knowledge/articles/new')} data-testid="new-article">
              {t('knowledge.newArticle')}
            </Button>
          )}
        </div>
      }
      data-testid={testId}
      styles={{ header: { flexWrap: 'wrap', rowGap: 8, paddingBlock: 8 }, body: narrow ? { padding: 12 } : undefined }}
    >
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <KnowledgeNav />
      </div>
      {children}
    </Card>
  );
}
