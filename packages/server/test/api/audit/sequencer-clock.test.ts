import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { auditSequencerWorker, findLatestTreeHead, ledgerOptionsFromConfig, startSequencer } from '../../../src/modules/audit/index.ts';
import { TestClock } from '../../../src/platform/clock/index.ts';
import { createWorkerRegistry } from '../../../src/platform/workers/index.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { allowHorizonWaits, newSigner, settleLedger } from './ledger-support.ts';

// Waits for the cluster's transaction horizon: see ledger-support.ts.
allowHorizonWaits();

// The sequencer as a worker on the one clock: tree heads state the clock's time, and a held
// (test) clock does not stop it signing, since its intervals are measured in elapsed time.
let t: TestApp;
const clock = new TestClock(new Date('2026-05-01T01:00:00Z'));
const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-sequencer-clock-'));
const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until(condition: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the audit sequencer on the one clock', () => {
  it('signs tree heads at the clock’s time, and keeps signing while the clock is held', async () => {
    // given a sequencer polling every 20 ms, signing at most every 50 ms
    const sequencer = startSequencer(t.database.pool, { signer: newSigner(), clock, pollIntervalMs: 20, standbyIntervalMs: 20, signIntervalMs: 50 });
    try {
      await t.login('admin'); // an audit event
      // (the background loop may have signed it first: read the latest head either way)
      await settleLedger(sequencer);
      const first = await findLatestTreeHead(t.database.pool);
      expect(first?.timestamp).toBe(clock.now().getTime());
      // when more events come while the clock stands still
      await t.login('admin');
      await until(async () => ((await findLatestTreeHead(t.database.pool))?.treeSize ?? 0) > first!.treeSize, 10_000);
      // then the loop signed them, at the same held time
      const second = await findLatestTreeHead(t.database.pool);
      expect(second!.timestamp).toBe(first!.timestamp);
      // and after the clock moves, heads state the new time
      clock.moveTo(new Date('2026-05-01T03:00:00Z'));
      await t.login('admin');
      await until(async () => ((await findLatestTreeHead(t.database.pool))?.treeSize ?? 0) > second!.treeSize, 10_000);
      expect((await findLatestTreeHead(t.database.pool))!.timestamp).toBe(Date.parse('2026-05-01T03:00:00Z'));
      expect(sequencer.health()).toEqual({ ok: true, detail: 'leader' });
    } finally {
      await sequencer.stop();
    }
  });

  it('starts and stops as the audit-sequencer worker, releasing its advisory lock', async () => {
    // given
    const options = ledgerOptionsFromConfig(loadConfig({ DOCKET_AUDIT_SEQUENCER: 'inline', DOCKET_DATA_DIR: dataDir, DOCKET_AUDIT_WITNESS_FILE: 'off' }));
    const registry = createWorkerRegistry();
    registry.register(auditSequencerWorker(t.database.pool, options, silentLog, clock));
    const advisoryLocks = async () =>
      (await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))[0]!.n;
    expect(registry.health()).toEqual([{ name: 'audit-sequencer', ok: false, detail: 'not running' }]);
    // when
    await registry.startAll();
    await until(async () => (await advisoryLocks()) === 1, 10_000);
    // then
    expect(registry.health()).toEqual([{ name: 'audit-sequencer', ok: true, detail: 'leader' }]);
    // when
    await registry.stopAll();
    // then
    expect(await advisoryLocks()).toBe(0);
    expect(registry.health()).toEqual([{ name: 'audit-sequencer', ok: false, detail: 'not running' }]);
  });
});
