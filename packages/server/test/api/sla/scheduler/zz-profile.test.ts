import { it } from 'vitest';
import { createSlaScheduler } from '../../../../src/modules/sla/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { complaint, createSeedCaseTypes } from '../../../helpers/factories.ts';
import { systemActor } from '../../../helpers/job-runner.ts';
import { bearer, createTestApp } from '../../../helpers/test-app.ts';

it('profile', { timeout: 300_000 }, async () => {
  const clock = new TestClock(new Date('2026-03-02T01:00:00Z'));
  const t = await createTestApp({ clock });
  const admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  const c = (await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: complaint() })).json();
  const cols = (
    await t.sql<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema='cases' AND table_name='case' AND column_name NOT IN ('id','number') ORDER BY ordinal_position",
    )
  ).map((r) => `"${r.column_name}"`);
  await t.sql(
    `INSERT INTO cases.case (id, number, ${cols.join(',')}) SELECT gen_random_uuid(), c.number||'-'||i, ${cols.map((x) => 'c.' + x).join(',')} FROM cases.case c, generate_series(2, 3000) i WHERE c.id=$1`,
    [c.id],
  );
  const cal = (await t.sql<{ id: string; current_version: number }>("SELECT id, current_version FROM sla.calendar WHERE key='always-open'"))[0]!;
  const levels = JSON.stringify([
    { index: 0, at: { kind: 'share', share: 0.5 }, actions: [] },
    { index: 1, at: { kind: 'breach' }, actions: [] },
  ]);
  const F = new Date('2026-03-02T01:00:00Z');
  await t.sql(
    `INSERT INTO sla.target (id, case_id, key, kind, calendar_id, calendar_version, priority, budget_seconds, levels, state, started_at, running_since, due_at, next_fire_at, created_at, updated_at)
    SELECT gen_random_uuid(), c.id, 'resolution','resolution',$1,$2,c.priority,4,$3::jsonb,'running',$4::timestamptz - interval '4 seconds',$4::timestamptz - interval '4 seconds',$4,$4::timestamptz - interval '2 seconds',now(),now() FROM cases.case c`,
    [cal.id, cal.current_version, levels, F],
  );
  const s = createSlaScheduler({ database: t.database, clock, commands: t.commands, systemActor, batchSize: 500 });
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const n = await s.runBatch(clock.now());
    console.log('batch', n, (performance.now() - t0).toFixed(0), 'ms');
  }
  await t.close();
});
