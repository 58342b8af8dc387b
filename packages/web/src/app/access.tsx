import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { dataOf, type Action, type Department } from '@docket/client';
import { api } from './api.ts';
import { useT } from './locale.tsx';
import { useSession } from './session.tsx';

/** Whether any of the signed-in user's roles grants the action somewhere (/me answers it). */
export function useCan(action: Action): boolean {
  return useSession().actions.includes(action);
}

export function NoAccess({ action }: { action: Action }) {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('noAccess.title')}
      subTitle={t('noAccess.detail', { action: t(`action.${action}`) })}
      data-testid="no-access"
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

/**
 * A screen that needs an action: without it the reader sees "no access" and the screen itself
 * is never rendered, so none of its requests (bound to answer 403) are made.
 */
export function RequireAction({ action, children }: { action: Action; children: ReactNode }) {
  return useCan(action) ? <>{children}</> : <NoAccess action={action} />;
}

/** Departments whose cases the user's roles reach for an action: the department filter and the new-case form offer these. */
export function useReachableDepartments(action: 'case:read' | 'case:create' = 'case:read') {
  return useQuery({
    queryKey: ['me', 'departments', action],
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<Department[]> => dataOf(await api.GET('/api/v1/me/departments', { params: { query: { action } } })).items,
  });
}
