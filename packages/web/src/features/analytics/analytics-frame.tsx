import type { ReactNode } from 'react';
import { Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import type { Action } from '@docket/client';
import { useT } from '../../app/locale.tsx';
import { useSession } from '../../app/session.tsx';
import type { MessageKey } from '../../i18n/i18n.ts';

const SCREENS: readonly { value: string; path: string; label: MessageKey; action: Action }[] = [
  { value: 'cockpit', path: '/analytics', label: 'analytics.nav.cockpit', action: 'analytics:read' },
  { value: 'mining', path: '/analytics/process-mining', label: 'analytics.nav.mining', action: 'analytics:read' },
  { value: 'reports', path: '/analytics/reports', label: 'analytics.nav.reports', action: 'analytics:read' },
  { value: 'spikes', path: '/analytics/spikes', label: 'analytics.nav.spikes', action: 'analytics:read' },
  { value: 'packs', path: '/analytics/report-packs', label: 'analytics.nav.packs', action: 'analytics:report-pack' },
  // Issue 22: the assistance report beside the other figures.
  { value: 'assist', path: '/analytics/assist', label: 'assistAdmin.nav.report', action: 'assist:report' },
];

/** The analytics screens side by side (each offered only to who may use it), then the screen's own content. */
export function AnalyticsFrame({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { actions } = useSession();
  const screens = SCREENS.filter((s) => actions.includes(s.action));
  const current = [...screens].reverse().find((s) => pathname === s.path || pathname.startsWith(`${s.path}/`))?.value ?? 'cockpit';
  return (
    <div className="analytics-frame" style={{ display: 'flex', flexDirection: 'column', gap: 12, minWidth: 0 }}>
      <div style={{ overflowX: 'auto', maxWidth: '100%' }}>
        <Segmented
          aria-label={t('analytics.nav.label')}
          value={current}
          onChange={(value) => void navigate(screens.find((s) => s.value === value)!.path)}
          options={screens.map((s) => ({ value: s.value, label: t(s.label) }))}
          data-testid="analytics-nav"
        />
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
        <h1 style={{ margin: 0, fontSize: 20 }}>{title}</h1>
        {extra}
      </div>
      {children}
    </div>
  );
}
