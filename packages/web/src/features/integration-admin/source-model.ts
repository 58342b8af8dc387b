import { mappingToRows, newRow, rowsToMapping, type MappingRow } from './mapping-model.ts';
import type { CreateIngestSourceBody, IngestSource, IngestTransport, OnExisting, UpdateIngestSourceBody, WriteBackTarget } from './integration-admin-api.ts';

// The source editor's values and how they become the API's body: only the chosen transport's
// settings are sent, only the chosen write-back target's fields, and the callback secret only
// when one was typed (left out, the server keeps the one it has).

export interface SourceValues {
  key: string;
  name: string;
  description: string;
  active: boolean;
  transport: IngestTransport;
  nats: { stream: string; subject: string; durable: string; deadLetterSubject: string };
  amqp: { queue: string; deadLetterExchange: string; deadLetterRoutingKey: string; prefetch: number | null };
  externalId: string;
  caseType: string;
  onExisting: OnExisting;
  writeBack: { target: WriteBackTarget; subject: string; exchange: string; routingKey: string; url: string; callbackSecret: string; events: string[] };
}

export function newSourceValues(): { values: SourceValues; rows: MappingRow[] } {
  return {
    values: {
      key: '',
      name: '',
      description: '',
      active: true,
      transport: 'http',
      nats: { stream: '', subject: '', durable: 'docket', deadLetterSubject: '' },
      amqp: { queue: '', deadLetterExchange: '', deadLetterRoutingKey: '', prefetch: null },
      externalId: '$.id',
      caseType: '',
      onExisting: 'ignore',
      writeBack: { target: 'none', subject: '', exchange: '', routingKey: '', url: '', callbackSecret: '', events: [] },
    },
    rows: [newRow({ target: 'title', kind: 'path', text: '$.title' })],
  };
}

export function sourceToValues(source: IngestSource): { values: SourceValues; rows: MappingRow[] } {
  const wb = source.writeBack;
  return {
    values: {
      key: source.key,
      name: source.name,
      description: source.description ?? '',
      active: source.active,
      transport: source.transport,
      nats: { stream: source.nats?.stream ?? '', subject: source.nats?.subject ?? '', durable: source.nats?.durable ?? '', deadLetterSubject: source.nats?.deadLetterSubject ?? '' },
      amqp: {
        queue: source.amqp?.queue ?? '',
        deadLetterExchange: source.amqp?.deadLetterExchange ?? '',
        deadLetterRoutingKey: source.amqp?.deadLetterRoutingKey ?? '',
        prefetch: source.amqp?.prefetch ?? null,
      },
      externalId: source.mapping.externalId,
      caseType: source.mapping.caseType,
      onExisting: source.onExisting,
      writeBack: {
        target: wb?.target ?? 'none',
        subject: wb?.subject ?? '',
        exchange: wb?.exchange ?? '',
        routingKey: wb?.routingKey ?? '',
        url: wb?.url ?? '',
        callbackSecret: '',
        events: wb?.events ?? [],
      },
    },
    rows: mappingToRows(source.mapping.fields),
  };
}

const optional = (text: string) => (text.trim() === '' ? {} : { value: text.trim() });

function writeBackBody(wb: SourceValues['writeBack']): UpdateIngestSourceBody['writeBack'] {
  switch (wb.target) {
    case 'none':
      return null;
    case 'nats':
      return { target: 'nats', subject: wb.subject.trim(), events: wb.events };
    case 'amqp':
      // '' is the default exchange: sent as typed, even empty.
      return { target: 'amqp', exchange: wb.exchange.trim(), routingKey: wb.routingKey.trim(), events: wb.events };
    case 'callback':
      return { target: 'callback', url: wb.url.trim(), events: wb.events, ...(wb.callbackSecret ? { callbackSecret: wb.callbackSecret } : {}) };
    default:
      return null;
  }
}

/**
 * The form's values with every group filled in: antd hands `onFinish` only the fields on screen, so
 * the settings of a transport or write-back target not chosen are missing; they default here.
 */
export function completeValues(partial: Partial<SourceValues>): SourceValues {
  const defaults = newSourceValues().values;
  return {
    ...defaults,
    ...partial,
    nats: { ...defaults.nats, ...partial.nats },
    amqp: { ...defaults.amqp, ...partial.amqp },
    writeBack: { ...defaults.writeBack, ...partial.writeBack },
  } as SourceValues;
}

export function valuesToUpdateBody(given: Partial<SourceValues>, rows: readonly MappingRow[]): UpdateIngestSourceBody {
  const values = completeValues(given);
  const deadLetterRoutingKey = optional(values.amqp.deadLetterRoutingKey).value;
  return {
    name: values.name.trim(),
    description: (values.description ?? '').trim() || null,
    transport: values.transport,
    nats:
      values.transport === 'nats'
        ? { stream: values.nats.stream.trim(), subject: values.nats.subject.trim(), durable: values.nats.durable.trim(), deadLetterSubject: values.nats.deadLetterSubject.trim() }
        : null,
    amqp:
      values.transport === 'amqp'
        ? {
            queue: values.amqp.queue.trim(),
            deadLetterExchange: values.amqp.deadLetterExchange.trim(),
            ...(deadLetterRoutingKey ? { deadLetterRoutingKey } : {}),
            ...(values.amqp.prefetch ? { prefetch: values.amqp.prefetch } : {}),
          }
        : null,
    mapping: { externalId: values.externalId.trim(), caseType: values.caseType, fields: rowsToMapping(rows) },
    onExisting: values.onExisting,
    writeBack: writeBackBody(values.writeBack),
    active: values.active,
  };
}

export function valuesToCreateBody(values: Partial<SourceValues>, rows: readonly MappingRow[]): CreateIngestSourceBody {
  return { key: (values.key ?? '').trim(), ...valuesToUpdateBody(values, rows) };
}

/** Where an http source's system POSTs its messages. */
export function httpEndpoint(origin: string, key: string): string {
  return `${origin}/api/v1/ingest-sources/${key || '<key>'}/messages`;
}

/** A form field name for a server error's field (`nats.stream`, `mapping.externalId`, `writeBack.url`), or undefined for the mapping rows and unknowns. */
export function formFieldOf(field: string): (string | number)[] | undefined {
  if (field === 'mapping.externalId') return ['externalId'];
  if (field === 'mapping.caseType') return ['caseType'];
  if (field.startsWith('mapping.fields')) return undefined;
  const parts = field.split('.');
  const known = ['key', 'name', 'description', 'transport', 'onExisting', 'active', 'nats', 'amqp', 'writeBack'];
  return known.includes(parts[0]!) ? parts : undefined;
}
