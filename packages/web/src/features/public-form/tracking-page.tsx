import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Input, List, Result, Space, Spin, Tag, Typography } from 'antd';
import { isProblem } from '@docket/client';
import { useLocale } from '../../app/locale.tsx';
import { formatDateTime } from '../../components/case-tags.tsx';
import { fieldErrorsOf, showProblem, toProblemDocument } from '../../components/problem-display.ts';
import { PublicPageFrame } from './public-page-frame.tsx';
import { fetchTracking, replyOnTracking, type Tracking } from './public-form-api.ts';

const STATUS_COLORS: Record<Tracking['status'], string> = { received: 'blue', 'in-progress': 'processing', answered: 'green', completed: 'default' };

/** /track/:token — the customer's view of their case: status in plain words, the conversation, a reply box. */
export function TrackingPage() {
  const { token = '' } = useParams();
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const [bodyError, setBodyError] = useState<string>();
  const tracking = useQuery({ queryKey: ['tracking', token], queryFn: () => fetchTracking(token), retry: false });
  const reply = useMutation({
    mutationFn: () => replyOnTracking(token, body.trim()),
    onSuccess: async () => {
      setBody('');
      setBodyError(undefined);
      void message.success(t('tracking.sent'));
      await queryClient.invalidateQueries({ queryKey: ['tracking', token] });
    },
    onError: (error) => {
      const errors = fieldErrorsOf(error, t);
      if (errors.length > 0) setBodyError(errors.map((e) => e.reason).join(' '));
      else showProblem(message, error, t);
    },
  });

  if (tracking.isPending)
    return (
      <PublicPageFrame>
        <Spin />
      </PublicPageFrame>
    );
  if (tracking.isError)
    return (
      <PublicPageFrame>
        <Result
          status={isProblem(tracking.error) && tracking.error.status === 404 ? '404' : 'error'}
          title={isProblem(tracking.error) && tracking.error.status === 404 ? t('tracking.notFound') : toProblemDocument(tracking.error, t).title}
        />
      </PublicPageFrame>
    );
  const view = tracking.data;
  return (
    <PublicPageFrame title={t('tracking.title')}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Card>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('tracking.number')}>
              <span data-testid="tracking-number">{view.number}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('tracking.status')}>
              <Tag color={STATUS_COLORS[view.status]} data-testid="tracking-status">
                {view.statusLabels[locale]}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('tracking.createdAt')}>{formatDateTime(view.createdAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('tracking.updatedAt')}>{formatDateTime(view.updatedAt, locale)}</Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('tracking.conversation')}>
          <List
            dataSource={view.messages}
            locale={{ emptyText: t('tracking.empty') }}
            renderItem={(m) => (
              <List.Item data-testid="tracking-message" data-from={m.from}>
                <List.Item.Meta
                  title={
                    <Space size={6} wrap>
                      <Tag color={m.from === 'customer' ? 'blue' : 'green'}>{m.from === 'customer' ? t('tracking.fromCustomer') : t('tracking.fromServiceDesk')}</Tag>
                      <Typography.Text type="secondary">{formatDateTime(m.at, locale)}</Typography.Text>
                    </Space>
                  }
                  description={<Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0, color: 'rgba(0,0,0,0.88)' }}>{m.body}</Typography.Paragraph>}
                />
              </List.Item>
            )}
          />
          {view.canReply ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (body.trim() !== '') reply.mutate();
              }}
              style={{ marginTop: 12 }}
            >
              <label htmlFor="tracking-reply">
                <Typography.Text strong>{t('tracking.reply')}</Typography.Text>
              </label>
              <Input.TextArea
                id="tracking-reply"
                value={body}
                onChange={(e) => setBody(e.target.value)}
                autoSize={{ minRows: 3, maxRows: 10 }}
                maxLength={5000}
                status={bodyError ? 'error' : undefined}
                data-testid="tracking-reply"
                style={{ marginTop: 4 }}
              />
              {bodyError && <Typography.Text type="danger">{bodyError}</Typography.Text>}
              <Button type="primary" htmlType="submit" block loading={reply.isPending} disabled={body.trim() === ''} style={{ marginTop: 8 }} data-testid="tracking-send">
                {t('tracking.send')}
              </Button>
            </form>
          ) : (
            <Alert type="info" title={t('tracking.closed')} style={{ marginTop: 12 }} />
          )}
        </Card>
      </Space>
    </PublicPageFrame>
  );
}
