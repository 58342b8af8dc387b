import { Suspense } from 'react';
import { Layout, Menu, Select, Space, Button, Typography, Spin } from 'antd';
import { AppstoreOutlined, FormOutlined, LogoutOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { LOCALES, type Locale } from '../i18n/i18n.ts';
import { useLocale } from './locale.tsx';
import { useSession, useSignOut } from './session.tsx';

/** The frame every signed-in screen sits in; later modules add their menu entries here. */
export function ConsoleLayout() {
  const { t } = useLocale();
  const me = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const selected = location.pathname.startsWith('/designer') ? 'designer' : location.pathname.startsWith('/cases/new') ? 'new' : 'workspace';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, height: 48, lineHeight: '48px' }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0, lineHeight: '48px' }}
          items={[
            { key: 'workspace', icon: <AppstoreOutlined />, label: <Link to="/">{t('nav.workspace')}</Link> },
            { key: 'new', icon: <PlusOutlined />, label: <Link to="/cases/new">{t('nav.newCase')}</Link> },
            { key: 'designer', icon: <FormOutlined />, label: <Link to="/designer">{t('nav.designer')}</Link> },
          ]}
        />
        <Space size="middle">
          <LanguageSwitch />
          <Typography.Text style={{ color: '#fff' }} data-testid="current-user">
            {me.displayName}
          </Typography.Text>
          <Button
            size="small"
            icon={<LogoutOutlined />}
            onClick={async () => {
              await signOut();
              navigate('/sign-in');
            }}
          >
            {t('app.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <Suspense fallback={<Spin />}>
          <Outlet />
        </Suspense>
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
      style={{ width: 100 }}
      options={LOCALES.map((l) => ({ value: l, label: l === 'zh-CN' ? '简体中文' : 'English' }))}
    />
  );
}
