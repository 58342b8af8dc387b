import type { Logger } from 'pino';
import { startWorkerThread } from '../../../platform/worker-thread.ts';
import { claimShippedTraining, untrainedShippedLabels } from './registry.ts';

/**
 * Trains the shipped models that are not in the cache directory yet, in a worker thread (training
 * is synchronous and takes seconds: on the event loop it would stall every request), resolving
 * with the labels trained. The first prefill then reads them from the cache instead of training
 * while the agent waits. No thread when they are cached already (every start after the first).
 */
export function warmShippedModels(options: { keepAlive?: boolean } = {}): Promise<string[]> {
  const missing = untrainedShippedLabels();
  if (missing.length === 0) return Promise.resolve([]);
  const claim = claimShippedTraining();
  if (!claim) return Promise.resolve([]);
  const worker = startWorkerThread(import.meta.url, 'warm-shipped-models-worker');
  if (!options.keepAlive) worker.unref();
  return new Promise<string[]>((resolve, reject) => {
    worker.once('message', (labels: string[]) => resolve(labels));
    worker.once('error', reject);
    worker.once('exit', () => resolve([]));
  }).finally(claim.release);
}

/** At start: the same, logged, never failing the start. */
export function warmShippedModelsInBackground(log: Logger): void {
  const started = Date.now();
  let warming: Promise<string[]>;
  try {
    warming = warmShippedModels();
  } catch (error) {
    log.warn({ err: error }, 'could not read the shipped assistance data; the built-in models train at first use');
    return;
  }
  warming.then(
    (labels) => {
      if (labels.length > 0) log.info({ labels, ms: Date.now() - started }, 'trained the shipped assistance models');
    },
    (error: unknown) => log.warn({ err: error }, 'could not train the shipped assistance models in the background; they train at first use'),
  );
}
