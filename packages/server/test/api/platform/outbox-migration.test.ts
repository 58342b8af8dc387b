import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate, readMigrationFiles } from '../../../src/platform/db/migrator.ts';
import { dropDatabaseWhenIdle, withDatabase } from '../../helpers/global-setup.ts';

const GENERIC_OUTBOX = '20261205T0200_platform_generic-outbox.sql';

let admin: pg.Client;
let pool: pg.Pool;
const name = `docket_outbox_mig_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  pool = new pg.Pool({ connectionString: withDatabase(inject('pgServerUrl'), name), max: 2 });
});
afterAll(async () => {
  await pool.end();
  await dropDatabaseWhenIdle(admin, name);
  await admin.end();
});

describe(GENERIC_OUTBOX, () => {
  it('keeps case-shaped rows written before it readable as generic events, still to be delivered', async () => {
    // given: a database as the previous release left it, with two undelivered case events
    const files = readMigrationFiles();
    const index = files.findIndex((f) => f.name === GENERIC_OUTBOX);
    expect(index).toBeGreaterThan(0);
    await migrate(pool, files.slice(0, index));
    const caseId = '0193a5b2-0000-7000-8000-000000000001';
    await pool.query(`INSERT INTO platform.outbox_event (subject, case_id, payload) VALUES ('case.created', $1, $2), ('case.updated', $1, $3)`, [
      caseId,
      { id: caseId },
      { id: caseId, changed: ['title'] },
    ]);
    // when
    await migrate(pool, files);
    // then
    const { rows } = await pool.query('SELECT type, aggregate_type, aggregate_id, payload, position, partition FROM platform.outbox_event ORDER BY id');
    expect(rows).toEqual([
      { type: 'case.created', aggregate_type: 'case', aggregate_id: caseId, payload: { id: caseId }, position: null, partition: rows[0].partition },
      { type: 'case.updated', aggregate_type: 'case', aggregate_id: caseId, payload: { id: caseId, changed: ['title'] }, position: null, partition: rows[0].partition },
    ]);
    expect(rows[0].partition).toBeGreaterThanOrEqual(0);
    expect(rows[0].partition).toBeLessThan(16);
  });
});
