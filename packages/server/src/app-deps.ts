import type { Config } from './config/config.ts';
import type { Database } from './platform/db/database.ts';
import type { Clock } from './platform/clock/clock.ts';
import type { CommandRunner } from './platform/commands/index.ts';
import type { Principal } from './platform/http/principal.ts';
import type { KeyRing } from './platform/crypto/index.ts';
import type { Registry } from 'prom-client';
import type { WorkerRegistry } from './platform/workers/index.ts';

/** What routes need, passed by hand from the composition root (app.ts). */
export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  commands: CommandRunner;
  keyRing: KeyRing;
  resolvePrincipal(token: string): Promise<Principal | undefined>;
  /** The process's workers: their health in /readyz, their due jobs run by the test clock. */
  workers?: WorkerRegistry;
  /** The registry /metrics serves, shared with the workers (main.ts); a new one when not given. */
  metrics?: Registry;
}
