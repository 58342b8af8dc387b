// Writes src/platform/db/tables.generated.ts: migrates a scratch database on the PostgreSQL
// server of DATABASE_URL (created and dropped here), and renders its tables' types.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run generate:tables -w @docket/server
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../src/platform/db/migrator.ts';
import { renderTableTypes } from '../src/platform/db/table-types.ts';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('Set DATABASE_URL to a PostgreSQL server where a scratch database may be created');
const scratch = `docket_table_types_${process.pid}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratch}`);
try {
  const url = new URL(serverUrl);
  url.pathname = `/${scratch}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
  try {
    await migrate(pool);
    const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/platform/db/tables.generated.ts');
    await writeFile(target, await renderTableTypes(pool));
    process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
  } finally {
    await pool.end();
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.end();
}
