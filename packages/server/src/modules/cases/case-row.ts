import type { CaseLifecycle, StatusCategory } from './case-lifecycle.ts';
import type { CasePriority } from './case-priority.ts';
import type { FormSchema } from './form-schema.ts';

export type CaseId = string & { readonly brand: 'CaseId' };

export type { CustomerRef } from './customer-fields.ts';
import type { CustomerRef } from './customer-fields.ts';

export interface CaseRow {
  id: CaseId;
  number: string;
  typeKey: string;
  typeVersion: number;
  title: string;
  /** A status key of the case type version's lifecycle. */
  status: string;
  /** The status's category, kept on the row so queues and partial indexes need no lifecycle. */
  statusCategory: StatusCategory;
  priority: CasePriority;
  channel: string | null;
  customer: CustomerRef | null;
  fields: Record<string, unknown>;
  tags: string[];
  externalSource: string | null;
  externalId: string | null;
  assigneeId: string | null;
  /** The queue's key; queueId is its id (kept in step by the database: migration 20261209T0100). */
  queue: string | null;
  queueId?: string | null;
  departmentId: string | null;
  dueAt: Date | null;
  /** How the case's SLA clocks stand (kept by the SLA module; absent on a row not read back). */
  slaState?: 'on-track' | 'at-risk' | 'breached' | 'paused' | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  version: number;
  /** normal | confidential | secret: policies may stop at a level. */
  sensitivity: 'normal' | 'confidential' | 'secret';
  /**
   * At rest: the original title sealed when it holds personal data (`title` then holds the masked
   * copy). Opened rows carry the original in `title` and leave this out.
   */
  titleSealed?: string | null;
}

export interface CaseTypeRow {
  key: string;
  version: number;
  currentVersion: number;
  prefix: string;
  name: string;
  description: string | null;
  schema: FormSchema;
  /** Maker–checker: the creator of a case cannot resolve or close it. */
  separationOfDuties: boolean;
  /** The queue a new case of this type joins when its creator names none. */
  defaultQueue: string | null;
  /** Its id (absent on a row not read back). */
  defaultQueueId?: string | null;
  /** The process a new case of this version starts (its latest deployed version); null: none. */
  processKey: string | null;
  /** Statuses and transitions of cases of this version. */
  lifecycle: CaseLifecycle;
  createdAt: Date;
  updatedAt: Date;
}
