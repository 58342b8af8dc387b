import { generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signerFromPrivateKey, startSequencer, type Sequencer, type SequencerOptions } from '../../../src/modules/audit/index.ts';
import type { TestApp } from '../../helpers/test-app.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '../../../../..');
export const VERIFY_CLI = path.join(REPO_ROOT, 'packages/verify/src/bin.ts');

export function newSigner() {
  return signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey, 'test');
}

/** A sequencer over the test's database that the test drives by hand (no background timing). */
export function manualSequencer(t: TestApp, options: Partial<SequencerOptions> = {}): Sequencer {
  return startSequencer(t.database.pool, { signer: newSigner(), pollIntervalMs: 60_000, standbyIntervalMs: 60_000, ...options });
}

// integrateCommitted waits for the cluster's transaction horizon, which a writing transaction in
// any database on the server holds back: the suite's own neighbours hold one for 10 s (two 5 s
// probe jobs in one batch, graceful-stop.test.ts), and the default 10 s budget assumed none did.
// Below the 30 s test timeout, so a horizon that never passes fails with its own message.
export const HORIZON_TIMEOUT_MS = 25_000;

/** Integrates everything committed so far and signs a head over it. */
export async function settleLedger(sequencer: Sequencer) {
  await sequencer.integrateCommitted(HORIZON_TIMEOUT_MS);
  return sequencer.signNow();
}

export function databaseUrlOf(t: TestApp): string {
  return (t.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
}

/** Runs the real CLI as an auditor would: node + tsx over packages/verify/src/bin.ts. */
export function runVerifyCli(args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', VERIFY_CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
