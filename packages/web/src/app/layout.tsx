import { Suspense } from 'react';
import { Layout, Menu, Select, Space, Button, Spin, Dropdown } from 'antd';
import { AppstoreOutlined, AuditOutlined, FormOutlined, LogoutOutlined, PlusOutlined, SafetyOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Me } from '@docket/client';
import { LOCALES, type Locale } from '../i18n/i18n.ts';
import { useLocale } from './locale.tsx';
import { useSession, useSignOut } from './session.tsx';

/**
 * What the menu offers, by the actions the user's roles grant (/me answers them): the designer
 * needs case-type:admin, administration user:admin, the audit screens audit:read. The server
 * refuses anyone else anyway; hiding the entries only keeps the menu honest.
 */
export function capabilitiesOf(me: Pick<Me, 'actions'>) {
  const grants = new Set(me.actions);
  return { admin: grants.has('user:admin'), designer: grants.has('case-type:admin'), audit: grants.has('audit:read'), create: grants.has('case:create'), assign: grants.has('case:assign') };
}

/** The frame every signed-in screen sits in; later modules add their menu entries here. */
export function ConsoleLayout() {
  const { t } = useLocale();
  const me = useSession();
  const can = capabilitiesOf(me);
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const path = location.pathname;
  const selected = path.startsWith('/designer')
    ? 'designer'
    : path.startsWith('/cases/new')
      ? 'new'
      : path.startsWith('/admin')
        ? 'admin'
        : path.startsWith('/audit')
          ? 'audit'
          : path.startsWith('/account')
            ? 'account'
            : 'workspace';
  const items = [
    { key: 'workspace', icon: <AppstoreOutlined />, label: <Link to="/">{t('nav.workspace')}</Link> },
    ...(can.create ? [{ key: 'new', icon: <PlusOutlined />, label: <Link to="/cases/new">{t('nav.newCase')}</Link> }] : []),
    ...(can.designer ? [{ key: 'designer', icon: <FormOutlined />, label: <Link to="/designer">{t('nav.designer')}</Link> }] : []),
    ...(can.audit ? [{ key: 'audit', icon: <AuditOutlined />, label: <Link to="/audit">{t('nav.audit')}</Link> }] : []),
    ...(can.admin ? [{ key: 'admin', icon: <SettingOutlined />, label: <Link to="/admin">{t('nav.admin')}</Link> }] : []),
  ];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: 12, height: 48, lineHeight: '48px' }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Link>
        <nav aria-label={t('nav.main')} style={{ flex: 1, minWidth: 0 }}>
          <Menu theme="dark" mode="horizontal" selectedKeys={[selected]} style={{ lineHeight: '48px' }} items={items} />
        </nav>
        <Space size="small">
          <LanguageSwitch />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'account', icon: <SafetyOutlined />, label: <Link to="/account">{t('nav.account')}</Link> },
                {
                  key: 'sign-out',
                  icon: <LogoutOutlined />,
                  label: t('app.signOut'),
                  onClick: async () => {
                    await signOut();
                    navigate('/sign-in');
                  },
                },
              ],
            }}
          >
            <Button type="text" size="small" icon={<UserOutlined />} style={{ color: '#fff' }} aria-label={t('nav.userMenu')} data-testid="current-user">
              <span style={{ maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis', display: 'inline-block', verticalAlign: 'bottom' }}>{me.displayName}</span>
            </Button>
          </Dropdown>
          <Button
            size="small"
            icon={<LogoutOutlined />}
            aria-label={t('app.signOut')}
            onClick={async () => {
              await signOut();
              navigate('/sign-in');
            }}
          >
            {t('app.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 12 }}>
        <main>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}

export function LanguageSwitch() {
  const { locale, setLocale, t } = useLocale();
  return (
    <Select<Locale>
      aria-label={t('app.language')}
      size="small"
      value={locale}
      onChange={setLocale}
      style={{ width: 96 }}
      options={LOCALES.map((l) => ({ value: l, label: l === 'zh-CN' ? '简体中文' : 'English' }))}
    />
  );
}
