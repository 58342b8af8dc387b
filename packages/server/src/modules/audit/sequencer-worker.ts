import { parentPort } from 'node:worker_threads';
import { computeBatch, type BatchInput } from './ledger-batch.ts';

// The sequencer's worker thread: hashes batches off the HTTP event loop (ledger-batch-worker.ts).
parentPort!.on('message', ({ id, input }: { id: number; input: BatchInput }) => {
  try {
    const out = computeBatch(input);
    const transfer = [out.salts, out.leafHashes, out.nodeHashes].map((b) => b.buffer as ArrayBuffer);
    parentPort!.postMessage({ id, out }, [...new Set(transfer)]);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
