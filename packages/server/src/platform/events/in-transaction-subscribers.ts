import type { DomainEvent, DomainEventType } from './domain-events.ts';

/** Acts on an event inside the publishing command's transaction; throwing rolls the command back. */
export type InTransactionHandler<Ctx, T extends DomainEventType = DomainEventType> = (ctx: Ctx, event: DomainEvent<T>) => Promise<void>;

/**
 * Who acts on which event in the publisher's transaction: the place where another module starts
 * a process or pauses a clock without `cases` knowing of it. Handlers run one after another in
 * the order they subscribed, so what one wrote the next one reads.
 */
export interface InTransactionSubscribers<Ctx> {
  /** Returns the function that ends the subscription. */
  subscribeInTransaction<T extends DomainEventType>(type: T, handler: InTransactionHandler<Ctx, T>): () => void;
  deliverInTransaction(ctx: Ctx, event: DomainEvent): Promise<void>;
}

export function createInTransactionSubscribers<Ctx>(): InTransactionSubscribers<Ctx> {
  const handlers = new Map<DomainEventType, InTransactionHandler<Ctx, never>[]>();
  return {
    subscribeInTransaction(type, handler) {
      const list = handlers.get(type) ?? [];
      const entry = handler as unknown as InTransactionHandler<Ctx, never>;
      handlers.set(type, [...list, entry]);
      return () =>
        handlers.set(
          type,
          (handlers.get(type) ?? []).filter((h) => h !== entry),
        );
    },
    async deliverInTransaction(ctx, event) {
      for (const handler of handlers.get(event.type) ?? []) await (handler as unknown as InTransactionHandler<Ctx>)(ctx, event);
    },
  };
}
