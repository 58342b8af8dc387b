import type { ReactNode } from 'react';
import { Card, Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useT } from '../../app/locale.tsx';
import type { MessageKey } from '../../i18n/i18n.ts';

const SCREENS: readonly { value: string; path: string; label: MessageKey }[] = [
  { value: 'webhooks', path: '/admin/integrations/webhooks', label: 'integrationAdmin.tab.webhooks' },
  { value: 'sources', path: '/admin/integrations/sources', label: 'integrationAdmin.tab.sources' },
  { value: 'mailboxes', path: '/admin/integrations/mailboxes', label: 'integrationAdmin.tab.mailboxes' },
  { value: 'forms', path: '/admin/integrations/forms', label: 'integrationAdmin.tab.forms' },
];

/** The integration settings' screens side by side: webhooks, message ingestion, mailboxes, the customers' web forms. */
export function IntegrationAdminNav() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = SCREENS.find((s) => pathname.startsWith(s.path))?.value ?? 'webhooks';
  return (
    <Segmented
      aria-label={t('integrationAdmin.nav')}
      value={current}
      onChange={(value) => void navigate(SCREENS.find((s) => s.value === value)!.path)}
      options={SCREENS.map((s) => ({ value: s.value, label: t(s.label) }))}
      data-testid="integration-admin-nav"
    />
  );
}

/** An integration settings screen: its title, the screens' switch (scrolling sideways on a phone), then the content. */
export function IntegrationAdminFrame({ title, extra, children, testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card title={title} extra={extra} data-testid={testId} styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}>
      <div style={{ overflowX: 'auto', marginBottom: 12 }}>
        <IntegrationAdminNav />
      </div>
      {children}
    </Card>
  );
}
