/**
 * What a consumer hands the ingestion core and gets back: the same shapes as
 * sources/ingest-messages.ts (SourceMessage, SourceMessageResult), declared here so the transport
 * side depends on nothing but the function it is given.
 */
export interface ConsumedMessage {
  /** The broker's reference: `<stream>:<sequence>` for NATS, `<queue>:<delivery tag>` for AMQP. */
  ref: string;
  body: Buffer;
  receivedAt?: Date;
  publishedAt?: Date;
}

export interface ConsumedResult {
  ref: string;
  status: 'created' | 'updated' | 'duplicate' | 'invalid' | 'refused';
  caseId?: string;
  number?: string;
  errors?: { field: string; reason: string }[];
  deadLetterId?: string;
}

/** Maps, validates and writes one batch of a source's messages; one result per message, in order. Rejects when nothing was committed. */
export type IngestBatch = (sourceKey: string, messages: ConsumedMessage[]) => Promise<ConsumedResult[]>;

import type { AmqpSourceConfig, NatsSourceConfig } from '../sources/source-store.ts';

export type { AmqpSourceConfig, NatsSourceConfig };

/** The part of an ingestion source a consumer needs (IngestSourceRow has these and more). */
export interface ConsumerSource {
  key: string;
  transport: 'nats' | 'amqp' | 'http';
  nats: NatsSourceConfig | null;
  amqp: AmqpSourceConfig | null;
}

export interface ConsumerLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** One running consumer of one source. */
export interface SourceConsumer {
  readonly key: string;
  /** The source's broker settings it was started with: a change restarts it. */
  readonly fingerprint: string;
  /** Set when the broker ended the consumer (channel closed, consumer deleted): the supervisor starts a new one. */
  readonly failed: boolean;
  /** Stops taking messages, finishes the batch in hand, gives the rest back to the broker. */
  stop(): Promise<void>;
}

export function sourceFingerprint(source: ConsumerSource): string {
  return JSON.stringify([source.transport, source.nats, source.amqp]);
}

/**
 * Headers of a dead-lettered message: the status and the field errors (field names and reasons,
 * which name rules, never values), so the sending system can see why without Docket repeating
 * what the message said.
 */
export function deadLetterHeaders(sourceKey: string, result: ConsumedResult): Record<string, string> {
  // Docket-Message-Ref: the original's broker reference, so a receiver drops the copy a redelivery makes.
  const errors = JSON.stringify((result.errors ?? []).map((e) => ({ field: e.field, reason: e.reason })));
  return {
    'Docket-Source': sourceKey,
    'Docket-Reason': result.status,
    'Docket-Message-Ref': result.ref,
    // Header values stay on one line and within what brokers accept comfortably.
    'Docket-Errors': errors.length > 4000 ? `${errors.slice(0, 3990)}…` : errors,
    ...(result.deadLetterId ? { 'Docket-Dead-Letter-Id': result.deadLetterId } : {}),
  };
}
