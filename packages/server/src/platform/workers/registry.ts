import type { Worker, WorkerHealth } from './worker.ts';

type Log = { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };

export interface WorkerStatus extends WorkerHealth {
  name: string;
}

/** The process's workers: started in the order they were registered, stopped in reverse. */
export interface WorkerRegistry {
  /** Adds a worker after those registered before it; names are unique. */
  register(worker: Worker): void;
  names(): string[];
  /** Starts each worker in order; if one fails, stops those already started (in reverse) and throws. */
  startAll(): Promise<void>;
  /** Stops the started workers in reverse order, each after the one started after it; never throws. */
  stopAll(): Promise<void>;
  /** Every registered worker's health; a worker not started (or stopped) is not ok. */
  health(): WorkerStatus[];
  /** Runs what is due at `now` in every worker that has timers, in start order. */
  runDue(now: Date): Promise<void>;
}

const silent: Log = { info: () => undefined, error: () => undefined };

export function createWorkerRegistry(log: Log = silent): WorkerRegistry {
  const workers: Worker[] = [];
  const started: Worker[] = [];
  // A second stopAll while one runs (a signal during a failed listen's stop) waits for the same
  // stop: it must neither stop a worker out of order nor return while one is still stopping.
  let stopping: Promise<void> | undefined;
  async function stopStarted(): Promise<void> {
    // Reverse order: a worker may rely on the ones started before it until it has stopped.
    while (started.length > 0) {
      const worker = started.pop()!;
      try {
        await worker.stop();
        log.info({ worker: worker.name }, 'worker stopped');
      } catch (error) {
        log.error({ worker: worker.name, err: (error as Error).message }, 'a worker did not stop cleanly');
      }
    }
  }
  return {
    register(worker) {
      if (workers.some((w) => w.name === worker.name)) throw new Error(`a worker named ${worker.name} is already registered`);
      workers.push(worker);
    },
    names: () => workers.map((w) => w.name),
    async startAll() {
      for (const worker of workers) {
        if (started.includes(worker)) continue;
        try {
          await worker.start();
        } catch (error) {
          log.error({ worker: worker.name, err: (error as Error).message }, 'a worker did not start; stopping the others');
          await this.stopAll();
          throw error;
        }
        started.push(worker);
        log.info({ worker: worker.name }, 'worker started');
      }
    },
    stopAll() {
      stopping ??= stopStarted().finally(() => {
        stopping = undefined;
      });
      return stopping;
    },
    health: () =>
      workers.map((worker) => {
        if (!started.includes(worker)) return { name: worker.name, ok: false, detail: 'not running' };
        try {
          return { name: worker.name, ...worker.health() };
        } catch (error) {
          return { name: worker.name, ok: false, detail: (error as Error).message };
        }
      }),
    async runDue(now) {
      for (const worker of workers) await worker.runDue?.(now);
    },
  };
}
