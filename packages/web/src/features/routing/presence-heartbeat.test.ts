import { describe, expect, it } from 'vitest';
import { HEARTBEAT_INTERVAL_MS, isHeartbeatDue } from './presence-heartbeat.ts';

describe('the presence heartbeat', () => {
  const now = 1_000_000;
  it('beats at once when the console opens, then once a minute', () => {
    expect(isHeartbeatDue(null, now, true)).toBe(true);
    expect(isHeartbeatDue(now - 30_000, now, true)).toBe(false);
    expect(isHeartbeatDue(now - HEARTBEAT_INTERVAL_MS, now, true)).toBe(true);
  });

  it('skips while the tab is hidden, however long ago the last beat was', () => {
    expect(isHeartbeatDue(null, now, false)).toBe(false);
    expect(isHeartbeatDue(now - 10 * HEARTBEAT_INTERVAL_MS, now, false)).toBe(false);
  });
});
