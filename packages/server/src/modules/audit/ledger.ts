import type pg from 'pg';
import { startBatchWorker } from './ledger-batch-worker.ts';
import { startSequencer, type Sequencer } from './sequencer.ts';
import { loadOrCreateSigner } from './signing-key.ts';
import { fileWitness, natsWitness, webhookWitness, type Witness } from './witnesses.ts';

/** Ledger settings. TODO(#4): move into config/config.ts once the config schema owner adds them. */
export interface LedgerOptions {
  /** DOCKET_AUDIT_SIGNING_KEY: Ed25519 private key as PEM text or a path to a PEM file. */
  signingKey?: string;
  dataDir: string;
  /** DOCKET_AUDIT_SIGN_INTERVAL_MS @default 1000 */
  signIntervalMs: number;
  /** DOCKET_AUDIT_WITNESS_FILE: append every tree head as one JSON line. */
  witnessFile?: string;
  /** DOCKET_AUDIT_WITNESS_WEBHOOK: POST every tree head as JSON. */
  witnessWebhook?: string;
  /** NATS_URL with DOCKET_AUDIT_WITNESS_NATS_SUBJECT (@default docket.audit.tree-heads); DOCKET_AUDIT_WITNESS_NATS=off disables. */
  natsUrl?: string;
  natsSubject: string;
  /** DOCKET_AUDIT_SEQUENCER=off runs this process without a sequencer (another process sequences). */
  sequencerEnabled: boolean;
  /** DOCKET_AUDIT_SEQUENCER=inline hashes on the main event loop instead of a worker thread. */
  sequencerThread: 'worker' | 'inline';
}

export function ledgerOptionsFromEnv(env: NodeJS.ProcessEnv, dataDir: string): LedgerOptions {
  const interval = Number(env.DOCKET_AUDIT_SIGN_INTERVAL_MS ?? 1000);
  if (!Number.isInteger(interval) || interval < 10 || interval > 86_400_000) {
    throw new Error(`DOCKET_AUDIT_SIGN_INTERVAL_MS must be an integer between 10 and 86400000, not ${env.DOCKET_AUDIT_SIGN_INTERVAL_MS}`);
  }
  return {
    signingKey: env.DOCKET_AUDIT_SIGNING_KEY || undefined,
    dataDir,
    signIntervalMs: interval,
    witnessFile: env.DOCKET_AUDIT_WITNESS_FILE || undefined,
    witnessWebhook: env.DOCKET_AUDIT_WITNESS_WEBHOOK || undefined,
    natsUrl: env.DOCKET_AUDIT_WITNESS_NATS === 'off' ? undefined : env.NATS_URL || undefined,
    natsSubject: env.DOCKET_AUDIT_WITNESS_NATS_SUBJECT || 'docket.audit.tree-heads',
    sequencerEnabled: env.DOCKET_AUDIT_SEQUENCER !== 'off',
    sequencerThread: env.DOCKET_AUDIT_SEQUENCER === 'inline' ? 'inline' : 'worker',
  };
}

export interface AuditLedger {
  keyId: string;
  sequencer?: Sequencer;
  stop(): Promise<void>;
}

type Log = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };

/** Loads the signing key, wires the witnesses and starts the sequencer worker (main.ts). */
export function startAuditLedger(pool: pg.Pool, options: LedgerOptions, log: Log): AuditLedger {
  const signer = loadOrCreateSigner(options.signingKey, options.dataDir);
  log.info({ keyId: signer.keyId, source: signer.source, generated: signer.generated }, signer.generated ? 'generated the audit signing key; back it up' : 'loaded the audit signing key');
  const witnesses: Witness[] = [];
  if (options.witnessFile) witnesses.push(fileWitness(options.witnessFile));
  if (options.witnessWebhook) witnesses.push(webhookWitness(options.witnessWebhook));
  if (options.natsUrl) witnesses.push(natsWitness(options.natsUrl, options.natsSubject));
  if (!options.sequencerEnabled) return { keyId: signer.keyId, stop: async () => undefined };
  const worker = options.sequencerThread === 'worker' ? startBatchWorker() : undefined;
  const sequencer = startSequencer(pool, { signer, witnesses, signIntervalMs: options.signIntervalMs, log, compute: worker?.compute });
  return {
    keyId: signer.keyId,
    sequencer,
    stop: async () => {
      await sequencer.stop();
      await worker?.close();
    },
  };
}
