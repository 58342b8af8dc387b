import { useState } from 'react';
import { App, Button, Select, Space } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { isProblem } from '@docket/client';
import { useNavigate } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { myRoutingKey, takeNextCase, useMyRouting } from './routing-api.ts';

const ANY_QUEUE = '';

/**
 * "Take next" on the workspace for a person in some queue: the head of their queues (highest
 * priority, soonest due), or of the one queue they pick when they are in several. The case opens
 * at once; an empty queue or a full desk is said in words, not as an error.
 */
export function TakeNextButton() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const my = useMyRouting();
  const [queueId, setQueueId] = useState<string>(ANY_QUEUE);
  const [taking, setTaking] = useState(false);
  const queues = my.data?.queues ?? [];
  if (queues.length === 0) return null;
  const take = async () => {
    setTaking(true);
    try {
      const taken = await takeNextCase(queueId || undefined);
      void message.success(t('routing.takeNext.taken', { number: taken.number }));
      await Promise.all([queryClient.invalidateQueries({ queryKey: myRoutingKey }), queryClient.invalidateQueries({ queryKey: ['cases'] })]);
      void navigate(`/cases/${taken.caseId}`);
    } catch (error) {
      // Nothing to take (404) and a full desk (409) are answers, not failures.
      if (isProblem(error) && error.status === 404) void message.info({ content: t('routing.takeNext.nothing'), key: 'take-next' });
      else if (isProblem(error) && error.status === 409) void message.warning({ content: t('routing.takeNext.atCapacity'), key: 'take-next' });
      else showProblem(message, error, t);
      await queryClient.invalidateQueries({ queryKey: myRoutingKey });
    } finally {
      setTaking(false);
    }
  };
  return (
    <div style={{ marginBottom: 8 }}>
      <Space.Compact style={{ maxWidth: '100%' }} data-testid="take-next-group">
        {queues.length > 1 && (
          <Select<string>
            value={queueId}
            onChange={setQueueId}
            aria-label={t('routing.takeNext.queueLabel')}
            style={{ minWidth: 0, width: 200, flex: '1 1 auto' }}
            popupMatchSelectWidth={false}
            options={[
              { value: ANY_QUEUE, label: t('routing.takeNext.anyQueue') },
              ...queues.map((q) => ({ value: q.id, label: t('routing.takeNext.queueOption', { queue: q.name, count: q.waiting }) })),
            ]}
            data-testid="take-next-queue"
          />
        )}
        <Button type="primary" icon={<ThunderboltOutlined />} loading={taking} onClick={() => void take()} data-testid="take-next">
          {t('routing.takeNext.button')}
        </Button>
      </Space.Compact>
    </div>
  );
}
