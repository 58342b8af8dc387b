// A docket-like process that runs only the outbox dispatcher, for the multi-process tests in
// outbox-processes.test.ts. Each delivery is recorded in public.outbox_test_delivery (its own
// connection, as a webhook would be outside the dispatcher's transaction).
import pg from 'pg';
import { systemClock } from '../../../src/platform/clock/clock.ts';
import { openDatabase } from '../../../src/platform/db/database.ts';
import { createOutboxDispatcher } from '../../../src/platform/outbox/index.ts';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const processName = env('OUTBOX_TEST_PROCESS');
const delayMs = Number(env('OUTBOX_TEST_DELAY_MS', '0'));
const database = openDatabase(env('DATABASE_URL'), 4);
const recorder = new pg.Pool({ connectionString: env('DATABASE_URL'), max: 2 });
const dispatcher = createOutboxDispatcher({
  database,
  clock: systemClock,
  pollIntervalMs: 20,
  eventsPerPartition: Number(env('OUTBOX_TEST_EVENTS_PER_PARTITION', '200')),
  log: { info: () => undefined, warn: () => undefined, error: (d, m) => process.stderr.write(`${m} ${JSON.stringify(d)}\n`) },
});
for (const name of env('OUTBOX_TEST_SUBSCRIBERS').split(',')) {
  dispatcher.subscribe({
    name,
    types: env('OUTBOX_TEST_TYPES').split(','),
    async handle(event) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const { n } = event.payload as { n: number };
      await recorder.query('INSERT INTO public.outbox_test_delivery (subscriber, event_id, aggregate_id, n, process) VALUES ($1, $2, $3, $4, $5)', [name, event.id, event.aggregateId, n, processName]);
    },
  });
}

process.once('SIGTERM', () => {
  process.stdout.write('stopping\n');
  // Exits as soon as stop() resolves, without draining the pools: what stop() promises (the batch
  // in hand delivered and acknowledged) must already hold.
  dispatcher.stop().then(
    () => {
      process.stdout.write('stopped\n');
      process.exit(0);
    },
    (error: Error) => {
      process.stderr.write(`stop failed: ${error.message}\n`);
      process.exit(1);
    },
  );
});

await dispatcher.start();
process.stdout.write('ready\n');
