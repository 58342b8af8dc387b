import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { SERVER_PACKAGE_DIR } from '../package-dir.ts';
import { httpProblems } from './problem.ts';

/** Where `npm run build -w @docket/web` writes the console. */
export const WEB_CONSOLE_DIR = path.resolve(SERVER_PACKAGE_DIR, '../web/dist');

/**
 * Serves the built console at `/` from the same origin as the API (so the session cookie is
 * SameSite=Strict and no CORS is needed). Any other GET outside /api/ answers index.html,
 * so the console's client-side routes survive a reload.
 */
export async function registerWebConsole(app: FastifyInstance, root: string = WEB_CONSOLE_DIR): Promise<void> {
  const indexPath = path.join(root, 'index.html');
  if (!existsSync(indexPath)) {
    app.log.warn({ root }, 'web console not built; run `npm run build -w @docket/web`');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    // No route per file: the one route below serves them all through reply.sendFile. With a
    // route per file (wildcard: false) every start globbed the build and registered a GET and a
    // HEAD for each of its ~550 files and their .br/.gz: seconds on a busy 2-core runner, where
    // three apps starting at once overran avvio's 10 s plugin timeout (fresh-clone CI on ef239cf).
    serve: false,
    // The build writes <file>.br and <file>.gz next to each text asset (packages/web/scripts/
    // precompress.ts): send the best one the client accepts, with Content-Encoding and
    // Vary: Accept-Encoding, and the file itself otherwise. No compression per request.
    preCompressed: true,
    setHeaders: (reply, filePath) => {
      // Vite fingerprints everything under assets/; index.html must always be revalidated.
      reply.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/')) {
      // An API route whose path parameter is over Fastify's maxParamLength (100) falls through to
      // this catch-all instead of failing in the router: answer what the router would have.
      if (url.split('/').some((segment) => segment.length > 100)) throw httpProblems.uriTooLong({ detail: 'A path parameter is longer than 100 characters' });
      return reply.callNotFound();
    }
    // A file of the build: @fastify/static refuses paths outside root and non-canonical ones, and
    // answers 404 for missing files.
    if (path.extname(url) !== '') return reply.sendFile(decodeURIComponent(url.slice(1)));
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
