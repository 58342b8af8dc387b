import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

// Row types of the migrated schema, one interface per table. Keep in step with
// migrations/; test/api/platform/schema-types.test.ts compares them with the database.
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface IdempotencyKeyTable {
  principal_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: Json;
  created_at: GeneratedTimestamp;
}
export interface OutboxEventTable {
  id: Generated<number>;
  type: string;
  aggregate_type: string;
  aggregate_id: string;
  payload: Json;
  created_at: GeneratedTimestamp;
  partition: GeneratedAlways<number>;
  position: number | null;
}
export interface OutboxHeadTable {
  only_row: Generated<boolean>;
  last_position: number;
}
export interface OutboxCursorTable {
  subscriber: string;
  partition: number;
  position: Generated<number>;
}
export interface OutboxParkedTable {
  subscriber: string;
  event_id: number;
  partition: number;
  position: number;
  aggregate_type: string;
  aggregate_id: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  dead_at: Timestamp | null;
  last_error: string | null;
}
export interface JobTable {
  id: Generated<number>;
  kind: string;
  key: string;
  due_at: Timestamp;
  payload: ColumnType<unknown, string | undefined, string>;
  state: Generated<'pending' | 'done' | 'failed' | 'cancelled'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  created_at: GeneratedTimestamp;
  finished_at: Timestamp | null;
}
export interface DepartmentTable {
  id: string;
  code: string;
  name: string;
  kind: 'head-office' | 'branch' | 'sub-branch' | 'functional';
  parent_id: string | null;
  path: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}
export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  department_id: string | null;
  roles: Generated<string[]>;
  status: Generated<'active' | 'disabled'>;
  kind: Generated<'person' | 'system'>;
  failed_login_count: Generated<number>;
  locked_until: Timestamp | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}
export interface SessionTable {
  id: string;
  token_hash: Buffer;
  user_id: string;
  client_ip: string | null;
  user_agent: string | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}
export interface ApiTokenTable {
  id: string;
  name: string;
  token_hash: Buffer;
  user_id: string;
  scopes: string[];
  created_by: string;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}
export interface CaseTypeTable {
  key: string;
  current_version: number;
  prefix: string;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}
export interface CaseTypeVersionTable {
  key: string;
  version: number;
  name: string;
  description: string | null;
  schema: Json;
  separation_of_duties: ColumnType<boolean, boolean | undefined, boolean>;
  default_queue: ColumnType<string | null, string | null | undefined, string | null>;
  lifecycle: Json;
  created_by: string | null;
  created_at: GeneratedTimestamp;
}
export interface CaseTable {
  id: string;
  number: string;
  type_key: string;
  type_version: number;
  title: string;
  status: string;
  /** open | waiting | resolved | closed: the category of the status in the case type version's lifecycle. */
  status_category: string;
  priority: string;
  channel: string | null;
  customer: Json | null;
  customer_ref: string | null;
  fields: Json<Record<string, unknown>>;
  tags: Generated<string[]>;
  external_source: string | null;
  external_id: string | null;
  assignee_id: string | null;
  queue: string | null;
  department_id: string | null;
  due_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  version: Generated<number>;
  sensitive_index: ColumnType<string[], string[] | undefined, string[]>;
  sensitivity: ColumnType<string, string | undefined, string>;
  /** The original title sealed when it holds personal data (the title column then holds it masked). */
  title_sealed: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface CommentTable {
  id: string;
  case_id: string;
  body: string;
  body_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  visibility: 'internal' | 'public';
  author_id: string;
  created_at: Timestamp;
}
export interface BlobTable {
  sha256: string;
  size_bytes: number;
  content: Buffer;
}
export interface AttachmentTable {
  id: string;
  case_id: string;
  file_name: string;
  file_name_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_by: string;
  created_at: Timestamp;
}
export interface CaseLinkTable {
  id: string;
  case_id: string;
  linked_case_id: string;
  kind: string;
  created_by: string;
  created_at: Timestamp;
}
export interface WatcherTable {
  case_id: string;
  user_id: string;
  created_at: Timestamp;
}
export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  on_behalf_of: string | null;
  action: string;
  target_type: string;
  target_id: string;
  case_id: string | null;
  changes: Json<FieldChange[]>;
  reason: string | null;
  request_id: string | null;
  client_ip: string | null;
  channel: string | null;
  data: Json | null;
}
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface RoleTable {
  key: string;
  name: string;
  description: string | null;
  permissions: Json<unknown[]>;
  builtin: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}
export interface UserDepartmentTable {
  user_id: string;
  department_id: string;
}
export interface GroupTable {
  key: string;
  name: string;
  kind: 'group' | 'queue';
  department_id: string | null;
  created_at: GeneratedTimestamp;
}
export interface GroupMemberTable {
  group_key: string;
  user_id: string;
}

export interface Tables {
  'access.role': RoleTable;
  'access.user_department': UserDepartmentTable;
  'access.group': GroupTable;
  'access.group_member': GroupMemberTable;
  'platform.idempotency_key': IdempotencyKeyTable;
  'platform.outbox_event': OutboxEventTable;
  'platform.outbox_head': OutboxHeadTable;
  'platform.outbox_cursor': OutboxCursorTable;
  'platform.outbox_parked': OutboxParkedTable;
  'platform.job': JobTable;
  'access.department': DepartmentTable;
  'access.user': UserTable;
  'access.session': SessionTable;
  'access.api_token': ApiTokenTable;
  'cases.case_type': CaseTypeTable;
  'cases.case_type_version': CaseTypeVersionTable;
  'cases.case': CaseTable;
  'cases.comment': CommentTable;
  'cases.blob': BlobTable;
  'cases.attachment': AttachmentTable;
  'cases.case_link': CaseLinkTable;
  'cases.watcher': WatcherTable;
  'audit.event': AuditEventTable;
}
