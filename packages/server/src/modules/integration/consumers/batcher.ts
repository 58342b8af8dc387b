/**
 * Collects messages as the broker pushes them and hands them on in batches: when `size` have
 * arrived, or `waitMs` after the first of a batch. Up to `concurrency` batches are written at
 * once (while PostgreSQL commits one, Node maps and seals the next); what arrives meanwhile forms
 * the next batches, so batches grow with the load and the lag stays near one write.
 */
export interface Batcher<M> {
  /** False once closed: the caller gives the message back. */
  push(message: M): boolean;
  /** Messages taken and not yet handled (waiting, or in a batch in hand). */
  size(): number;
  /** The messages held now (the batches in hand, then the waiting ones). */
  held(): M[];
  /** Resolves once fewer than `below` messages are held: the pull from the broker waits on it. */
  whenBelow(below: number): Promise<void>;
  /** Stops forming batches; resolves when the batches in hand are done, with the messages not yet handed on. */
  close(): Promise<M[]>;
}

export interface BatcherOptions<M> {
  size: number;
  waitMs: number;
  /** Batches written at once. @default 1 */
  concurrency?: number;
  handle: (batch: M[]) => Promise<void>;
  onError: (error: unknown) => void;
}

export function createBatcher<M>(options: BatcherOptions<M>): Batcher<M> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const pending: M[] = [];
  const inHand = new Set<M[]>();
  const workers = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const waiters: { below: number; resolve: () => void }[] = [];
  const heldCount = () => pending.length + [...inHand].reduce((n, b) => n + b.length, 0);
  const wake = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (heldCount() < waiters[i]!.below || closed) waiters.splice(i, 1)[0]!.resolve();
    }
  };

  const work = async () => {
    while (pending.length > 0 && !closed) {
      const batch = pending.splice(0, options.size);
      inHand.add(batch);
      try {
        await options.handle(batch);
      } catch (error) {
        options.onError(error);
      } finally {
        inHand.delete(batch);
        wake();
      }
    }
  };

  const run = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    // A new writer only for a full batch, or when none runs: a lone message waits for the running one.
    while (!closed && pending.length > 0 && workers.size < concurrency && (workers.size === 0 || pending.length >= options.size)) {
      const worker: Promise<void> = work().finally(() => {
        workers.delete(worker);
        if (pending.length > 0 && !closed) schedule();
      });
      workers.add(worker);
    }
  };

  const schedule = () => {
    if (pending.length >= options.size) run();
    else timer ??= setTimeout(run, options.waitMs);
  };

  return {
    push(message) {
      if (closed) return false;
      pending.push(message);
      schedule();
      return true;
    },
    size: heldCount,
    held: () => [...[...inHand].flat(), ...pending],
    whenBelow(below) {
      if (heldCount() < below || closed) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ below, resolve }));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      wake();
      await Promise.all([...workers]);
      return pending.splice(0);
    },
  };
}
