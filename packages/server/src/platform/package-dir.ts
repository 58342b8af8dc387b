import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server package's directory (the one holding its package.json, migrations/ and the web
 * console's sibling package). Found by walking up from this file, so that it is the same
 * whether this file runs as source (src/platform/) or compiled (dist/src/platform/).
 */
export const SERVER_PACKAGE_DIR = findPackageDir(path.dirname(fileURLToPath(import.meta.url)));

function findPackageDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
