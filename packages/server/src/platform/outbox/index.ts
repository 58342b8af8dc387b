export { enqueueOutboxEvents, type OutboxEvent } from './outbox.ts';
export {
  createOutboxDispatcher,
  type DispatchedOutboxEvent,
  type OutboxDelivery,
  type OutboxDispatcher,
  type OutboxDispatcherLogger,
  type OutboxDispatcherOptions,
  type OutboxSubscriber,
} from './outbox-dispatcher.ts';
