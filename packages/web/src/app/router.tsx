import { lazy, Suspense } from 'react';
import { createBrowserRouter, Link } from 'react-router-dom';
import { Result, Button } from 'antd';
import { ConsoleLayout } from './layout.tsx';
import { RequireSession } from './session.tsx';
import { useT } from './locale.tsx';
import { SignInPage } from '../features/sign-in/sign-in-page.tsx';
import { RequireAction } from './access.tsx';
import { CONSOLE_FEATURES } from './features.tsx';

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

// The customer's pages (issue 18): no sign-in, outside the console's frame, loaded on demand.
const PublicFormPage = lazy(() => import('../features/public-form/public-form-page.tsx').then((m) => ({ default: m.PublicFormPage })));
const TrackingPage = lazy(() => import('../features/public-form/tracking-page.tsx').then((m) => ({ default: m.TrackingPage })));

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    path: '/forms/:key',
    element: (
      <Suspense>
        <PublicFormPage />
      </Suspense>
    ),
  },
  {
    path: '/track/:token',
    element: (
      <Suspense>
        <TrackingPage />
      </Suspense>
    ),
  },
  {
    path: '/',
    element: (
      <RequireSession>
        <ConsoleLayout />
      </RequireSession>
    ),
    children: [
      ...CONSOLE_FEATURES.map(({ path, screen: Screen, action }) => {
        const element = action ? (
          <RequireAction key={path} action={action}>
            <Screen />
          </RequireAction>
        ) : (
          <Screen key={path} />
        );
        return path === '' ? { index: true, element } : { path, element };
      }),
      { path: '*', element: <NotFound /> },
    ],
  },
]);
