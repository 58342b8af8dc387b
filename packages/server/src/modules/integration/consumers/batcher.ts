/**
 * Collects messages as the broker pushes them and hands them on in batches: when `size` have
 * arrived, or `waitMs` after the first of a batch. One batch at a time: what arrives while one is
 * written forms the next, so the batches grow with the load and the lag stays near one write.
 */
export interface Batcher<M> {
  /** False once closed: the caller gives the message back. */
  push(message: M): boolean;
  /** Messages taken and not yet handled (waiting, or in the batch in hand). */
  size(): number;
  /** The messages held now (the batch in hand, then the waiting ones). */
  held(): M[];
  /** Resolves once fewer than `below` messages are held: the pull from the broker waits on it. */
  whenBelow(below: number): Promise<void>;
  /** Stops forming batches; resolves when the batch in hand is done, with the messages not yet handed on. */
  close(): Promise<M[]>;
}

export function createBatcher<M>(options: { size: number; waitMs: number; handle: (batch: M[]) => Promise<void>; onError: (error: unknown) => void }): Batcher<M> {
  const pending: M[] = [];
  let timer: NodeJS.Timeout | undefined;
  let working: Promise<void> | undefined;
  let closed = false;
  let inHand = 0;
  let current: M[] = [];
  const waiters: { below: number; resolve: () => void }[] = [];
  const wake = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (pending.length + inHand < waiters[i]!.below || closed) waiters.splice(i, 1)[0]!.resolve();
    }
  };

  const run = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (working || closed) return;
    working = (async () => {
      while (pending.length > 0 && !closed) {
        const batch = pending.splice(0, options.size);
        inHand = batch.length;
        current = batch;
        try {
          await options.handle(batch);
        } catch (error) {
          options.onError(error);
        } finally {
          inHand = 0;
          current = [];
          wake();
        }
      }
    })().finally(() => {
      working = undefined;
    });
  };

  return {
    push(message) {
      if (closed) return false;
      pending.push(message);
      if (pending.length >= options.size) run();
      else timer ??= setTimeout(run, options.waitMs);
      return true;
    },
    size: () => pending.length + inHand,
    held: () => [...current, ...pending],
    whenBelow(below) {
      if (pending.length + inHand < below || closed) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ below, resolve }));
    },
    async close() {
      closed = true;
      wake();
      if (timer) clearTimeout(timer);
      timer = undefined;
      await working;
      return pending.splice(0);
    },
  };
}
