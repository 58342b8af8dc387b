import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { dataOf, type AssignableUser } from '@docket/client';
import { api } from '../../app/api.ts';
import { useT } from '../../app/locale.tsx';

/**
 * Searches the people a case may be assigned to (GET /cases/{id}/assignable-users): only users
 * whose own roles let them read and change this case are offered, searched on the server.
 */
export function AssigneePicker({
  caseId,
  value,
  onChange,
  extraOptions = [],
  style,
  id,
}: {
  caseId: string;
  value?: string;
  onChange?: (value: string, label?: string) => void;
  extraOptions?: { value: string; label: string }[];
  style?: React.CSSProperties;
  id?: string;
}) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const people = useQuery({
    queryKey: ['case', caseId, 'assignable-users', q],
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<AssignableUser[]> => dataOf(await api.GET('/api/v1/cases/{id}/assignable-users', { params: { path: { id: caseId }, query: { limit: 20, ...(q ? { q } : {}) } } })).items,
  });
  const label = (u: AssignableUser) => `${u.displayName} (${u.username}${u.departmentName ? ` · ${u.departmentName}` : ''})`;
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={(next: string, option) => onChange?.(next, Array.isArray(option) ? undefined : (option?.label as string | undefined))}
      placeholder={t('case.pickAssignee')}
      aria-label={t('case.assignTo')}
      loading={people.isFetching}
      style={{ minWidth: 260, ...style }}
      options={[...extraOptions, ...(people.data ?? []).map((u) => ({ value: u.id, label: label(u) }))]}
      data-testid="assignee-picker"
    />
  );
}
