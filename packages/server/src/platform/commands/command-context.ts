import type { Tx } from '../db/database.ts';
import type { KeyRing } from '../crypto/index.ts';
import type { Principal } from '../http/principal.ts';
import type { DomainEvent } from '../events/index.ts';

/**
 * Who acts: a signed-in user (session), a system holding an API token, or a named system actor
 * (`system:sla`, `system:process`, `system:ingest:<source>`, `system:seed`) whose permissions
 * are the roles granted to it as data (migration 20261205T0100).
 */
export type Actor = Principal;

/** How a command was asked for: the same command runs from a request, a worker or the seed. */
export interface CommandMeta {
  actor: Actor;
  /** The user an actor acts for (a delegate, or a system finishing a person's step); audited. */
  onBehalfOf?: string | null;
  /** `web`, `api`, `seed`, `sla`, `process`, `ingest` …: kept in every audit event. */
  channel: string;
  /** Why, for commands that ask for it; an audit event's own reason wins. */
  reason?: string | null;
  /** Ties the command's audit events to its log lines; generated when not given. */
  requestId?: string;
  clientIp?: string | null;
}

/** Everything a command may use, passed in: one transaction, who acts, and the time. */
export interface CommandContext {
  tx: Tx;
  actor: Actor;
  onBehalfOf: string | null;
  requestId: string;
  clientIp: string | null;
  channel: string;
  reason: string | null;
  now: Date;
  /** Seals and opens sensitive values (encryption at rest). */
  keyRing: KeyRing;
  /**
   * Tells the rest of Docket what the command did: the events go to the outbox (delivered after
   * commit), and in-transaction subscribers act on them now; a subscriber's failure rolls the
   * whole command back, outbox rows included.
   */
  publish(...events: DomainEvent[]): Promise<void>;
}
