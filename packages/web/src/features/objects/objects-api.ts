import { useQuery } from '@tanstack/react-query';
import { csrfHeaders, toProblemError, type components } from '@docket/client';

// The custom objects API (issue 21): object types and their versions, relations, records with
// their links and history, imports. Through fetch with the console's session cookie and CSRF
// header (problems thrown as ProblemError, as the typed client does): the imports are multipart
// and the record list takes field.<key> filters the typed client has no names for. The views are
// the generated schemas; request bodies and the smaller answers are written out below.

type Schemas = components['schemas'];

export const OBJECT_FIELD_TYPES = ['text', 'long-text', 'number', 'money', 'date', 'datetime', 'boolean', 'select', 'multi-select', 'user', 'department', 'reference', 'case-reference'] as const;
export type ObjectFieldType = (typeof OBJECT_FIELD_TYPES)[number];
export const RELATION_CARDINALITIES = ['one-to-many', 'many-to-many'] as const;
export type RelationCardinality = (typeof RELATION_CARDINALITIES)[number];
export const OBJECT_TYPE_ROLES = ['standard', 'customer'] as const;
export type ObjectTypeRole = (typeof OBJECT_TYPE_ROLES)[number];
export const IMPORT_MODES = ['all-or-nothing', 'valid-rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const IMPORT_ACTIONS = ['insert', 'upsert'] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];
/** The record actions a role may hold, in the order the permissions summary shows them. */
export const RECORD_ACTIONS = ['record:read', 'record:create', 'record:update', 'record:delete', 'record:import', 'record:unmask'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

export interface LocalisedText {
  'zh-CN': string;
  'en-US': string;
}

export type ObjectFieldDefinition = Schemas['ObjectField'];

export interface ObjectTypeLayout {
  sections?: { title: LocalisedText; fields: string[] }[];
  columns?: string[];
}

/** `recordCount`: records of the type the reader may see, when the API counts them. */
export type ObjectType = Schemas['ObjectType'] & { recordCount?: number | null };

/** What PUT /object-types/{key} takes: a new version of the definition (key and role stay). */
export interface ObjectTypeBody {
  name: LocalisedText;
  description?: string | null;
  numberPrefix: string;
  displayField: string;
  fields: ObjectFieldDefinition[];
  layout: ObjectTypeLayout;
}

export type CreateObjectTypeBody = ObjectTypeBody & { key: string; role: ObjectTypeRole };

export interface ObjectTypeVersion {
  version: number;
  fields: ObjectFieldDefinition[];
  layout: ObjectTypeLayout;
  displayField: string;
  createdBy?: string | null;
  createdAt: string;
}

export type Relation = Schemas['Relation'];

export interface CreateRelationBody {
  key: string;
  fromType: string;
  toKind: 'object' | 'case';
  toType?: string | null;
  cardinality: RelationCardinality;
  name: LocalisedText;
  inverseName: LocalisedText;
}

/** A relation's ends stay; its names and cardinality change. */
export type UpdateRelationBody = Pick<CreateRelationBody, 'cardinality' | 'name' | 'inverseName'>;

/** A record as the reader may see it: hidden fields left out, masked ones masked (maskedFields). */
export type ObjectRecord = Schemas['Record'];

export interface RecordPage {
  items: ObjectRecord[];
  nextCursor: string | null;
}

export interface RecordBody {
  fields: Record<string, unknown>;
  externalId?: string;
  tags?: string[];
  departmentId?: string;
  ownerId?: string;
}

export type RecordLink = Schemas['RecordLink'];

export interface RecordHistoryEvent {
  id: number;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  onBehalfOf?: string | null;
  action: string;
  reason: string | null;
  changes: { field: string; before?: unknown; after?: unknown }[];
}

/** One refused row's problem; `code` and `params` when the API gives them (the screen words them). */
export type ImportError = Schemas['ObjectImportError'] & { code?: string; params?: Record<string, string | number> };
/** An import's report: previewed (nothing written), imported, or rejected (all-or-nothing with bad rows). */
export type ImportReport = Omit<Schemas['ObjectImportReport'], 'errors'> & { errors: ImportError[] };

export type RecordListQuery = { q?: string; after?: string; limit?: number; sort?: string; owner?: string; department?: string; tag?: string } & Record<`field.${string}`, string>;

/** A request with the session cookie and CSRF header; a problem answer is thrown as ProblemError. */
async function request<T>(method: string, path: string, options: { body?: unknown; form?: FormData; ifMatch?: number; query?: Record<string, string | number | undefined> } = {}): Promise<T> {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== '') search.set(name, String(value));
  const url = `/api/v1${path}${search.size > 0 ? `?${search}` : ''}`;
  const headers: Record<string, string> = { ...csrfHeaders() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // Changes go against the version the reader saw: a 412 means someone else saved first.
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  if (!response.ok) throw await toProblemError(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

export const objectsApi = {
  listTypes: async () => (await request<{ items: ObjectType[] }>('GET', '/object-types')).items,
  getType: async (key: string) => request<ObjectType>('GET', `/object-types/${enc(key)}`),
  createType: async (body: CreateObjectTypeBody) => request<ObjectType>('POST', '/object-types', { body }),
  saveType: async (key: string, version: number, body: ObjectTypeBody) => request<ObjectType>('PUT', `/object-types/${enc(key)}`, { body, ifMatch: version }),
  listTypeVersions: async (key: string) => (await request<{ items: ObjectTypeVersion[] }>('GET', `/object-types/${enc(key)}/versions`)).items,

  listRelations: async () => (await request<{ items: Relation[] }>('GET', '/relations')).items,
  createRelation: async (body: CreateRelationBody) => request<Relation>('POST', '/relations', { body }),
  updateRelation: async (key: string, body: UpdateRelationBody) => request<Relation>('PUT', `/relations/${enc(key)}`, { body }),
  deleteRelation: async (key: string) => request<void>('DELETE', `/relations/${enc(key)}`),

  listRecords: async (typeKey: string, query: RecordListQuery) => request<RecordPage>('GET', `/object-types/${enc(typeKey)}/records`, { query }),
  createRecord: async (typeKey: string, body: RecordBody) => request<ObjectRecord>('POST', `/object-types/${enc(typeKey)}/records`, { body }),
  getRecord: async (id: string) => request<ObjectRecord>('GET', `/records/${enc(id)}`),
  updateRecord: async (id: string, version: number, body: Partial<RecordBody>) => request<ObjectRecord>('PATCH', `/records/${enc(id)}`, { body, ifMatch: version }),
  deleteRecord: async (id: string, version: number) => request<void>('DELETE', `/records/${enc(id)}`, { ifMatch: version }),
  unmask: async (id: string, field: string, reason: string) => request<{ field: string; value: unknown }>('POST', `/records/${enc(id)}/unmask`, { body: { field, reason } }),
  listLinks: async (id: string) => (await request<{ items: RecordLink[] }>('GET', `/records/${enc(id)}/links`)).items,
  /** incoming: `toRecordId` is the relation's "from" side and this record its "to" side. */
  addLink: async (id: string, body: { relation: string; toRecordId?: string; toCaseId?: string; direction?: 'outgoing' | 'incoming' }) =>
    request<unknown>('POST', `/records/${enc(id)}/links`, { body }),
  /** From either side of the link. */
  removeLink: async (id: string, relationKey: string, targetId: string) => request<void>('DELETE', `/records/${enc(id)}/links/${enc(relationKey)}/${enc(targetId)}`),
  history: async (id: string) => (await request<{ items: RecordHistoryEvent[] }>('GET', `/records/${enc(id)}/history`)).items,

  /** Multipart: the file, the mode and the action; `preview` checks and maps rows without writing. */
  importFile: async (typeKey: string, file: File, options: { mode: ImportMode; action: ImportAction; preview: boolean }) => {
    const form = new FormData();
    // Text fields before the file: a multipart reader may stream the file and see only what came first.
    form.append('mode', options.mode);
    form.append('action', options.action);
    form.append('preview', String(options.preview));
    form.append('file', file, file.name);
    return request<ImportReport>('POST', `/object-types/${enc(typeKey)}/imports`, { form });
  },
  listImports: async (typeKey: string) => (await request<{ items: ImportReport[] }>('GET', `/object-types/${enc(typeKey)}/imports`)).items,
};

export const objectsKeys = {
  all: ['objects'] as const,
  types: ['objects', 'types'] as const,
  type: (key: string) => ['objects', 'types', key] as const,
  versions: (key: string) => ['objects', 'types', key, 'versions'] as const,
  relations: ['objects', 'relations'] as const,
  records: (typeKey: string) => ['objects', 'records', typeKey] as const,
  recordList: (typeKey: string, query: object) => ['objects', 'records', typeKey, query] as const,
  record: (id: string) => ['objects', 'record', id] as const,
  links: (id: string) => ['objects', 'record', id, 'links'] as const,
  history: (id: string) => ['objects', 'record', id, 'history'] as const,
};

export const useObjectTypes = () => useQuery({ queryKey: objectsKeys.types, queryFn: objectsApi.listTypes, staleTime: 30_000 });
export const useObjectType = (key: string | undefined) => useQuery({ queryKey: objectsKeys.type(key ?? ''), queryFn: () => objectsApi.getType(key!), enabled: Boolean(key) });
export const useRelations = (enabled = true) => useQuery({ queryKey: objectsKeys.relations, queryFn: objectsApi.listRelations, staleTime: 30_000, enabled });
export const useRecord = (id: string | undefined) => useQuery({ queryKey: objectsKeys.record(id ?? ''), queryFn: () => objectsApi.getRecord(id!), enabled: Boolean(id) });
