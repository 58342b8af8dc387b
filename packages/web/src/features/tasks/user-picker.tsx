import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';
import { useCan } from '../../app/access.tsx';
import { useT } from '../../app/locale.tsx';

interface Person {
  id: string;
  displayName: string;
  username: string;
  departmentName?: string | null;
}

/**
 * Picks one person or several for a task operation (转办, 委派, 加签, 抄送). On a case's task the
 * people who may work on that case (GET /cases/{id}/assignable-users, searched on the server);
 * without a case, a user administrator searches every user. Nobody else has a list to pick from.
 */
export function TaskUserPicker({
  caseId,
  multiple = false,
  value,
  onChange,
  id,
  exclude = [],
  'aria-label': ariaLabel,
}: {
  caseId: string | null | undefined;
  multiple?: boolean;
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  id?: string;
  /** People not to offer (the caller, the current holder). */
  exclude?: readonly (string | null | undefined)[];
  'aria-label'?: string;
}) {
  const t = useT();
  const canListUsers = useCan('user:admin');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const source = caseId ? 'case' : canListUsers ? 'users' : null;
  const people = useQuery({
    queryKey: source === 'case' ? ['case', caseId, 'assignable-users', q] : ['users', 'pick', q],
    enabled: source !== null,
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<Person[]> =>
      source === 'case'
        ? dataOf(await api.GET('/api/v1/cases/{id}/assignable-users', { params: { path: { id: caseId! }, query: { limit: 20, ...(q ? { q } : {}) } } })).items
        : dataOf(await api.GET('/api/v1/users', { params: { query: { limit: 20, ...(q ? { q } : {}) } } })).items,
  });
  const label = (u: Person) => `${u.displayName} (${u.username}${u.departmentName ? ` · ${u.departmentName}` : ''})`;
  const excluded = new Set(exclude.filter(Boolean));
  return (
    <Select
      id={id}
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(next: string | string[]) => onChange?.(next)}
      placeholder={source ? t('approval.pickUser') : t('approval.noUserList')}
      disabled={source === null}
      aria-label={ariaLabel ?? t('approval.user')}
      loading={people.isFetching}
      style={{ width: '100%' }}
      options={(people.data ?? []).filter((u) => !excluded.has(u.id)).map((u) => ({ value: u.id, label: label(u) }))}
      notFoundContent={people.isFetching ? undefined : t('approval.noUserFound')}
      data-testid="task-user-picker"
    />
  );
}
