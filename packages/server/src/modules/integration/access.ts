import type { CommandContext } from '../../platform/commands/index.ts';
import { assertAllowed } from '../access/index.ts';

/** Webhooks, ingestion sources, dead letters and mailboxes are administered with integration:admin. */
export function assertIntegrationAdmin(ctx: CommandContext): void {
  assertAllowed(ctx.actor, 'integration:admin');
}
