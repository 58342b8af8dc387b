export { DOMAIN_EVENT_TYPES, DOMAIN_EVENT_PAYLOAD_FIELDS, domainEvent, type AggregateType, type DomainEvent, type DomainEventPayloads, type DomainEventType } from './domain-events.ts';
export { AUDIT_ACTIONS, isAuditAction, type AuditAction } from './audit-actions.ts';
export { createInTransactionSubscribers, type InTransactionSubscribers, type InTransactionHandler } from './in-transaction-subscribers.ts';
export { writeEventsToOutbox } from './outbox-adapter.ts';
