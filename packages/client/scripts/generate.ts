// Writes src/schema.d.ts from the server's OpenAPI document.
//   npm run client:generate                      builds the app in-process (no database is opened)
//   DOCKET_URL=http://localhost:8080 npm run client:generate   reads a running server's /openapi.json
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderClientSchema } from './render-schema.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.resolve(here, '../src/schema.d.ts');

async function readOpenApiDocument(): Promise<Record<string, unknown>> {
  const url = process.env.DOCKET_URL;
  if (url) {
    const res = await fetch(new URL('/openapi.json', url));
    if (!res.ok) throw new Error(`${url}/openapi.json answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  }
  const { buildOpenApiDocument } = await import('../../server/src/openapi-document.ts');
  return buildOpenApiDocument();
}

const document = await readOpenApiDocument();
await writeFile(target, await renderClientSchema(document));
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
