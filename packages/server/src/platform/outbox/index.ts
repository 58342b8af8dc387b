export { enqueueOutboxEvents, type OutboxEvent } from './outbox.ts';
export {
  createOutboxDispatcher,
  type OutboxDelivery,
  type OutboxDispatcher,
  type OutboxDispatcherLogger,
  type OutboxDispatcherOptions,
  type OutboxSubscriber,
} from './outbox-dispatcher.ts';
export type { DispatchedOutboxEvent } from './outbox-store.ts';
// For a subscriber that applies a whole batch in the transaction that moves its cursor (the
// analytics read model's projector): claim, read and acknowledge without the per-event dispatcher.
export { assignPositions, ensureCursors, claimPartitions, acknowledgeBatch, OUTBOX_PARTITIONS, type ClaimedPartition, type StoredOutboxEvent } from './outbox-store.ts';
