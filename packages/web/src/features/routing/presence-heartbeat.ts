import { useEffect } from 'react';
import { sendPresenceHeartbeat } from './routing-api.ts';

/** The server turns an available agent away after some minutes without a sign of life (DOCKET_ROUTING_AWAY_AFTER, 15 min by default). */
export const HEARTBEAT_INTERVAL_MS = 60_000;

/**
 * Whether to tell the server the console is in use: only while the tab is visible (a tab left
 * in the background is no agent at work), and at most once a minute.
 */
export function isHeartbeatDue(lastSentAtMs: number | null, nowMs: number, visible: boolean, intervalMs = HEARTBEAT_INTERVAL_MS): boolean {
  if (!visible) return false;
  return lastSentAtMs === null || nowMs - lastSentAtMs >= intervalMs;
}

/**
 * Sends POST /me/presence/heartbeat every minute while the tab is visible, and at once when the
 * tab comes back after a minute or more hidden. A failed beat is not retried: the next one comes.
 */
export function usePresenceHeartbeat(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let lastSentAtMs: number | null = null;
    const visible = () => document.visibilityState === 'visible';
    const beat = () => {
      const now = Date.now();
      if (!isHeartbeatDue(lastSentAtMs, now, visible())) return;
      lastSentAtMs = now;
      sendPresenceHeartbeat().catch(() => undefined);
    };
    beat();
    // Checked a little more often than the interval, so a beat is never a whole minute late.
    const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS / 4);
    document.addEventListener('visibilitychange', beat);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', beat);
    };
  }, [enabled]);
}
