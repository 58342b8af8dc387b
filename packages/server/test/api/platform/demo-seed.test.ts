import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config/config.ts';
import { startDocket } from '../../../src/main.ts';
import { DEMO_USERNAMES, PUBLISHED_DEMO_PASSWORD, retirePublishedDemoPassword, seedDemoData } from '../../../seed/demo.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

const PUBLISHED_PASSWORD = PUBLISHED_DEMO_PASSWORD;

const signIn = (t: TestApp, username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

describe('demo seed passwords', () => {
  let first: TestApp;
  let second: TestApp;
  let chosen: TestApp;
  // Every install is made here, in the hook's budget: cloning a database beside a neighbour's write
  // burst (ledger-crash.test.ts) took most of a 30 s test budget once when it was made in the test.
  beforeAll(async () => {
    [first, second, chosen] = await Promise.all([createTestApp(), createTestApp(), createTestApp()]);
  });
  afterAll(() => Promise.all([first.close(), second.close(), chosen.close()]));

  it('gives the demo users a random password, returned once, different on every install', async () => {
    // when
    const a = await seedDemoData(first.database, { now: new Date(), keyRing: first.keyRing, caseCount: 1 });
    const b = await seedDemoData(second.database, { now: new Date(), keyRing: second.keyRing, caseCount: 1 });
    // then
    expect(a.seeded).toBe(true);
    expect(a.generatedPassword).toMatch(/^[\w-]{16}$/);
    expect(b.generatedPassword).toMatch(/^[\w-]{16}$/);
    expect(a.generatedPassword).not.toBe(b.generatedPassword);
    expect((await signIn(first, 'supervisor.bj', a.generatedPassword!)).statusCode).toBe(200);
    expect((await signIn(first, 'agent.bj', PUBLISHED_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(first, 'agent.bj', b.generatedPassword!)).statusCode).toBe(401);
    // Stored only as a hash.
    const stored = await first.sql<{ password_hash: string }>('SELECT password_hash FROM access.user WHERE username = ANY($1)', [[...DEMO_USERNAMES]]);
    expect(stored).toHaveLength(DEMO_USERNAMES.length);
    for (const { password_hash } of stored) expect(password_hash).not.toContain(a.generatedPassword);
  });

  it('seeds once: a second start neither reseeds nor hands out a new password', async () => {
    // when
    const again = await seedDemoData(first.database, { now: new Date(), keyRing: first.keyRing, caseCount: 1 });
    // then
    expect(again).toEqual({ seeded: false });
    expect(await first.sql("SELECT count(*)::int AS n FROM access.user WHERE username = 'agent.bj'")).toEqual([{ n: 1 }]);
  });

  it('creates the demo case types and cases through commands as system:seed, not as the administrator', async () => {
    // given: the first install, seeded by the first test
    const seedActor = await first.sql<{ id: string }>("SELECT id FROM access.user WHERE username = 'system:seed' AND kind = 'system'");
    // then
    const actors = await first.sql("SELECT DISTINCT action, actor_id, actor_name, channel FROM audit.event WHERE action LIKE 'case%' ORDER BY action");
    expect(actors.length).toBeGreaterThan(1);
    for (const actor of actors) expect(actor).toMatchObject({ actor_id: seedActor[0]!.id, actor_name: 'system:seed', channel: 'seed' });
    expect(actors.map((a) => a.action)).toEqual(expect.arrayContaining(['case-type.created', 'case.created']));
    expect(await first.sql('SELECT DISTINCT created_by FROM cases.case')).toEqual([{ created_by: seedActor[0]!.id }]);
    // Its commands publish like any other: one case.created per case (subject → type in the generic outbox).
    const created = await first.sql("SELECT 1 FROM platform.outbox_event o WHERE COALESCE(to_jsonb(o)->>'type', to_jsonb(o)->>'subject') = 'case.created'");
    expect(created).toHaveLength(1);
  });

  it('uses DOCKET_DEMO_PASSWORD when it is set and generates nothing', async () => {
    // when
    const result = await seedDemoData(chosen.database, { now: new Date(), keyRing: chosen.keyRing, caseCount: 1, password: 'chosen-demo-password' });
    // then
    expect(result).toEqual({ seeded: true, generatedPassword: undefined });
    expect((await signIn(chosen, 'marketing', 'chosen-demo-password')).statusCode).toBe(200);
  });
});

describe('the demo process and decision, and its customers', () => {
  let t: TestApp;
  let password: string;
  beforeAll(async () => {
    t = await createTestApp();
    // Enough cases that every case type, credit applications of both branches among them, is drawn.
    password = (await seedDemoData(t.database, { now: new Date(), keyRing: t.keyRing, caseCount: 40 })).generatedPassword!;
  });
  afterAll(() => t.close());

  it('deploys the shipped decisions and processes as system:seed, decisions first, before the case types that name them', async () => {
    // then
    expect(await t.sql("SELECT key, version, name FROM process.definition WHERE key = 'credit-approval'")).toEqual([{ key: 'credit-approval', version: 1, name: '信贷审批 Credit approval' }]);
    expect(await t.sql("SELECT key, version, name FROM decision.decision_version WHERE key = 'risk-rating'")).toEqual([{ key: 'risk-rating', version: 1, name: '风险评级 Risk rating' }]);
    expect(await t.sql('SELECT key, version FROM process.definition ORDER BY key')).toEqual([
      { key: 'complaint-handling', version: 1 },
      { key: 'credit-approval', version: 1 },
      { key: 'suspicious-transaction', version: 1 },
    ]);
    const deployed = await t.sql("SELECT action, actor_name FROM audit.event WHERE action IN ('process.deployed', 'decision.deployed', 'case-type.created') ORDER BY id");
    expect(deployed.map((e) => e.action).slice(0, 5)).toEqual(['decision.deployed', 'decision.deployed', 'process.deployed', 'process.deployed', 'process.deployed']);
    for (const event of deployed) expect(event.actor_name).toBe('system:seed');
  });

  it('starts the process of every credit, complaint and suspicious-transaction case, and a branch agent finds the credit review in My tasks', async () => {
    // given
    const started = await t.sql<{ type_key: string; instances: number }>(
      "SELECT c.type_key, (SELECT count(*)::int FROM process.instance i WHERE i.case_id = c.id) AS instances FROM cases.case c WHERE c.type_key IN ('credit-approval', 'complaint', 'suspicious-transaction')",
    );
    expect(new Set(started.map((c) => c.type_key))).toEqual(new Set(['credit-approval', 'complaint', 'suspicious-transaction']));
    for (const c of started) expect(c.instances).toBe(1);
    const token = (await signIn(t, 'agent.bj', password)).json().token as string;
    // when
    const mine = await t.app.inject({ method: 'GET', url: '/api/v1/tasks?candidate=me', headers: { authorization: `Bearer ${token}` } });
    // then
    expect(mine.statusCode).toBe(200);
    const items = mine.json().items as { name: string; caseId: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((task) => task.name)).toContain('信贷初审 Branch credit review');
  });

  it('gives every demo case with a customer its customer record, in the branch of its cases, owned by the branch relationship manager', async () => {
    // then
    expect(await t.sql('SELECT key, number_prefix, role FROM objects.object_type ORDER BY key')).toEqual([
      { key: 'account', number_prefix: 'ACC', role: 'standard' },
      { key: 'customer', number_prefix: 'CUS', role: 'customer' },
      { key: 'holding', number_prefix: 'HLD', role: 'standard' },
      { key: 'wealth-product', number_prefix: 'PRD', role: 'standard' },
    ]);
    expect(
      await t.sql(
        "SELECT count(*)::int AS n FROM cases.case c WHERE c.customer_ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM objects.record r WHERE r.type_key = 'customer' AND r.external_id = c.customer_ref)",
      ),
    ).toEqual([{ n: 0 }]);
    const owners = await t.sql<{ code: string; username: string }>(
      "SELECT DISTINCT d.code, u.username FROM objects.record r JOIN access.department d ON d.id = r.department_id JOIN access.user u ON u.id = r.owner_id WHERE r.type_key = 'customer'",
    );
    for (const { code, username } of owners) expect(username).toBe(code === 'SH' ? 'rm.sh' : 'rm.bj');
    // Accounts and holdings hang off their customer through the relations; sensitive values sealed at rest.
    expect(
      await t.sql("SELECT count(*)::int AS n FROM objects.record r WHERE r.type_key IN ('account', 'holding') AND NOT EXISTS (SELECT 1 FROM objects.record_link l WHERE l.to_record_id = r.id)"),
    ).toEqual([{ n: 0 }]);
    expect(await t.sql("SELECT count(*)::int AS n FROM objects.record WHERE type_key = 'customer' AND fields->>'phone' ~ '^1[3-9][0-9]{9}$'")).toEqual([{ n: 0 }]);
    // Written as system:seed, audited like any record.
    expect(await t.sql("SELECT DISTINCT actor_name FROM audit.event WHERE action = 'objects.record-created'")).toEqual([{ actor_name: 'system:seed' }]);
    // The demo rules, owned by admin: the birthday rule waits for its dry-run, the other two act.
    expect(await t.sql('SELECT r.key, r.enabled, r.trigger_kind, u.username AS owner FROM automation.rule r JOIN access.user u ON u.id = r.owner_id ORDER BY r.key')).toEqual([
      { key: 'birthday-follow-up', enabled: false, trigger_kind: 'date', owner: 'admin' },
      { key: 'fee-complaint-rejected', enabled: true, trigger_kind: 'case-event', owner: 'admin' },
      { key: 'wealth-maturity-reminder', enabled: true, trigger_kind: 'date', owner: 'admin' },
    ]);
  });

  it('shows a Beijing customer to rm.bj, masked, and not to the Shanghai agent', async () => {
    // given
    const [customer] = await t.sql<{ id: string }>(
      "SELECT r.id FROM objects.record r JOIN access.department d ON d.id = r.department_id WHERE r.type_key = 'customer' AND d.code IN ('BJ', 'BJ-HD') LIMIT 1",
    );
    const read = async (username: string) => {
      const token = (await signIn(t, username, password)).json().token as string;
      return t.app.inject({ method: 'GET', url: `/api/v1/records/${customer!.id}`, headers: { authorization: `Bearer ${token}` } });
    };
    // when
    const byManager = await read('rm.bj');
    const byShanghai = await read('agent.sh');
    // then
    expect(byManager.statusCode).toBe(200);
    expect(byManager.json().maskedFields).toEqual(expect.arrayContaining(['name']));
    expect(byShanghai.statusCode).toBe(404);
  });
});

describe('a data directory seeded with the once-published demo password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // As every install seeded before the passwords were random.
    await seedDemoData(t.database, { now: new Date(), keyRing: t.keyRing, caseCount: 1, password: PUBLISHED_PASSWORD });
  });
  afterAll(() => t.close());

  it('keeps it when the operator chose it on purpose (DOCKET_DEMO_PASSWORD)', async () => {
    const before = await t.sql('SELECT username, password_hash FROM access.user ORDER BY username');
    expect(await retirePublishedDemoPassword(t.database, { now: new Date(), password: PUBLISHED_PASSWORD })).toEqual({ retired: [] });
    expect(await t.sql('SELECT username, password_hash FROM access.user ORDER BY username')).toEqual(before);
  });

  it('gives its demo users a new password at the next start, ends their sessions and audits it', async () => {
    // given
    const session = (await signIn(t, 'supervisor.bj', PUBLISHED_PASSWORD)).json().token as string;
    const adminHash = await t.sql("SELECT password_hash FROM access.user WHERE username = 'admin'");
    // when
    const result = await retirePublishedDemoPassword(t.database, { now: new Date() });
    // then
    expect([...result.retired].sort()).toEqual([...DEMO_USERNAMES].sort());
    expect(result.generatedPassword).toMatch(/^[\w-]{16}$/);
    expect((await signIn(t, 'agent.bj', PUBLISHED_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(t, 'agent.bj', result.generatedPassword!)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${session}` } })).statusCode).toBe(401);
    expect(await t.sql("SELECT count(*)::int AS n FROM audit.event WHERE action = 'auth.password-reset'")).toEqual([{ n: DEMO_USERNAMES.length }]);
    expect(await t.sql("SELECT password_hash FROM access.user WHERE username = 'admin'")).toEqual(adminHash);
    // and a later start finds nothing to do
    expect(await retirePublishedDemoPassword(t.database, { now: new Date() })).toEqual({ retired: [] });
  });
});

describe('a start on DATABASE_URL', () => {
  let t: TestApp;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-seed-'));
  beforeAll(async () => {
    t = await createTestApp();
    // The key ring of this start gets its own master key (in dataDir): start from no data keys.
    await t.sql('DELETE FROM access.data_key');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds no demo users when DOCKET_SEED_DEMO is not set, and prints no demo password', async () => {
    // given
    const databaseUrl = (t.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
    const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', DOCKET_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DOCKET_ADMIN_PASSWORD: 'admin-password-for-tests' });
    const banner = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    // when
    const docket = await startDocket(config);
    await docket.stop();
    const printed = banner.mock.calls.map(([text]) => String(text)).join('');
    banner.mockRestore();
    // then
    expect(await t.sql('SELECT username FROM access.user WHERE username = ANY($1)', [[...DEMO_USERNAMES]])).toEqual([]);
    expect(await t.sql('SELECT count(*)::int AS n FROM cases.case')).toEqual([{ n: 0 }]);
    expect(printed).toContain('Docket is running at');
    expect(printed).not.toContain('Demo users');
  });
});
