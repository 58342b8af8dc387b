import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The third-party conformance material (DMN TCK, BPMN MIWG) lives beside the repository, in
 * `../shared/conformance`, not in it (its licences ask for attribution, and it is not ours to
 * change). Found, in this order: `DOCKET_CONFORMANCE_DIR`; a `shared/conformance` folder in any
 * directory above this file (the main checkout, a worktree, a CI checkout); `/work/shared/conformance`
 * (a clone made elsewhere on the development machine). Missing material fails the test that
 * needs it, naming where it looked: a conformance test never passes by finding nothing.
 */
export function conformanceDir(...sub: string[]): string {
  const looked: string[] = [];
  const fromEnv = process.env.DOCKET_CONFORMANCE_DIR;
  if (fromEnv) {
    const candidate = path.join(fromEnv, ...sub);
    if (existsSync(candidate)) return candidate;
    looked.push(candidate);
  }
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, 'shared', 'conformance', ...sub);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  looked.push(`shared/conformance/${sub.join('/')} in every directory above ${path.dirname(fileURLToPath(import.meta.url))}`);
  const machine = path.join('/work/shared/conformance', ...sub);
  if (existsSync(machine)) return machine;
  looked.push(machine);
  throw new Error(`The conformance material ${sub.join('/')} is missing; looked at: ${looked.join('; ')}. Set DOCKET_CONFORMANCE_DIR to the folder holding dmn-tck/ and bpmn-miwg/.`);
}
