/**
 * Collects messages as the broker pushes them and hands them on in batches: when `size` have
 * arrived, or `waitMs` after the first of a batch. One batch at a time: what arrives while one is
 * written forms the next, so the batches grow with the load and the lag stays near one write.
 */
export interface Batcher<M> {
  push(message: M): void;
  /** Stops forming batches; resolves when the batch in hand is done, with the messages not yet handed on. */
  close(): Promise<M[]>;
}

export function createBatcher<M>(options: { size: number; waitMs: number; handle: (batch: M[]) => Promise<void>; onError: (error: unknown) => void }): Batcher<M> {
  const pending: M[] = [];
  let timer: NodeJS.Timeout | undefined;
  let working: Promise<void> | undefined;
  let closed = false;

  const run = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (working || closed) return;
    working = (async () => {
      while (pending.length > 0 && !closed) {
        const batch = pending.splice(0, options.size);
        try {
          await options.handle(batch);
        } catch (error) {
          options.onError(error);
        }
      }
    })().finally(() => {
      working = undefined;
    });
  };

  return {
    push(message) {
      if (closed) return;
      pending.push(message);
      if (pending.length >= options.size) run();
      else timer ??= setTimeout(run, options.waitMs);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await working;
      return pending.splice(0);
    },
  };
}
