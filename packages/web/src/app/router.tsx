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
