import { useQuery } from '@tanstack/react-query';
import { dataOf, type components, type paths } from '@docket/client';
import { api } from '../../app/api.ts';

// The integration settings API (issue 18) through the typed client: webhooks and their deliveries,
// ingestion sources with their preview and dead letters, mailboxes.

type Schemas = components['schemas'];
type JsonBody<P extends keyof paths, M extends 'post' | 'put'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Webhook = Schemas['Webhook'];
export type WebhookWithSecret = Schemas['WebhookWithSecret'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookDeliveryStatus = WebhookDelivery['status'];
export type WebhookEventType = Schemas['WebhookEventTypes']['items'][number];
export type CreateWebhookBody = JsonBody<'/api/v1/webhooks', 'post'>;
export type UpdateWebhookBody = JsonBody<'/api/v1/webhooks/{id}', 'put'>;

export type IngestSource = Schemas['IngestSource'];
export type IngestMapping = Schemas['IngestMapping'];
export type FieldMapping = IngestMapping['fields'][number];
export type IngestTransport = IngestSource['transport'];
export type WriteBack = NonNullable<IngestSource['writeBack']>;
export type WriteBackTarget = WriteBack['target'];
export type OnExisting = IngestSource['onExisting'];
export type IngestPreview = Schemas['IngestPreview'];
export type IngestDeadLetter = Schemas['IngestDeadLetter'];
export type IngestResult = Schemas['IngestResult'];
export type CreateIngestSourceBody = JsonBody<'/api/v1/ingest-sources', 'post'>;
export type UpdateIngestSourceBody = JsonBody<'/api/v1/ingest-sources/{key}', 'put'>;

export type Mailbox = Schemas['Mailbox'];
export type MailLanguage = Mailbox['language'];
export type CreateMailboxBody = JsonBody<'/api/v1/mailboxes', 'post'>;
export type UpdateMailboxBody = JsonBody<'/api/v1/mailboxes/{key}', 'put'>;

export const DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'dead'] as const satisfies readonly WebhookDeliveryStatus[];
export const INGEST_TRANSPORTS = ['http', 'nats', 'amqp'] as const satisfies readonly IngestTransport[];
export const WRITE_BACK_TARGETS = ['none', 'nats', 'amqp', 'callback'] as const satisfies readonly WriteBackTarget[];
export const ON_EXISTING = ['ignore', 'update'] as const satisfies readonly OnExisting[];
export const MAIL_LANGUAGES = ['zh-CN', 'en-US'] as const satisfies readonly MailLanguage[];
export const INGEST_RESULT_STATUSES = ['created', 'updated', 'duplicate', 'invalid', 'refused'] as const satisfies readonly IngestResult['status'][];

const byId = (id: string) => ({ params: { path: { id } } });
const byKey = (key: string) => ({ params: { path: { key } } });
// Changes go against the version the editor read: a 412 means someone else saved first.
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const integrationApi = {
  listEventTypes: async () => dataOf(await api.GET('/api/v1/webhooks/event-types')).items,
  listWebhooks: async () => dataOf(await api.GET('/api/v1/webhooks')).items,
  getWebhook: async (id: string) => dataOf(await api.GET('/api/v1/webhooks/{id}', byId(id))),
  createWebhook: async (body: CreateWebhookBody) => dataOf(await api.POST('/api/v1/webhooks', { body })),
  updateWebhook: async (id: string, version: number, body: UpdateWebhookBody) => dataOf(await api.PUT('/api/v1/webhooks/{id}', { ...byId(id), headers: ifMatch(version), body })),
  deleteWebhook: async (id: string, version: number) => dataOf(await api.DELETE('/api/v1/webhooks/{id}', { ...byId(id), headers: ifMatch(version) })),
  rotateSecret: async (id: string) => dataOf(await api.POST('/api/v1/webhooks/{id}/secret', byId(id))),
  ping: async (id: string) => dataOf(await api.POST('/api/v1/webhooks/{id}/ping', byId(id))),
  listDeliveries: async (id: string, status?: WebhookDeliveryStatus, cursor?: string) =>
    dataOf(await api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } } })),
  replayDelivery: async (id: string, deliveryId: string) => dataOf(await api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/replay', { params: { path: { id, deliveryId } } })),

  listSources: async () => dataOf(await api.GET('/api/v1/ingest-sources')).items,
  getSource: async (key: string) => dataOf(await api.GET('/api/v1/ingest-sources/{key}', byKey(key))),
  createSource: async (body: CreateIngestSourceBody) => dataOf(await api.POST('/api/v1/ingest-sources', { body })),
  updateSource: async (key: string, version: number, body: UpdateIngestSourceBody) => dataOf(await api.PUT('/api/v1/ingest-sources/{key}', { ...byKey(key), headers: ifMatch(version), body })),
  deleteSource: async (key: string, version: number) => dataOf(await api.DELETE('/api/v1/ingest-sources/{key}', { ...byKey(key), headers: ifMatch(version) })),
  preview: async (key: string, message: unknown) => dataOf(await api.POST('/api/v1/ingest-sources/{key}/preview', { ...byKey(key), body: { message } })),
  listDeadLetters: async (key: string, cursor?: string) => dataOf(await api.GET('/api/v1/ingest-sources/{key}/dead-letters', { params: { path: { key }, query: cursor ? { cursor } : {} } })),
  replayDeadLetter: async (key: string, id: string) => dataOf(await api.POST('/api/v1/ingest-sources/{key}/dead-letters/{id}/replay', { params: { path: { key, id } } })),

  listMailboxes: async () => dataOf(await api.GET('/api/v1/mailboxes')).items,
  createMailbox: async (body: CreateMailboxBody) => dataOf(await api.POST('/api/v1/mailboxes', { body })),
  updateMailbox: async (key: string, version: number, body: UpdateMailboxBody) => dataOf(await api.PUT('/api/v1/mailboxes/{key}', { ...byKey(key), headers: ifMatch(version), body })),
  deleteMailbox: async (key: string, version: number) => dataOf(await api.DELETE('/api/v1/mailboxes/{key}', { ...byKey(key), headers: ifMatch(version) })),
};

export const integrationKeys = {
  all: ['integration-admin'] as const,
  eventTypes: ['integration-admin', 'event-types'] as const,
  webhooks: ['integration-admin', 'webhooks'] as const,
  webhook: (id: string) => ['integration-admin', 'webhooks', id] as const,
  deliveries: (id: string, status: string | undefined) => ['integration-admin', 'webhooks', id, 'deliveries', status ?? 'all'] as const,
  sources: ['integration-admin', 'sources'] as const,
  source: (key: string) => ['integration-admin', 'sources', key] as const,
  deadLetters: (key: string) => ['integration-admin', 'sources', key, 'dead-letters'] as const,
  mailboxes: ['integration-admin', 'mailboxes'] as const,
};

export function useEventTypes() {
  return useQuery({ queryKey: integrationKeys.eventTypes, queryFn: integrationApi.listEventTypes, staleTime: 5 * 60_000 });
}

export function useWebhooks() {
  return useQuery({ queryKey: integrationKeys.webhooks, queryFn: integrationApi.listWebhooks });
}

export function useWebhook(id: string) {
  return useQuery({ queryKey: integrationKeys.webhook(id), queryFn: () => integrationApi.getWebhook(id) });
}

export function useSources() {
  return useQuery({ queryKey: integrationKeys.sources, queryFn: integrationApi.listSources });
}

export function useSource(key: string | undefined) {
  return useQuery({ queryKey: integrationKeys.source(key ?? ''), enabled: Boolean(key), queryFn: () => integrationApi.getSource(key!) });
}

export function useDeadLetters(key: string) {
  return useQuery({ queryKey: integrationKeys.deadLetters(key), queryFn: () => integrationApi.listDeadLetters(key) });
}

export function useMailboxes() {
  return useQuery({ queryKey: integrationKeys.mailboxes, queryFn: integrationApi.listMailboxes });
}
