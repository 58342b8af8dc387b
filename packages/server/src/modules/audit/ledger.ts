import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Config } from '../../config/config.ts';
import { systemClock, type Clock } from '../../platform/clock/clock.ts';
import type { Worker } from '../../platform/workers/worker.ts';
import { startBatchWorker } from './ledger-batch-worker.ts';
import { startSequencer, type Sequencer } from './sequencer.ts';
import { loadOrCreateSigner, signerFromCommand, type TreeHeadSigner } from './signing-key.ts';
import { compareWithWitnessFile } from './witness-check.ts';
import { fileWitness, natsWitness, webhookWitness, type Witness } from './witnesses.ts';

/** What the ledger needs, derived from the configuration (ledgerOptionsFromConfig) or given by a test. */
export interface LedgerOptions {
  /** DOCKET_AUDIT_SIGNING_KEY: Ed25519 private key as PEM text or a path to a PEM file. */
  signingKey?: string;
  dataDir: string;
  /** DOCKET_AUDIT_SIGN_INTERVAL_MS @default 1000 */
  signIntervalMs: number;
  /** DOCKET_AUDIT_WITNESS_FILE: append every tree head as one JSON line; on by default, outside the data directory. */
  witnessFile?: string;
  /** DOCKET_AUDIT_SIGNER_COMMAND with DOCKET_AUDIT_SIGNER_PUBLIC_KEY: sign outside Docket. */
  signerCommand?: string;
  signerPublicKey?: string;
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

export type LedgerConfig = Pick<
  Config,
  | 'dataDir'
  | 'auditSigningKey'
  | 'auditSignIntervalMs'
  | 'auditWitnessFile'
  | 'auditSignerCommand'
  | 'auditSignerPublicKey'
  | 'auditWitnessWebhook'
  | 'natsUrl'
  | 'auditWitnessNats'
  | 'auditWitnessNatsSubject'
  | 'auditSequencer'
>;

export function ledgerOptionsFromConfig(config: LedgerConfig): LedgerOptions {
  return {
    signingKey: config.auditSigningKey,
    dataDir: config.dataDir,
    signIntervalMs: config.auditSignIntervalMs,
    witnessFile: config.auditWitnessFile === 'off' ? undefined : config.auditWitnessFile,
    signerCommand: config.auditSignerCommand,
    signerPublicKey: config.auditSignerPublicKey,
    witnessWebhook: config.auditWitnessWebhook,
    natsUrl: config.auditWitnessNats === 'off' ? undefined : config.natsUrl,
    natsSubject: config.auditWitnessNatsSubject,
    sequencerEnabled: config.auditSequencer !== 'off',
    sequencerThread: config.auditSequencer === 'inline' ? 'inline' : 'worker',
  };
}

export interface AuditLedger {
  keyId: string;
  sequencer?: Sequencer;
  stop(): Promise<void>;
}

type Log = { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };

/** Loads the signing key, wires the witnesses and starts the sequencer worker (main.ts). */
export function startAuditLedger(pool: pg.Pool, options: LedgerOptions, log: Log, clock: Clock = systemClock): AuditLedger {
  let signer: TreeHeadSigner;
  if (options.signerCommand && options.signerPublicKey) {
    signer = signerFromCommand(options.signerCommand, options.signerPublicKey);
    log.info({ keyId: signer.keyId, source: signer.source }, 'audit tree heads are signed by the external signer command');
  } else {
    const local = loadOrCreateSigner(options.signingKey, options.dataDir);
    log.info({ keyId: local.keyId, source: local.source, generated: local.generated }, local.generated ? 'generated the audit signing key; back it up' : 'loaded the audit signing key');
    signer = local;
  }
  const witnesses: Witness[] = [];
  const witnessFile = options.witnessFile ? prepareWitnessFile(options.witnessFile.replaceAll('{keyId}', signer.keyId.slice(0, 16)), log) : undefined;
  if (witnessFile) witnesses.push(fileWitness(witnessFile));
  if (options.witnessWebhook) witnesses.push(webhookWitness(options.witnessWebhook));
  if (options.natsUrl) witnesses.push(natsWitness(options.natsUrl, options.natsSubject));
  if (!options.sequencerEnabled) return { keyId: signer.keyId, stop: async () => undefined };
  if (witnesses.length === 0) {
    // Once per start: without a witness, whoever can rewrite the audit tables and sign with the
    // key can make a consistent forgery that every check in the database accepts.
    log.warn(
      { settings: ['DOCKET_AUDIT_WITNESS_FILE', 'DOCKET_AUDIT_WITNESS_WEBHOOK', 'NATS_URL'] },
      'no audit witness is configured: a rewrite of the audit tables re-signed with the signing key would pass verification (docs/operators/audit-ledger.md)',
    );
  } else log.info({ witnesses: witnesses.map((w) => w.name) }, 'audit tree heads are witnessed');
  if (witnessFile) {
    void compareWithWitnessFile(pool, witnessFile).then(
      (finding) => finding && (finding.ok ? log.info({ witnessFile, treeSize: finding.treeSize }, finding.message) : log.error({ witnessFile, treeSize: finding.treeSize }, finding.message)),
      (error: Error) => log.warn({ witnessFile, err: error.message }, 'could not compare the ledger with the witness file'),
    );
  }
  const worker = options.sequencerThread === 'worker' ? startBatchWorker() : undefined;
  const sequencer = startSequencer(pool, { signer, witnesses, signIntervalMs: options.signIntervalMs, log, compute: worker?.compute, clock });
  return {
    keyId: signer.keyId,
    sequencer,
    stop: async () => {
      await sequencer.stop();
      await worker?.close();
    },
  };
}

/**
 * The ledger as the process's 'audit-sequencer' worker (main.ts): started with the others, stopped
 * after the HTTP server has drained (the pass in hand finishes, the advisory lock is released).
 */
export function auditSequencerWorker(pool: pg.Pool, options: LedgerOptions, log: Log, clock: Clock): Worker & { ledger(): AuditLedger | undefined } {
  let ledger: AuditLedger | undefined;
  return {
    name: 'audit-sequencer',
    async start() {
      ledger ??= startAuditLedger(pool, options, log, clock);
    },
    async stop() {
      const running = ledger;
      ledger = undefined;
      await running?.stop();
    },
    health() {
      if (!ledger) return { ok: false, detail: 'not running' };
      return ledger.sequencer?.health() ?? { ok: true, detail: 'off in this process (DOCKET_AUDIT_SEQUENCER=off)' };
    },
    ledger: () => ledger,
  };
}

/** Creates the witness file's directory and checks it can be appended to; warns and returns undefined if not. */
function prepareWitnessFile(file: string, log: Log): string | undefined {
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    appendFileSync(file, '', { mode: 0o644 });
    return file;
  } catch (error) {
    log.warn({ witnessFile: file, err: (error as Error).message }, 'the audit witness file cannot be written; set DOCKET_AUDIT_WITNESS_FILE to a writable path outside the data directory');
    return undefined;
  }
}
