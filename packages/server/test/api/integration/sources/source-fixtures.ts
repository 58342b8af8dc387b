import { findSystemActorOrThrow, resolvePrincipal, type SystemActorName } from '../../../../src/modules/access/index.ts';
import type { IngestDeps } from '../../../../src/modules/integration/sources/ingest-messages.ts';
import type { CommandContext } from '../../../../src/platform/commands/index.ts';
import type { TestApp } from '../../../helpers/test-app.ts';

/**
 * An AML monitoring system's alerts as a source maps them: the alert id is the external id, the
 * score decides the risk level (FEEL), the rest are JSONPaths into the message.
 */
export function amlSourceBody(key: string, overrides: Record<string, unknown> = {}) {
  return {
    key,
    name: `AML monitoring ${key}`,
    transport: 'http',
    mapping: {
      externalId: '$.alert.id',
      caseType: 'suspicious-transaction',
      fields: [
        { target: 'title', feel: '"可疑交易预警 " + message.alert.id' },
        { target: 'priority', feel: 'if message.alert.score > 80 then "urgent" else "normal"' },
        { target: 'fields.alertId', path: '$.alert.id' },
        { target: 'fields.accountNumber', path: '$.account.number' },
        { target: 'fields.accountHolder', path: '$.account.holder' },
        { target: 'fields.amount', path: '$.alert.amount' },
        { target: 'fields.rule', path: '$.alert.rule' },
        { target: 'fields.riskLevel', feel: 'if message.alert.score > 80 then "high" else if message.alert.score > 40 then "medium" else "low"' },
        { target: 'tags', value: ['aml'] },
      ],
    },
    ...overrides,
  };
}

export function amlAlert(id: string, overrides: { score?: number; amount?: unknown; account?: string; holder?: string } = {}) {
  return {
    alert: { id, score: overrides.score ?? 90, amount: 'amount' in overrides ? overrides.amount : 250000, rule: 'large-amount' },
    account: { number: overrides.account ?? '6222020200112233445', holder: overrides.holder ?? '李四' },
  };
}

export function ingestDepsOf(t: TestApp): IngestDeps {
  return { database: t.database, commands: t.commands, clock: t.clock, systemActor: (db, name) => findSystemActorOrThrow(db, name as SystemActorName) };
}

/** Runs fn as a command of the signed-in user of token (the admin, for creating sources). */
export async function asUser<T>(t: TestApp, token: string, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const actor = (await resolvePrincipal(t.database.db, token, t.clock.now()))!;
  return t.commands.runCommand({ actor, channel: 'api' }, fn);
}
