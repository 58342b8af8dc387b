import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { automationApi } from './automation-api.ts';

/** Where a subject opens: a case's page, a customer's 360° view, a record's form. */
export function subjectPath(type: string, id: string | null, objectType: string | undefined, customerType: string | undefined): string | undefined {
  if (!id) return undefined;
  if (type === 'case') return `/cases/${id}`;
  if (type === 'record' && objectType) return objectType === customerType ? `/customers/${id}` : `/records/${encodeURIComponent(objectType)}/${id}`;
  return undefined;
}

/**
 * A run's subject by its number and name as the reader may see them (masked as the record API
 * masks them), linked to its page. One the reader may not see reads "a subject you may not see".
 */
export function SubjectLink({ type, id, objectType, customerType }: { type: string; id: string | null; objectType?: string; customerType?: string }) {
  const { t } = useLocale();
  const label = useQuery({
    queryKey: ['automation', 'subject', type, id],
    enabled: Boolean(id) && (type === 'case' || type === 'record'),
    staleTime: 5 * 60_000,
    retry: false,
    queryFn: async () => {
      if (type === 'case') {
        const c = await automationApi.getCase(id!);
        return { text: `${c.number} ${c.title}`, objectType: undefined };
      }
      const r = await automationApi.getRecord(id!);
      return { text: `${r.number} ${r.displayName}`, objectType: r.type };
    },
  });
  if (!id) return <Typography.Text type="secondary">{t('automation.subject.none')}</Typography.Text>;
  if (label.isError) return <Typography.Text type="secondary">{t('automation.subject.hidden')}</Typography.Text>;
  const text = label.data?.text ?? t('automation.subject.loading');
  const to = subjectPath(type, id, objectType ?? label.data?.objectType, customerType);
  return to ? (
    <Link to={to} data-testid="subject-link">
      {text}
    </Link>
  ) : (
    <span>{text}</span>
  );
}
