import { Readable } from 'node:stream';
import type { CommandContext, CommandMeta, CommandRunner } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { resolveAnalyticsScope } from '../scope.ts';
import { CSV_HEADER, csvLines, type EventLogFormat, groupByInstance, XES_FOOTER, xesHeader, xesTrace } from './event-log.ts';
import { countInstancesInScope, eventLogPage, type MiningSelection } from './mining-store.ts';
import { definitionOrThrow, type MiningQuery } from './process-mining.ts';

/** Instances per page of the stream: one short query each, so a large log holds no connection long. */
const PAGE_INSTANCES = 500;

export interface EventLogExport {
  selection: MiningSelection;
  processKey: string;
  processName: string | null;
  names: Record<string, string>;
  instances: number;
}

/**
 * The export's check and its audit record, in one command before a byte is sent: who took which
 * process's log out, with which filter, how many instances. A refused or invalid request leaves
 * no record and sends nothing.
 */
export async function startEventLogExport(ctx: CommandContext, query: MiningQuery & { format: EventLogFormat }): Promise<EventLogExport> {
  assertAllowed(ctx.actor, 'analytics:export');
  const scope = await resolveAnalyticsScope(ctx, query);
  const definition = await definitionOrThrow(ctx, query.processKey, query.version);
  const selection: MiningSelection = { processKey: query.processKey, version: query.version, scope };
  const instances = await countInstancesInScope(ctx.tx, selection);
  await recordAuditEvent(ctx, {
    action: 'analytics.event-log-exported',
    targetType: 'process',
    targetId: query.processKey,
    data: {
      processKey: query.processKey,
      version: query.version ?? null,
      format: query.format,
      instances,
      filter: {
        from: scope.from,
        to: scope.to,
        departmentId: query.departmentId ?? null,
        caseType: query.caseType ?? null,
        product: query.product ?? null,
        channel: query.channel ?? null,
        category: query.category ?? null,
      },
    },
  });
  const names: Record<string, string> = {};
  for (const element of Object.values(definition.graph.elements)) names[element.id] = element.name ?? element.id;
  return { selection, processKey: definition.key, processName: definition.name, names, instances };
}

/**
 * The log as a stream: pages of instances by id, each read in its own short query. Pages are not
 * one snapshot: an instance that moves on while the log is written shows the steps it had when its
 * page was read.
 */
export function eventLogStream(commands: CommandRunner, meta: CommandMeta, prepared: EventLogExport, format: EventLogFormat): Readable {
  const nameOf = (elementId: string) => prepared.names[elementId] ?? elementId;
  async function* chunks() {
    yield format === 'xes' ? xesHeader(prepared.processKey, prepared.processName) : CSV_HEADER;
    let after: string | undefined;
    for (;;) {
      const page = await commands.inQuery(meta, (ctx) => eventLogPage(ctx.tx, prepared.selection, after, PAGE_INSTANCES));
      if (page.lastInstanceId === undefined) break;
      const text = groupByInstance(page.rows)
        .map((rows) => (format === 'xes' ? xesTrace(rows, nameOf) : csvLines(rows, nameOf)))
        .join('');
      if (text !== '') yield text;
      after = page.lastInstanceId;
    }
    if (format === 'xes') yield XES_FOOTER;
  }
  return Readable.from(chunks());
}
