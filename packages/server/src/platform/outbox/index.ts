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
