import { findSystemActorOrThrow, type SystemActorName } from '../../src/modules/access/index.ts';
import type { CommandRunner, SystemActorResolver } from '../../src/platform/commands/index.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from '../../src/platform/jobs/index.ts';

/** What main.ts passes: modules/access's lookup of a named system actor. */
export const systemActor: SystemActorResolver = (db, name) => findSystemActorOrThrow(db, name as SystemActorName);

/** A job runner over a test app's database and command runner, wired as main.ts wires it. */
export function testJobRunner(t: { database: Database; commands: CommandRunner }, options: Omit<JobRunnerOptions, 'database' | 'commands' | 'systemActor'>): JobRunner {
  return createJobRunner({ database: t.database, commands: t.commands, systemActor, ...options });
}
