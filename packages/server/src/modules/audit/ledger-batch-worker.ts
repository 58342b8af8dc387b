import { startWorkerThread } from '../../platform/worker-thread.ts';
import type { BatchInput, BatchOutput } from './ledger-batch.ts';

export interface BatchWorker {
  compute(input: BatchInput): Promise<BatchOutput>;
  close(): Promise<void>;
}

/**
 * Runs computeBatch on a worker thread of this process, so that hashing thousands of events
 * never holds the HTTP event loop. The main thread keeps the database I/O (pg parses the rows;
 * structured clone hands them over) and gets the hashes back as transferred buffers.
 */
export function startBatchWorker(): BatchWorker {
  const worker = startWorkerThread(import.meta.url, 'sequencer-worker');
  worker.unref();
  let nextId = 0;
  const pending = new Map<number, { resolve(out: BatchOutput): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (message: { id: number; out?: BatchOutput; error?: string }) => {
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    if (message.error !== undefined) p.reject(new Error(message.error));
    else {
      const out = message.out!;
      // Structured clone turns Buffers into Uint8Arrays; hashes in the frontier are read as bytes only.
      p.resolve(out);
    }
  });
  worker.on('error', (error: Error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the ledger batch worker exited (${code})`)));
  return {
    compute: (input) =>
      new Promise<BatchOutput>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, input });
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
