import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { resolvePrincipal } from '../../../src/modules/access/index.ts';
import { insertAuditEvent } from '../../../src/modules/audit/store.ts';
import { systemClock } from '../../../src/platform/clock/clock.ts';
import { openDatabase, type Database } from '../../../src/platform/db/database.ts';
import { createCommandRunner } from '../../../src/platform/commands/index.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, USER_PASSWORD, type TestApp } from '../../helpers/test-app.ts';
import { databaseUrlOf, REPO_ROOT } from './ledger-support.ts';

// Item 19 of issue 12: the application role set up exactly as the operator guide says must not
// be able to write an audit event dated in the past (or future), nor switch the check off.
const GUIDE = path.join(REPO_ROOT, 'docs/operators/deploying-on-postgresql.md');

/** The guide's role setup: its createuser line for docket_app and its GRANT block, verbatim. */
function guideSetup(role: string): { createUserFlags: string[]; grants: string } {
  const text = readFileSync(GUIDE, 'utf8');
  const createLine = text.split('\n').find((line) => /^createuser\b.*\bdocket_app\b/.test(line));
  if (!createLine) throw new Error('the guide no longer creates docket_app with createuser');
  const section = text.slice(text.indexOf('## Least privilege for the application role'));
  const block = /```sql\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('the guide has no SQL block for the application role');
  return {
    createUserFlags: createLine
      .split('#')[0]!
      .trim()
      .split(/\s+/)
      .filter((w) => w.startsWith('-')),
    grants: block.replaceAll('docket_app', role),
  };
}

let t: TestApp;
let role: string;
let roleUrl: string;
let asApp: pg.Client;
let appDatabase: Database;
const password = randomBytes(12).toString('hex');

beforeAll(async () => {
  t = await createTestApp();
  // Case types (and their number sequences) exist before the grants, as after migrating as the
  // owner: the guide's GRANT … ON ALL SEQUENCES covers only sequences that exist when it runs.
  await createSeedCaseTypes(t, await t.login('admin'));
  await t.createUser('agent.least', ['agent']);
  role = `docket_app_${randomBytes(4).toString('hex')}`;
  const { createUserFlags, grants } = guideSetup(role);
  // `createuser` makes a LOGIN role that is neither superuser, nor creates roles or databases;
  // the guide must not ask for more.
  expect(createUserFlags.filter((f) => /^(-s|--superuser|-r|--createrole|-d|--createdb|--replication)$/.test(f))).toEqual([]);
  await t.sql(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD '${password}'`);
  await t.sql(grants);
  const url = new URL(databaseUrlOf(t));
  url.username = role;
  url.password = password;
  roleUrl = url.toString();
  asApp = new pg.Client({ connectionString: roleUrl });
  await asApp.connect();
  appDatabase = openDatabase(roleUrl, 4);
});

afterAll(async () => {
  await asApp?.end().catch(() => undefined);
  await appDatabase?.close().catch(() => undefined);
  await t.sql(`DROP OWNED BY ${role}`).catch(() => undefined);
  await t.close();
  // Roles are cluster-wide: drop it once no database holds anything of it.
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect().catch(() => undefined);
  await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
  await admin.end().catch(() => undefined);
});

const countEvents = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM audit.event'))[0]!.n);
const insertEvent = (client: pg.Client, occurredAt: string, extra = '') =>
  client.query(`INSERT INTO audit.event (occurred_at, actor_id, actor_name, action, target_type, target_id${extra ? ', xid' : ''})
                VALUES (${occurredAt}, NULL, 'mallory', 'case.approved', 'case', 'forged'${extra ? `, ${extra}` : ''})`);

describe('the least-privilege application role of the operator guide', () => {
  it('cannot insert a back-dated, forward-dated or behind-the-ledger audit event; nothing is written', async () => {
    const before = await countEvents();
    await expect(insertEvent(asApp, "now() - interval '30 days'")).rejects.toMatchObject({ code: '23514', column: 'occurred_at', message: expect.stringContaining('back- or forward-dated') });
    await expect(insertEvent(asApp, "clock_timestamp() - interval '6 minutes'")).rejects.toMatchObject({ code: '23514', column: 'occurred_at' });
    await expect(insertEvent(asApp, "now() + interval '1 day'")).rejects.toMatchObject({ code: '23514', column: 'occurred_at' });
    // A batch with one back-dated row among good ones is refused as a whole.
    await expect(
      asApp.query(`INSERT INTO audit.event (occurred_at, action, target_type, target_id)
                   VALUES (now(), 'case.created', 'case', 'a'), (now() - interval '1 year', 'case.approved', 'case', 'a')`),
    ).rejects.toMatchObject({ code: '23514' });
    // An explicit small xid would sort the row before events already in the tree.
    await expect(insertEvent(asApp, 'now()', "'2'::xid8")).rejects.toMatchObject({ code: '23514', column: 'xid' });
    // A transaction held open does not move "now" back: the bound is the statement's time.
    await asApp.query('BEGIN');
    await asApp.query('SELECT pg_sleep(0.2)');
    const started = (await asApp.query<{ t: Date }>('SELECT now() AS t')).rows[0]!.t;
    await expect(insertEvent(asApp, `'${new Date(started.getTime() - 6 * 60_000).toISOString()}'`)).rejects.toMatchObject({ code: '23514' });
    await asApp.query('ROLLBACK');
    expect(await countEvents()).toBe(before);
  });

  it('cannot switch the check off: not owner, not superuser', async () => {
    const before = await countEvents();
    for (const statement of [
      'ALTER TABLE audit.event DISABLE TRIGGER event_written_now',
      'ALTER TABLE audit.event DISABLE TRIGGER ALL',
      'DROP TRIGGER event_written_now ON audit.event',
      'DROP FUNCTION audit.refuse_backdated_events() CASCADE',
      "CREATE OR REPLACE FUNCTION audit.refuse_backdated_events() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'",
      'SET session_replication_role = replica',
      "UPDATE audit.event SET occurred_at = occurred_at - interval '30 days'",
    ]) {
      await expect(asApp.query(statement), statement).rejects.toMatchObject({ code: '42501' });
    }
    const owner = (await t.sql<{ owner: string }>("SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'audit.event'::regclass"))[0]!.owner;
    await expect(asApp.query(`SET ROLE ${owner}`)).rejects.toMatchObject({ code: '42501' });
    await expect(insertEvent(asApp, "now() - interval '30 days'")).rejects.toMatchObject({ code: '23514' });
    expect((await t.sql("SELECT 1 FROM pg_trigger WHERE tgname = 'event_written_now' AND tgenabled = 'O'")).length).toBe(1);
    expect(await countEvents()).toBe(before);
  });

  it('still writes the events of normal commands, through the application on that role', async () => {
    // The same application, connected as the least-privilege role.
    const app = await buildApp({
      config: { ...loadConfig({}), seedDemo: false, loginRateLimitPerMinute: 1000 },
      database: appDatabase,
      clock: systemClock,
      keyRing: t.keyRing,
      commands: createCommandRunner(appDatabase, systemClock, t.keyRing),
      resolvePrincipal: (token) => resolvePrincipal(appDatabase.db, token, systemClock.now()),
    });
    try {
      await app.ready();
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agent.least', password: USER_PASSWORD } });
      expect(login.statusCode).toBe(200);
      const res = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(login.json().token), payload: complaint({ title: 'written by the app role' }) });
      expect(res.statusCode).toBe(201);
      const events = await t.sql<{ action: string; n: string }>('SELECT action, count(*) AS n FROM audit.event WHERE case_id = $1 GROUP BY action', [res.json().id]);
      expect(events.map((e) => e.action)).toContain('case.created');
    } finally {
      await app.close();
    }
    // And the store's own insert, as a command would, with the system clock.
    await insertAuditEvent(appDatabase.db, { occurredAt: new Date(), actorId: null, actorName: 'system', action: 'access.denied', targetType: 'test', targetId: '1' });
    expect((await t.sql("SELECT 1 FROM audit.event WHERE action = 'access.denied' AND target_type = 'test'")).length).toBe(1);
  });

  it('leaves the owner unbound: it could drop the trigger anyway, and tests on a fixed clock run as the owner', async () => {
    await t.sql("INSERT INTO audit.event (occurred_at, action, target_type, target_id) VALUES (now() - interval '30 days', 'test.owner', 'test', '1')");
    expect((await t.sql("SELECT 1 FROM audit.event WHERE action = 'test.owner'")).length).toBe(1);
  });
});
