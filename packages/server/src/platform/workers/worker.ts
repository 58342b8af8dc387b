export interface Worker {
  /** Stable name, shown in /readyz and logs: 'audit-sequencer', 'outbox-dispatcher', … */
  readonly name: string;
  start(): Promise<void>;
  /** Graceful: finish the batch in hand, release locks, then resolve. */
  stop(): Promise<void>;
  health(): WorkerHealth;
  /** Run everything due at `now` to completion (the test clock waits on this). Optional. */
  runDue?(now: Date): Promise<void>;
}
export interface WorkerHealth {
  ok: boolean;
  detail?: string;
}
