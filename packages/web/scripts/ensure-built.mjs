// `npm start` serves packages/web/dist: build it when it is missing or older than any source
// file, so a pulled change to the console is never served stale.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(web, 'dist', 'index.html');

function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const sources = [path.join(web, 'src'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts'), path.join(web, '../client/src')];
const sourceMtimeMs = Math.max(...sources.filter(existsSync).map((s) => (statSync(s).isDirectory() ? newestMtimeMs(s) : statSync(s).mtimeMs)));
if (!existsSync(built) || statSync(built).mtimeMs < sourceMtimeMs) {
  process.stdout.write('Building the web console…\n');
  execSync('npm run build', { cwd: web, stdio: 'inherit' });
}
