import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, readMigrationFiles, type MigrationFile } from '../../../src/platform/db/migrator.ts';
import { dropDatabaseWhenIdle, withDatabase } from '../../helpers/global-setup.ts';

// The modules of CONVENTIONS.md; a migration names the one that owns its tables.
const MODULES = ['platform', 'access', 'cases', 'audit', 'process', 'decisions', 'sla', 'routing', 'integration', 'knowledge', 'analytics', 'notifications', 'automation', 'objects', 'assist'];
const NAME_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})_([a-z]+)_([a-z0-9]+(?:-[a-z0-9]+)*)\.sql$/;

function migrationFile(name: string, sql: string): MigrationFile {
  return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
}

describe('migration files', () => {
  const files = readMigrationFiles();

  it('are named <YYYYMMDDTHHMM>_<module>_<what>.sql with a real UTC time and a known module', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const { name } of files) {
      const match = NAME_PATTERN.exec(name);
      expect(match, name).not.toBeNull();
      const [, year, month, day, hour, minute, module] = match!;
      const instant = new Date(Date.UTC(+year!, +month! - 1, +day!, +hour!, +minute!));
      expect(instant.toISOString().slice(0, 16), `${name} is not a real time`).toBe(`${year}-${month}-${day}T${hour}:${minute}`);
      expect(MODULES, `${name}: unknown module`).toContain(module);
    }
  });

  it('are read in name order with distinct timestamps', () => {
    const names = files.map((f) => f.name);
    expect(names).toEqual([...names].sort());
    const stamps = names.map((n) => n.slice(0, 13));
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});

describe('migrate()', () => {
  let admin: pg.Client;
  let pool: pg.Pool;
  let scratch: string;
  let files: MigrationFile[];

  // A scratch database cloned from the migrated template, as test-app.ts clones one per test file.
  beforeAll(async () => {
    const template = inject('templateDatabase');
    scratch = `docket_t_${template.replace('docket_template_', '')}_${randomBytes(4).toString('hex')}`;
    admin = new pg.Client({ connectionString: inject('pgServerUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${scratch} TEMPLATE ${template}`);
    pool = new pg.Pool({ connectionString: withDatabase(inject('pgServerUrl'), scratch), max: 2 });
    // One snapshot of the files for every test here, brought up to date: a migration added
    // to the tree after the template was built must not make these tests disagree.
    files = readMigrationFiles();
    await migrate(pool, files);
  });
  afterAll(async () => {
    // pool.end() resolves once its clients are told to end, not once their backends are gone: a
    // forced drop could still terminate one, and its client (no longer the pool's) would throw
    // "terminating connection due to administrator command" as an unhandled error.
    await pool.end();
    await dropDatabaseWhenIdle(admin, scratch);
    await admin.end();
  });

  const appliedRows = async () => (await pool.query('SELECT name, checksum FROM platform.schema_migration ORDER BY name')).rows;

  it('applies nothing to a database that is up to date', async () => {
    const before = await appliedRows();
    expect(before).toEqual(files.map((f) => ({ name: f.name, checksum: f.checksum })));
    expect(await migrate(pool, files)).toEqual([]);
    expect(await appliedRows()).toEqual(before);
  });

  it('refuses to run when an applied migration was changed, and applies nothing after it', async () => {
    // given: the first migration edited after it was applied, and a new one after it
    const edited = migrationFile(files[0]!.name, `${files[0]!.sql}\n-- a harmless looking edit\n`);
    const later = migrationFile('29991231T2358_platform_must-not-run.sql', 'CREATE TABLE platform.must_not_exist (id int);');
    const before = await appliedRows();
    // when
    const run = migrate(pool, [edited, ...files.slice(1), later]);
    // then
    await expect(run).rejects.toThrow(`Migration ${files[0]!.name} was changed after it was applied; write a new migration instead`);
    expect(await appliedRows()).toEqual(before);
    expect((await pool.query("SELECT to_regclass('platform.must_not_exist') AS t")).rows[0].t).toBeNull();
  });

  it('applies a new migration once and records its checksum', async () => {
    // given
    const probe = migrationFile('29991231T2359_platform_add-probe.sql', 'CREATE TABLE platform.probe (id int);');
    // when
    const first = await migrate(pool, [...files, probe]);
    const second = await migrate(pool, [...files, probe]);
    // then
    expect(first).toEqual([probe.name]);
    expect(second).toEqual([]);
    expect((await appliedRows()).at(-1)).toEqual({ name: probe.name, checksum: probe.checksum });
  });

  it('rolls a failing migration back whole and does not record it', async () => {
    // given
    const broken = migrationFile('29991231T2357_platform_half-done.sql', 'CREATE TABLE platform.half_done (id int);\nSELECT 1 / 0;');
    const before = await appliedRows();
    // when
    const run = migrate(pool, [...files, broken]);
    // then
    await expect(run).rejects.toThrow(`Migration ${broken.name} failed: division by zero`);
    expect(await appliedRows()).toEqual(before);
    expect((await pool.query("SELECT to_regclass('platform.half_done') AS t")).rows[0].t).toBeNull();
  });
});
