import { Segmented } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useCan } from '../../app/access.tsx';
import { useT } from '../../app/locale.tsx';

/** The SLA settings' two screens side by side: policies (and packs, the tester) and calendars. */
export function SlaAdminNav() {
  const t = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const admin = useCan('sla:admin');
  if (!admin) return null;
  const value = pathname.startsWith('/admin/calendars') ? 'calendars' : 'policies';
  return (
    <Segmented
      aria-label={t('slaAdmin.nav')}
      value={value}
      onChange={(v) => void navigate(v === 'calendars' ? '/admin/calendars' : '/admin/sla-policies')}
      options={[
        { value: 'policies', label: t('slaAdmin.policies') },
        { value: 'calendars', label: t('slaAdmin.calendars') },
      ]}
      data-testid="sla-admin-nav"
    />
  );
}
