import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/openapi-document.ts';
import { parseEnumCheck, renderTableTypes } from '../../src/platform/db/table-types.ts';
import { renderClientSchema } from '../../../client/scripts/render-schema.ts';
import { withDatabase, dropDatabaseWhenIdle } from '../helpers/global-setup.ts';
import { serverRoot } from './module-graph.ts';

// CONVENTIONS.md §10: generated files are checked. Each is regenerated in memory and compared
// with the committed one; a difference means someone changed the source and forgot to regenerate.
describe('generated files', () => {
  it('the typed client (packages/client/src/schema.d.ts) is what the current OpenAPI document generates', async () => {
    const expected = await renderClientSchema(await buildOpenApiDocument());
    const committed = await readFile(path.resolve(serverRoot, '../client/src/schema.d.ts'), 'utf8');
    // Not toEqual on 10,000 lines: the message says what to run.
    expect(committed === expected, 'packages/client/src/schema.d.ts is stale: run `npm run client:generate`').toBe(true);
  });

  it('the table types (src/platform/db/tables.generated.ts) are what the migrated database generates', async () => {
    const serverUrl = inject('pgServerUrl');
    const name = `docket_t_${process.pid}_table_types`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      // A copy of the migrated template: a session on the template itself would block other files' copies.
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
      const client = new pg.Client({ connectionString: withDatabase(serverUrl, name) });
      await client.connect();
      const expected = await renderTableTypes(client).finally(() => client.end());
      const committed = await readFile(path.join(serverRoot, 'src/platform/db/tables.generated.ts'), 'utf8');
      expect(committed === expected, 'tables.generated.ts is stale: run `DATABASE_URL=… npm run generate:tables -w @docket/server`').toBe(true);
    } finally {
      await dropDatabaseWhenIdle(admin, name);
      await admin.end();
    }
  });
});

describe('parseEnumCheck', () => {
  it('reads the values of a CHECK (column IN (...)) constraint as PostgreSQL prints it', () => {
    expect(parseEnumCheck("CHECK ((kind = ANY (ARRAY['head-office'::text, 'branch'::text])))")).toEqual(['kind', ['head-office', 'branch']]);
    expect(parseEnumCheck("CHECK ((status = ANY (ARRAY['it''s'::text])))")).toEqual(['status', ["it's"]]);
  });

  it('leaves other checks alone', () => {
    expect(parseEnumCheck("CHECK ((key ~ '^[a-z][a-z0-9-]{1,62}$'::text))")).toBeUndefined();
    expect(parseEnumCheck('CHECK ((case_id <> linked_case_id))')).toBeUndefined();
  });
});
