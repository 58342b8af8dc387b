import type { TestProject } from 'vitest/node';
import { prepareSeededDataDir, removeDir } from './docket-under-test.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A stopped Docket's data directory with the demo data, for specs to copy; '' to seed in every spec. */
    seededDataDir: string;
  }
}

// Measured (issue 16): a Docket's first start (initdb, migrations, demo seed) took 29 s on the
// loaded CI machine, a start on a copy of a seeded data directory a fraction of it. So the run
// seeds once, and every spec without settings of its own still gets its own Docket process over
// its own database, a copy. DOCKET_E2E_SEED_EACH=true seeds in every spec, as before.
export default async function setup(project: TestProject) {
  if (process.env.DOCKET_E2E_SEED_EACH === 'true') {
    project.provide('seededDataDir', '');
    return;
  }
  const dataDir = await prepareSeededDataDir();
  project.provide('seededDataDir', dataDir);
  return () => removeDir(dataDir);
}
