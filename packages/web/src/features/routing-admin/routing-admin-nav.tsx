import type { ReactNode } from 'react';
import { Card, Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useT } from '../../app/locale.tsx';

const SCREENS = [
  { value: 'queues', path: '/admin/routing/queues', label: 'routingAdmin.tab.queues' },
  { value: 'rules', path: '/admin/routing/rules', label: 'routingAdmin.tab.rules' },
  { value: 'agents', path: '/admin/routing/agents', label: 'routingAdmin.tab.agents' },
  { value: 'areas', path: '/admin/routing/branch-areas', label: 'routingAdmin.tab.areas' },
] as const;

/** The routing settings' four screens side by side: queues, rules (with the tester), agents' profiles, branch areas. */
export function RoutingAdminNav() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = SCREENS.find((s) => pathname.startsWith(s.path))?.value ?? 'queues';
  return (
    <Segmented
      aria-label={t('routingAdmin.nav')}
      value={current}
      onChange={(value) => void navigate(SCREENS.find((s) => s.value === value)!.path)}
      options={SCREENS.map((s) => ({ value: s.value, label: t(s.label) }))}
      data-testid="routing-admin-nav"
    />
  );
}

/** A routing settings screen: its title, the four screens' switch (wrapping on a phone), then the content. */
export function RoutingAdminFrame({ title, extra, children, testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card title={title} extra={extra} data-testid={testId}>
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <RoutingAdminNav />
      </div>
      {children}
    </Card>
  );
}
