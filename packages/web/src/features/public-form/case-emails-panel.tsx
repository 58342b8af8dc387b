import { useQuery } from '@tanstack/react-query';
import { List, Space, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { dataOf, type components } from '@docket/client';
import { api } from '../../app/api.ts';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { LoadError } from '../../components/load-error.tsx';

type CaseEmail = components['schemas']['CaseEmail'];
const STATUS_COLORS: Record<CaseEmail['status'], string> = { received: 'blue', queued: 'gold', sent: 'green', failed: 'red' };

/** The case's e-mails in and out (GET /cases/{id}/emails), shared by the tab and the case page that decides whether to show it. */
export function useCaseEmails(caseId: string) {
  return useQuery({
    queryKey: ['case', caseId, 'emails'],
    queryFn: async (): Promise<CaseEmail[]> => dataOf(await api.GET('/api/v1/cases/{id}/emails', { params: { path: { id: caseId } } })).items,
  });
}

/** The case's e-mails in and out: the counterpart is masked as the reader's field rules say. */
export function CaseEmailsPanel({ caseId }: { caseId: string }) {
  const { t, locale } = useLocale();
  const emails = useCaseEmails(caseId);
  if (emails.isError) return <LoadError error={emails.error} retry={() => void emails.refetch()} />;
  return (
    <List
      size="small"
      loading={emails.isPending}
      dataSource={emails.data ?? []}
      locale={{ emptyText: t('caseEmails.empty') }}
      renderItem={(email) => (
        <List.Item data-testid="case-email">
          <List.Item.Meta
            title={
              <Space size={4} wrap>
                <Tag color={email.direction === 'in' ? 'geekblue' : 'cyan'}>{t(email.direction === 'in' ? 'caseEmails.in' : 'caseEmails.out')}</Tag>
                <Typography.Text strong>{email.subject}</Typography.Text>
                <Tag color={STATUS_COLORS[email.status]}>{t(`caseEmails.status.${email.status}`)}</Tag>
              </Space>
            }
            description={
              <Space size={8} wrap>
                <Typography.Text type="secondary">{email.counterpart}</Typography.Text>
                <Typography.Text type="secondary">{formatDateTime(email.at, locale)}</Typography.Text>
                {email.attachmentIds.length > 0 && (
                  <Typography.Text type="secondary">
                    <PaperClipOutlined /> {t('caseEmails.attachments', { count: email.attachmentIds.length })}
                  </Typography.Text>
                )}
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}
