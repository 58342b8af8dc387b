import { useState } from 'react';
import { App, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useLocale } from '../../app/locale.tsx';
import { showProblem } from '../../components/problem-display.ts';
import { OffersButton } from './offers-drawer.tsx';
import { usePresenceHeartbeat } from './presence-heartbeat.ts';
import { myRoutingKey, setMyPresence, useMyRouting, type MyRouting, type Presence } from './routing-api.ts';
import { capacityText, isRoutedPerson, PRESENCE_COLORS, PRESENCES, presenceLabel } from './routing-words.ts';

/**
 * The header's routing controls for a person who is in some queue or has a routing profile (GET
 * /me/routing says which): presence with a coloured dot and the load against capacity ("3 / 5"),
 * and the cases offered to them. A person in no queue sees nothing. While shown, the console
 * tells the server it is in use once a minute, so an available agent does not turn away.
 */
export function RoutingHeader({ narrow }: { narrow: boolean }) {
  const my = useMyRouting();
  const routed = isRoutedPerson(my.data);
  usePresenceHeartbeat(routed);
  if (!routed || !my.data) return null;
  return (
    <>
      <PresenceSwitch my={my.data} narrow={narrow} />
      <OffersButton count={my.data.pendingOffers} narrow={narrow} />
    </>
  );
}

export function PresenceDot({ presence, size = 8 }: { presence: Presence; size?: number }) {
  return (
    <span
      aria-hidden
      style={{ display: 'inline-block', width: size, height: size, borderRadius: '50%', background: PRESENCE_COLORS[presence], boxShadow: '0 0 0 1px rgba(255,255,255,0.8)', flex: 'none' }}
    />
  );
}

function PresenceSwitch({ my, narrow }: { my: MyRouting; narrow: boolean }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const presence = my.profile.presence;
  const capacity = capacityText(my.profile.load, my.profile.capacity, t);
  const change = async (next: Presence) => {
    if (next === presence) return;
    setSaving(true);
    try {
      queryClient.setQueryData(myRoutingKey, await setMyPresence(next));
      void message.success({ content: t('routing.presence.changed', { presence: presenceLabel(next, t) }), key: 'presence' });
    } catch (error) {
      showProblem(message, error, t);
    } finally {
      setSaving(false);
    }
  };
  const option = (p: Presence, withWord: boolean) => (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <PresenceDot presence={p} />
      {withWord && presenceLabel(p, t)}
    </span>
  );
  // A select, like the language switch beside it: arrows, Enter and typing work as everywhere else.
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, color: '#fff' }} data-testid="presence-switch" data-presence={presence}>
      <Select<Presence | 'capacity'>
        size="small"
        value={presence}
        loading={saving}
        disabled={saving}
        onChange={(next) => next !== 'capacity' && void change(next)}
        aria-label={t('routing.presence.switch', { presence: presenceLabel(presence, t), capacity })}
        popupMatchSelectWidth={false}
        style={{ width: narrow ? 52 : 84 }}
        labelRender={({ value }) => option(value as Presence, !narrow)}
        options={[
          ...PRESENCES.map((p) => ({ value: p, label: option(p, true), title: presenceLabel(p, t) })),
          // A phone's header has no room for the load: the list says it.
          ...(narrow ? [{ value: 'capacity' as const, disabled: true, label: `${t('routing.capacity.title')}: ${capacity}` }] : []),
        ]}
      />
      {!narrow && (
        <span title={t('routing.capacity.title')} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid="my-capacity">
          {capacity}
        </span>
      )}
    </span>
  );
}
