import { lazy } from 'react';
import { createBrowserRouter, Link } from 'react-router-dom';
import { Result, Button } from 'antd';
import { ConsoleLayout } from './layout.tsx';
import { RequireSession } from './session.tsx';
import { useT } from './locale.tsx';
import { SignInPage } from '../features/sign-in/sign-in-page.tsx';

// Screens load on demand, so sign-in and the workspace stay small; the form designer
// (form-js editor) and case view (form-js viewer) are separate chunks.
const WorkspacePage = lazy(() => import('../features/cases/workspace-page.tsx').then((m) => ({ default: m.WorkspacePage })));
const CasePage = lazy(() => import('../features/cases/case-page.tsx').then((m) => ({ default: m.CasePage })));
const NewCasePage = lazy(() => import('../features/cases/new-case-page.tsx').then((m) => ({ default: m.NewCasePage })));
const AccountPage = lazy(() => import('../features/account/account-page.tsx').then((m) => ({ default: m.AccountPage })));
const AdminPage = lazy(() => import('../features/admin/admin-page.tsx').then((m) => ({ default: m.AdminPage })));
const AuditHomePage = lazy(() => import('../features/audit/audit-page.tsx').then((m) => ({ default: m.AuditHomePage })));
const CaseAuditPage = lazy(() => import('../features/audit/audit-page.tsx').then((m) => ({ default: m.CaseAuditPage })));
const FormDesignerPage = lazy(() => import('../features/designer/form-designer-page.tsx').then((m) => ({ default: m.FormDesignerPage })));

function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t('app.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <ConsoleLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <WorkspacePage /> },
      { path: 'cases/new', element: <NewCasePage /> },
      { path: 'cases/:id', element: <CasePage /> },
      { path: 'designer', element: <FormDesignerPage /> },
      { path: 'designer/:key', element: <FormDesignerPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: 'audit', element: <AuditHomePage /> },
      { path: 'audit/cases/:id', element: <CaseAuditPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
