import { Suspense, useEffect, useRef, useState } from 'react';
import { Layout, Menu, Select, Space, Button, Spin, Dropdown, Drawer, Grid } from 'antd';
import { MenuOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Me } from '@docket/client';
import { LOCALES, type Locale } from '../i18n/i18n.ts';
import { useLocale } from './locale.tsx';
import { useSession, useSignOut } from './session.tsx';
import { menuFeatures, sectionOf, type ConsoleFeature } from './features.tsx';
import { NotificationBell } from '../features/notifications/notification-bell.tsx';
import { RoutingHeader } from '../features/routing/routing-header.tsx';

/**
 * What the screens offer, by the actions the user's roles grant (/me answers them). The menu
 * reads the feature registry (features.tsx) instead. The server refuses anyone else anyway;
 * hiding controls only keeps the screens honest.
 */
export function capabilitiesOf(me: Pick<Me, 'actions'>) {
  const grants = new Set(me.actions);
  return { admin: grants.has('user:admin'), designer: grants.has('case-type:admin'), audit: grants.has('audit:read'), create: grants.has('case:create'), assign: grants.has('case:assign') };
}

/** Below Ant Design's `md` breakpoint (768 px) the header menu turns into a drawer. */
export function useNarrow(): boolean {
  return Grid.useBreakpoint().md === false;
}

/**
 * The frame every signed-in screen sits in; its menu entries come from features.tsx. Wide
 * screens get the horizontal menu and the account controls in the header; a phone gets a
 * hamburger that opens a drawer with every entry, the language switch and sign-out. A skip link
 * leads keyboard users past the navigation to the screen's content.
 */
export function ConsoleLayout() {
  const { t } = useLocale();
  const me = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const narrow = useNarrow();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const path = location.pathname;
  // A navigation from the drawer closes it; the screen it leads to is what the user wants to see.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation, which path stands for
  useEffect(() => setDrawerOpen(false), [path]);
  // Escape closes the open drawer. Ant Design sends Escape only to its newest open layer, which
  // on the workspace is a hidden, pre-rendered (forceRender) modal, so the drawer never heard it.
  useEffect(() => {
    if (!drawerOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.isComposing) setDrawerOpen(false);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [drawerOpen]);
  const selected = sectionOf(path);
  // Menu entries keep their section as the key (the e2e specs and selectedKeys read it).
  const entryOf = (f: ConsoleFeature) => ({ key: f.section, icon: f.menu!.icon, label: <Link to={`/${f.path}`}>{t(f.menu!.label)}</Link> });
  const items = menuFeatures(me.actions, 'main').map(entryOf);
  const [accountItem] = menuFeatures(me.actions, 'account').map(entryOf);
  const doSignOut = async () => {
    // Close the drawer first: unmounted while open, Ant Design's scroll lock stays on <body> and
    // the sign-in page is left offset and wider than a phone's screen.
    setDrawerOpen(false);
    await signOut();
    void navigate('/sign-in');
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link; it keeps its href for keyboard and screen-reader users and only avoids a hash in the router's URL */}
      <a
        href="#main-content"
        className="docket-skip-link"
        onClick={(event) => {
          // Focus the content without a hash in the URL (the router owns the URL).
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t('nav.skipToContent')}
      </a>
      {/* `narrow` follows a resize a frame late (a matchMedia listener, then a render; later still on
          a loaded machine). Until then a 390 px screen has the wide header, whose menu and buttons
          reached 748 px and scrolled the page sideways (sla-admin.e2e.ts caught it in CI). Clipped
          sideways, the header never widens the page; menus and drawers are portals, not clipped. */}
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: narrow ? 4 : 12, paddingInline: narrow ? 4 : 12, height: 48, lineHeight: '48px', overflowX: 'clip' }}>
        {narrow && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('nav.openMenu')}
            aria-expanded={drawerOpen}
            aria-controls="docket-menu-drawer"
            onClick={() => setDrawerOpen(true)}
            style={{ color: '#fff' }}
            data-testid="open-menu"
          />
        )}
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Link>
        {narrow ? (
          <div style={{ flex: 1, minWidth: 0 }} />
        ) : (
          <nav aria-label={t('nav.main')} style={{ flex: 1, minWidth: 0 }}>
            {/* Words without icons in the top bar (the drawer keeps them): every entry of an administrator fits at 1366 px, none hidden behind "…". */}
            <Menu theme="dark" mode="horizontal" selectedKeys={[selected]} style={{ lineHeight: '48px' }} items={items.map(({ icon: _icon, ...entry }) => entry)} />
          </nav>
        )}
        <Space size="small" style={{ minWidth: 0 }}>
          <RoutingHeader narrow={narrow} />
          <NotificationBell narrow={narrow} />
          {!narrow && <LanguageSwitch />}
          <Dropdown trigger={['click']} menu={{ items: [...(accountItem ? [accountItem] : []), { key: 'sign-out', icon: <LogoutOutlined />, label: t('app.signOut'), onClick: doSignOut }] }}>
            <Button
              type="text"
              size="small"
              icon={<UserOutlined />}
              style={{ color: '#fff', maxWidth: narrow ? 150 : undefined }}
              aria-label={t('nav.signedInAs', { name: me.displayName })}
              data-testid="current-user"
            >
              <span style={{ maxWidth: narrow ? 110 : 160, overflow: 'hidden', textOverflow: 'ellipsis', display: 'inline-block', verticalAlign: 'bottom' }}>{me.displayName}</span>
            </Button>
          </Dropdown>
          {!narrow && (
            <Button size="small" icon={<LogoutOutlined />} onClick={doSignOut}>
              {t('app.signOut')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      {narrow && (
        <Drawer
          id="docket-menu-drawer"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          size={280}
          title={me.displayName}
          styles={{ body: { padding: 0, display: 'flex', flexDirection: 'column' } }}
          data-testid="menu-drawer"
        >
          <nav aria-label={t('nav.main')}>
            <Menu mode="inline" selectedKeys={[selected]} items={[...items, ...(accountItem ? [accountItem] : [])]} style={{ borderInlineEnd: 'none' }} />
          </nav>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8, padding: 16 }}>
            <LanguageSwitch block />
            <Button block icon={<LogoutOutlined />} onClick={doSignOut} data-testid="drawer-sign-out">
              {t('app.signOut')}
            </Button>
          </div>
        </Drawer>
      )}
      <Layout.Content style={{ padding: narrow ? 6 : 12, minWidth: 0 }}>
        <main id="main-content" ref={mainRef} tabIndex={-1} className="docket-main">
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}

export function LanguageSwitch({ block = false }: { block?: boolean }) {
  const { locale, setLocale, t } = useLocale();
  return (
    <Select<Locale>
      aria-label={t('app.language')}
      size="small"
      value={locale}
      onChange={setLocale}
      style={{ width: block ? '100%' : 96 }}
      options={LOCALES.map((l) => ({ value: l, label: l === 'zh-CN' ? '简体中文' : 'English' }))}
    />
  );
}
