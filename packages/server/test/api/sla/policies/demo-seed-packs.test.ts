// Issue 16: the demo seed applies the shipped SLA packs as system:seed before its cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../../../seed/demo.ts';
import { createTestApp, type TestApp } from '../../../helpers/test-app.ts';

describe('the demo seed and the SLA packs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemoData(t.database, { now: new Date(), keyRing: t.keyRing, caseCount: 5, subscribers: t.commands.subscribers });
  });
  afterAll(() => t.close());

  it('applies the three packs as system:seed, before the first demo case, the complaint review steps inside the complaint policies', async () => {
    // then
    expect(await t.sql('SELECT key, pack, position FROM sla.policy ORDER BY position')).toEqual([
      { key: 'aml-suspicious-transaction', pack: 'aml-alert-30min', position: 1 },
      { key: 'cn-complaint-12378', pack: 'cn-consumer-complaints', position: 2 },
      { key: 'cn-complaint', pack: 'cn-consumer-complaints', position: 3 },
      { key: 'cn-consultation', pack: 'cn-consumer-complaints', position: 4 },
    ]);
    const packs = await t.sql<{ id: string; actor_name: string; occurred_at: Date; target_id: string }>(
      "SELECT id, actor_name, occurred_at, target_id FROM audit.event WHERE action = 'sla.pack-applied' ORDER BY id",
    );
    expect(packs.map((e) => [e.target_id, e.actor_name])).toEqual([
      ['cn-consumer-complaints', 'system:seed'],
      ['complaint-higher-review', 'system:seed'],
      ['aml-alert-30min', 'system:seed'],
    ]);
    const [firstCase] = await t.sql<{ id: string; occurred_at: Date }>("SELECT id, occurred_at FROM audit.event WHERE action = 'case.created' ORDER BY id LIMIT 1");
    expect(BigInt(firstCase!.id)).toBeGreaterThan(BigInt(packs[2]!.id));
    // Effective from the seed's past, so every back-dated demo case is covered.
    const [earliest] = await t.sql<{ effective_from: Date }>('SELECT min(effective_from) AS effective_from FROM sla.policy_version');
    expect(earliest!.effective_from.getTime()).toBeLessThanOrEqual(firstCase!.occurred_at.getTime());
    const complaint = await t.sql<{ definition: { targets: { key: string }[] } }>(
      "SELECT v.definition FROM sla.policy_version v JOIN sla.policy p ON p.id = v.policy_id AND v.version = p.current_version WHERE p.key = 'cn-complaint'",
    );
    expect(complaint[0]!.definition.targets.map((x) => x.key)).toEqual(['first-response', 'resolution', 'higher-review', 'reply-after-review']);
  });
});
