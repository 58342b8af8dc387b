import { useEffect, useState } from 'react';
import { App, Badge, Button, Drawer, Empty, Input, List, Modal, Space, Spin, Tag, Typography } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { isProblem } from '@docket/client';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useLocale } from '../../app/locale.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { formatSpan } from '../sla/sla-time.ts';
import { acceptOffer, declineOffer, myRoutingKey, offersKey, useOffers, type RoutingOffer } from './routing-api.ts';

/** Now, ticking each second while something counts down. */
function useTickingNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/**
 * The header's badge of cases offered to me (push queues with an offer timeout) and a drawer
 * listing them with the time left to answer, Accept and Decline (with an optional reason). Shown
 * only while something waits for an answer, or while the drawer is open.
 */
export function OffersButton({ count, narrow }: { count: number; narrow: boolean }) {
  const { t } = useLocale();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  // Following an offer's link closes the drawer: the case is what matters.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation
  useEffect(() => setOpen(false), [location.pathname]);
  if (count === 0 && !open) return null;
  return (
    <>
      <Badge count={count} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          size="small"
          icon={<InboxOutlined />}
          onClick={() => setOpen(true)}
          aria-label={t('routing.offers.buttonCount', { count })}
          aria-haspopup="dialog"
          aria-expanded={open}
          style={{ color: '#fff' }}
          data-testid="routing-offers"
          data-count={count}
        />
      </Badge>
      <Drawer open={open} onClose={() => setOpen(false)} placement="right" size={narrow ? 340 : 420} title={t('routing.offers.title')} destroyOnHidden data-testid="routing-offers-drawer">
        {open && <OfferList />}
      </Drawer>
    </>
  );
}

function OfferList() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const offers = useOffers(true);
  const now = useTickingNow(true);
  const [declining, setDeclining] = useState<RoutingOffer | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: offersKey }), queryClient.invalidateQueries({ queryKey: myRoutingKey }), queryClient.invalidateQueries({ queryKey: ['cases'] })]);
  const answer = async (offer: RoutingOffer, run: () => Promise<unknown>, done: string) => {
    setBusy(offer.id);
    try {
      await run();
      void message.success(done);
      return true;
    } catch (error) {
      // Answered elsewhere, expired or withdrawn meanwhile: say so in words, whatever the problem's type.
      if (isProblem(error) && error.status === 409) void message.warning(t('routing.offers.gone'));
      else showProblem(message, error, t);
      return false;
    } finally {
      setBusy(null);
      await refresh();
    }
  };
  const accept = async (offer: RoutingOffer) => {
    if (await answer(offer, () => acceptOffer(offer.id), t('routing.offers.accepted', { number: offer.caseNumber }))) {
      await queryClient.invalidateQueries({ queryKey: ['case', offer.caseId] });
      void navigate(`/cases/${offer.caseId}`);
    }
  };
  const decline = async () => {
    const offer = declining;
    if (!offer) return;
    const text = reason.trim();
    if (await answer(offer, () => declineOffer(offer.id, text || undefined), t('routing.offers.declined', { number: offer.caseNumber }))) {
      setDeclining(null);
      setReason('');
    }
  };
  if (offers.isPending) return <Spin />;
  const items = offers.data ?? [];
  return (
    <>
      {items.length === 0 ? (
        <Empty description={t('routing.offers.empty')} />
      ) : (
        <List
          dataSource={items}
          rowKey="id"
          data-testid="routing-offer-list"
          renderItem={(offer) => {
            const leftMs = Date.parse(offer.expiresAt) - now;
            const expired = leftMs <= 0 || offer.state !== 'pending';
            return (
              <List.Item
                data-testid="routing-offer"
                actions={[
                  <Button
                    key="accept"
                    type="primary"
                    size="small"
                    disabled={expired}
                    loading={busy === offer.id}
                    onClick={() => void accept(offer)}
                    aria-label={`${t('routing.offers.accept')} ${offer.caseNumber}`}
                    data-testid="offer-accept"
                  >
                    {t('routing.offers.accept')}
                  </Button>,
                  <Button
                    key="decline"
                    size="small"
                    disabled={expired || busy === offer.id}
                    onClick={() => setDeclining(offer)}
                    aria-label={`${t('routing.offers.decline')} ${offer.caseNumber}`}
                    data-testid="offer-decline"
                  >
                    {t('routing.offers.decline')}
                  </Button>,
                ]}
                style={{ flexWrap: 'wrap', rowGap: 4 }}
              >
                <List.Item.Meta
                  title={
                    <Space wrap size={[6, 2]}>
                      <Link to={`/cases/${offer.caseId}`}>{offer.caseNumber}</Link>
                      <Tag color={expired ? 'default' : leftMs < 60_000 ? 'red' : 'orange'} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="offer-countdown">
                        {expired ? t('routing.offers.expired') : t('routing.offers.left', { span: formatSpan(leftMs, t) })}
                      </Tag>
                    </Space>
                  }
                  description={
                    <Space orientation="vertical" size={0}>
                      <Typography.Text ellipsis={{ tooltip: offer.caseTitle }}>{offer.caseTitle}</Typography.Text>
                      <Typography.Text type="secondary">{t('routing.offers.queue', { queue: offer.queue.name })}</Typography.Text>
                    </Space>
                  }
                />
              </List.Item>
            );
          }}
        />
      )}
      <Modal
        open={declining !== null}
        title={declining ? t('routing.offers.declineTitle', { number: declining.caseNumber }) : ''}
        okText={t('routing.offers.declineConfirm')}
        okButtonProps={{ danger: true, loading: busy !== null, 'data-testid': 'offer-decline-confirm' }}
        onOk={() => void decline()}
        onCancel={() => {
          setDeclining(null);
          setReason('');
        }}
        destroyOnHidden
      >
        <label htmlFor="offer-decline-reason">{t('routing.offers.declineReason')}</label>
        <Input.TextArea
          id="offer-decline-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          data-testid="offer-decline-reason"
        />
      </Modal>
    </>
  );
}
