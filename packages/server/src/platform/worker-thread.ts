import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread whose entry is the module `<entryName>` beside the caller (pass the
 * caller's `import.meta.url`). Built (dist/), the caller is a .js file and so is the entry: plain
 * Node, no loader, the only case in production. Run from source (tests, `tsx`), the entry is
 * `<entryName>.ts`, which Node 20 cannot load by itself, and a worker does not inherit the main
 * thread's loader hooks: the entry then imports the module through tsx's API (a development
 * dependency), with the `@docket/source` condition so that workspace packages resolve to source.
 */
export function startWorkerThread(callerUrl: string, entryName: string): Worker {
  const caller = new URL(callerUrl);
  if (caller.pathname.endsWith('.js')) return new Worker(new URL(`./${entryName}.js`, caller), { execArgv: [] });
  const entry = new URL(`./${entryName}.ts`, caller).href;
  const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(caller).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return new Worker(code, { eval: true, execArgv: ['--conditions=@docket/source'] });
}
