#!/usr/bin/env node
import pino from 'pino';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { migrate } from '../platform/db/migrator.ts';
import { loggerOptions } from '../platform/log/redaction.ts';
import { resetPasswordAsOperator } from '../modules/access/index.ts';
import { runAssistCommand } from '../modules/assist/models/index.ts';
import { findLatestTreeHead } from '../modules/audit/index.ts';
import { isConfigurationError, openConfiguredDatabase, openKeyRing, startDocket, stopOnSignals } from '../main.ts';

// `docket <command>`: the operator's tools, one short function each, all on the configured database.
const USAGE = `Usage: docket <command>
  serve                          start Docket (what npm start does)
  migrate                        apply pending migrations and exit
  reset-password <user>          set a new password (read from DOCKET_NEW_PASSWORD), lift the lock, end sessions
  keys rotate-data-key           new data key for field encryption; old ciphertexts stay readable
  keys rewrap                    re-wrap every data key under the current master key (after DOCKET_MASTER_KEY rotation)
  keys list                      data keys: id, purpose, suite, status, master key
  audit head                     the latest signed tree head of the audit ledger, one JSON line, for an auditor to record
  assist train|eval …            train, install and measure the assistance classifiers (docket assist, for its options)`;

async function withDatabase<T>(config: Config, fn: (opened: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<T>, options = { migrate: true }): Promise<T> {
  const opened = await openConfiguredDatabase(config, pino(loggerOptions('warn')));
  try {
    if (options.migrate) await migrate(opened.database.pool);
    return await fn(opened);
  } finally {
    await opened.database.close();
    await opened.embedded?.stop();
  }
}

async function run(args: string[]): Promise<number> {
  const [command, sub] = args;
  // Before the configuration is read: `assist train --out` and `eval --model` need no database.
  if (command === 'assist') {
    return runAssistCommand(args.slice(1), {
      withDatabase: (fn) => withDatabase(loadConfig(), ({ database }) => fn(database.db)),
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
    });
  }
  const config = loadConfig();
  switch (command) {
    case 'serve': {
      const docket = await startDocket(config);
      stopOnSignals(docket);
      return new Promise(() => {});
    }
    case 'migrate':
      await withDatabase(config, async () => process.stdout.write('migrations are up to date\n'));
      return 0;
    case 'reset-password': {
      const password = config.newPassword;
      if (!sub || !password) {
        process.stderr.write('reset-password needs a username and DOCKET_NEW_PASSWORD (kept out of the shell history and process list)\n');
        return 64;
      }
      await withDatabase(config, ({ database }) => resetPasswordAsOperator(database.db, { username: sub, password, now: new Date() }));
      process.stdout.write(`password of ${sub} reset; their sessions are ended\n`);
      return 0;
    }
    case 'keys':
      return withDatabase(config, async ({ database }) => {
        const ring = await openKeyRing(database, config);
        if (sub === 'rotate-data-key') process.stdout.write(`new data key ${await ring.rotateDataKey()}\n`);
        else if (sub === 'rewrap') process.stdout.write(`${JSON.stringify(await ring.rewrapAll())}\n`);
        else if (sub === 'list') for (const key of ring.keys()) process.stdout.write(`${JSON.stringify(key)}\n`);
        else {
          process.stderr.write(`${USAGE}\n`);
          return 64;
        }
        return 0;
      });
    case 'audit':
      if (sub !== 'head') {
        process.stderr.write(`${USAGE}\n`);
        return 64;
      }
      // Read-only (no migration): an auditor may run it with a role that can only SELECT audit.*.
      return withDatabase(
        config,
        async ({ database }) => {
          const head = await findLatestTreeHead(database.pool);
          if (!head) {
            process.stderr.write('the audit ledger has no signed tree head yet: Docket signs one within seconds of the first audit event\n');
            return 1;
          }
          // stdout: exactly one witness-file line (`docket audit head >> heads.jsonl`); the words go to stderr.
          process.stdout.write(`${JSON.stringify(head)}\n`);
          process.stderr.write(
            `tree size ${head.treeSize}, root ${head.rootHash}, signed ${new Date(head.timestamp).toISOString()} by key ${head.keyId}\n` +
              'Record this line where the database administrators cannot change it; later, `docket-verify audit --witness <that file>` proves the history up to it was not rewritten.\n',
          );
          return 0;
        },
        { migrate: false },
      );
    default:
      process.stderr.write(`${USAGE}\n`);
      return command ? 64 : 0;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `docket: ${error.message}\n`);
    process.exit(isConfigurationError(error) ? 78 : 1);
  },
);
