import { generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
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

// integrateCommitted waits for the transaction horizon, which is the cluster's: a writing
// transaction in any database on the server holds it back (transaction ids and snapshots are not
// per database). Here every test file has its own database on one server, so the neighbours' do:
// two 5 s probe jobs in one batch (graceful-stop.test.ts), the broker ingestion batches of the
// 10k-message tests (test/api/integration/brokers), CREATE DATABASE copying the template. On the
// loaded two-core CI machine one outlasted the 25 s this budget was. What these tests check (leaf
// order, no gap, no lock, one leader) does not depend on how long the wait is, so the budget is
// generous but bounded, and a wait that runs out names the transaction that held the horizon.
export const HORIZON_TIMEOUT_MS = 60_000;

/** The test and hook timeout of a file that waits for the horizon: up to three waits in one test (ledger-tamper's set-up). */
export const LEDGER_TEST_TIMEOUT_MS = 3 * HORIZON_TIMEOUT_MS + 30_000;

/** Call at the top of a test file that waits for the horizon, before its hooks and tests. */
export function allowHorizonWaits(): void {
  vi.setConfig({ testTimeout: LEDGER_TEST_TIMEOUT_MS, hookTimeout: LEDGER_TEST_TIMEOUT_MS });
}

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
