import type { Registry } from 'prom-client';
import type { Clock } from '../../../platform/clock/index.ts';
import type { CommandRunner, SystemActorResolver } from '../../../platform/commands/index.ts';
import type { KeyRing } from '../../../platform/crypto/index.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { OutboxSubscriber } from '../../../platform/outbox/index.ts';
import { type BrokerConnections, createBrokerConnections } from '../brokers/connections.ts';
import { ingestSourceMessages } from '../sources/ingest-messages.ts';
import { findCallbackSecret, findSource, listActiveSources } from '../sources/source-store.ts';
import { createWriteBackSubscriber } from '../write-back/write-back.ts';
import { createIngestConsumers, type IngestConsumers } from './supervisor.ts';
import type { ConsumerLog } from './types.ts';

export interface BrokerIntegrationDeps {
  database: Database;
  clock: Clock;
  commands: CommandRunner;
  systemActor: SystemActorResolver;
  keyRing: KeyRing;
  log: ConsumerLog;
  metrics?: Registry;
  natsUrl?: string;
  amqpUrl?: string;
  /** DOCKET_INGEST_CONSUMERS: false leaves consuming to other processes (write-back still runs here). */
  consumersEnabled: boolean;
}

export interface BrokerIntegration {
  /** Registered before the consumers: it closes the connections after they stopped. */
  brokers: BrokerConnections;
  /** The 'ingest-consumers' worker, when consumers are enabled. */
  consumers?: IngestConsumers;
  /** The 'integration-write-back' outbox subscriber. */
  writeBack: OutboxSubscriber;
}

/** The broker side of the integration module put together over the ingestion core (sources/). */
export function createBrokerIntegration(deps: BrokerIntegrationDeps): BrokerIntegration {
  const { database, log } = deps;
  const brokers = createBrokerConnections({ natsUrl: deps.natsUrl, amqpUrl: deps.amqpUrl, log });
  const ingestDeps = { database, commands: deps.commands, systemActor: deps.systemActor, clock: deps.clock };
  const consumers = deps.consumersEnabled
    ? createIngestConsumers({
        brokers,
        listSources: () => listActiveSources(database.db),
        ingest: (key, messages) => ingestSourceMessages(ingestDeps, key, messages, { requestId: `ingest:${key}` }),
        log,
        metrics: deps.metrics,
      })
    : undefined;
  const writeBack = createWriteBackSubscriber({
    database,
    clock: deps.clock,
    brokers,
    findWriteBack: async (db, key) => (await findSource(db, key))?.writeBack,
    findCallbackSecret: (db, key) => findCallbackSecret(db, deps.keyRing, key),
    log,
    metrics: deps.metrics,
  });
  return { brokers, consumers, writeBack };
}
