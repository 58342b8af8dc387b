import { JSONPath } from 'jsonpath-plus';
import type { CommandContext } from '../../../platform/commands/index.ts';
import type { KeyRing } from '../../../platform/crypto/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { jsonPathProblem, outboundUrlProblem } from '../../integration/index.ts';
import type { ObjectType } from '../model.ts';
import { findObjectTypeOrThrow } from '../types/object-types.ts';
import { RECORD_TARGETS, type RowInput } from './column-mapping.ts';
import { findLookupConnector, saveLookupConnector, type LookupConnectorRow } from './import-store.ts';
import { importProblems } from './problems.ts';
import type { LookupConnectorBody } from './schemas.ts';
import { getSourceJson } from './source-fetch.ts';
import { assertMayUpsert, upsertRecordByExternalId, type UpsertOutcome } from './upsert-record.ts';

// The lookup connector: an object type's record fetched on demand from the system that owns it
// (a customer from the CRM by its id), validated as any record, and upserted by external id.

const PLACEHOLDER = '{externalId}';

// Bound to the object type: a sealed secret copied to another type's connector does not open.
const secretContext = (typeId: string) => ({ field: 'objects.lookup_connector.header_secret', recordId: typeId });

export interface LookupConnectorView {
  objectType: string;
  urlTemplate: string;
  headerName: string | null;
  hasHeaderSecret: boolean;
  timeoutMs: number;
  mapping: { path: string; target: string }[];
  version: number;
  updatedAt: string;
}

export function presentLookupConnector(type: Pick<ObjectType, 'key'>, row: LookupConnectorRow): LookupConnectorView {
  return {
    objectType: type.key,
    urlTemplate: row.urlTemplate,
    headerName: row.headerName,
    hasHeaderSecret: row.headerSecretSealed !== null,
    timeoutMs: row.timeoutMs,
    mapping: row.mapping,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What is wrong with a connector definition for the type: the URL, the header, the mapping. */
export function findLookupConnectorProblems(type: ObjectType, body: LookupConnectorBody, hasStoredSecret: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const placeholders = body.urlTemplate.split(PLACEHOLDER).length - 1;
  if (placeholders !== 1) errors.push({ field: 'urlTemplate', reason: `must hold ${PLACEHOLDER} exactly once` });
  else {
    const problem = outboundUrlProblem(body.urlTemplate.replace(PLACEHOLDER, 'x'));
    if (problem) errors.push({ field: 'urlTemplate', reason: problem });
    else if (!new URL(body.urlTemplate.replace(PLACEHOLDER, 'x')).href.includes('x')) errors.push({ field: 'urlTemplate', reason: `must place ${PLACEHOLDER} in the path or query` });
  }
  if (body.headerSecret !== undefined && !body.headerName) errors.push({ field: 'headerName', reason: 'is required with headerSecret' });
  if (body.headerName && body.headerSecret === undefined && !hasStoredSecret) errors.push({ field: 'headerSecret', reason: 'is required with headerName' });
  const fieldKeys = new Set(type.fields.map((f) => f.key));
  const targets = new Set<string>();
  for (const [i, entry] of body.mapping.entries()) {
    const problem = jsonPathProblem(entry.path);
    if (problem) errors.push({ field: `mapping.${i}.path`, reason: problem });
    const isField = entry.target.startsWith('fields.') && fieldKeys.has(entry.target.slice('fields.'.length));
    const isRecordTarget = (RECORD_TARGETS as readonly string[]).includes(entry.target) && entry.target !== 'externalId';
    if (!isField && !isRecordTarget) errors.push({ field: `mapping.${i}.target`, reason: 'must be fields.<key> of this object type, tags, ownerId, departmentId or sensitivity' });
    if (targets.has(entry.target)) errors.push({ field: `mapping.${i}.target`, reason: `${entry.target} is mapped twice` });
    targets.add(entry.target);
  }
  return errors;
}

/** Saves (creates or replaces) the type's lookup connector; object-type:admin. */
export async function saveLookupConnectorOfType(ctx: CommandContext, typeKey: string, body: LookupConnectorBody, expectedVersion?: number): Promise<LookupConnectorView> {
  assertAllowed(ctx.actor, 'object-type:admin');
  const type = await findObjectTypeOrThrow(ctx.tx, typeKey);
  const current = await findLookupConnector(ctx.tx, type.id);
  if (expectedVersion !== undefined && current && current.version !== expectedVersion) {
    throw importProblems.lookupConnectorVersionStale({ detail: `The connector is at version ${current.version}`, currentVersion: current.version });
  }
  const keepSecret = body.headerSecret === undefined && body.headerName !== null && Boolean(body.headerName ?? current?.headerName);
  const errors = findLookupConnectorProblems(type, { ...body, headerName: body.headerName === undefined ? (current?.headerName ?? null) : body.headerName }, keepSecret && Boolean(current?.headerSecretSealed));
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
  const headerName = body.headerName === undefined ? (current?.headerName ?? null) : body.headerName;
  const row: LookupConnectorRow = {
    typeId: type.id,
    urlTemplate: body.urlTemplate,
    headerName,
    headerSecretSealed: headerName === null ? null : body.headerSecret !== undefined ? ctx.keyRing.encrypt(body.headerSecret, secretContext(type.id)) : (current?.headerSecretSealed ?? null),
    timeoutMs: body.timeoutMs ?? 5000,
    mapping: body.mapping.map(({ path, target }) => ({ path, target })),
    createdBy: current?.createdBy ?? ctx.actor.userId,
    createdAt: current?.createdAt ?? ctx.now,
    updatedBy: ctx.actor.userId,
    updatedAt: ctx.now,
    version: (current?.version ?? 0) + 1,
  };
  await saveLookupConnector(ctx.tx, row);
  // The secret never enters the ledger, sealed or not: only whether one is set.
  await recordAuditEvent(ctx, {
    action: 'objects.lookup-connector-saved',
    targetType: 'object-type',
    targetId: type.id,
    data: { type: type.key, urlTemplate: row.urlTemplate, headerName: row.headerName, hasHeaderSecret: row.headerSecretSealed !== null, timeoutMs: row.timeoutMs, mapping: row.mapping, version: row.version },
  });
  return presentLookupConnector(type, row);
}

export async function findLookupConnectorOfTypeOrThrow(ctx: CommandContext, typeKey: string): Promise<LookupConnectorView> {
  assertAllowed(ctx.actor, 'object-type:admin');
  const type = await findObjectTypeOrThrow(ctx.tx, typeKey);
  const row = await findLookupConnector(ctx.tx, type.id);
  if (!row) throw importProblems.lookupConnectorNotFound({ detail: `Object type ${type.key} has no lookup connector` });
  return presentLookupConnector(type, row);
}

/** What a lookup needs outside a transaction: where to ask, with which header, how long to wait. */
export interface LookupPlan {
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  mapping: { path: string; target: string }[];
  connectorVersion: number;
}

/** Checks the reader may look up and loads the connector (read-only; the fetch runs outside any transaction). */
export async function planLookup(ctx: CommandContext, typeKey: string, externalId: string): Promise<LookupPlan> {
  assertAllowed(ctx.actor, 'record:read');
  assertMayUpsert(ctx);
  const type = await findObjectTypeOrThrow(ctx.tx, typeKey);
  const row = await findLookupConnector(ctx.tx, type.id);
  if (!row) throw importProblems.lookupConnectorNotFound({ detail: `Object type ${type.key} has no lookup connector` });
  const headers: Record<string, string> = {};
  if (row.headerName && row.headerSecretSealed) headers[row.headerName] = await openSecret(ctx.keyRing, type.id, row.headerSecretSealed);
  return { url: row.urlTemplate.replace(PLACEHOLDER, encodeURIComponent(externalId)), headers, timeoutMs: row.timeoutMs, mapping: row.mapping, connectorVersion: row.version };
}

function openSecret(keyRing: KeyRing, typeId: string, sealed: string): Promise<string> {
  return keyRing.decryptAsync(sealed, secretContext(typeId));
}

/** The source's answer for the plan: the record input it maps to, or a 404 / 502 problem. */
export async function fetchFromSource(plan: LookupPlan, externalId: string): Promise<Omit<RowInput, 'externalId'>> {
  const answer = await getSourceJson(plan.url, plan.headers, plan.timeoutMs);
  if (answer.kind === 'not-found') throw importProblems.lookupRecordNotFound({ detail: `The source system has no record ${externalId} (HTTP ${answer.status})` });
  if (answer.kind === 'failed') throw importProblems.lookupSourceFailed({ detail: `The source system's answer cannot be used: ${answer.reason}`, sourceStatus: answer.status });
  if (answer.body === null || typeof answer.body !== 'object') throw importProblems.lookupSourceFailed({ detail: 'The source system answered JSON that is not an object', sourceStatus: answer.status });
  return mapSourceRecord(plan.mapping, answer.body);
}

/** The mapping applied to the source's JSON: JSONPath without script evaluation (a path is data, never code). */
export function mapSourceRecord(mapping: { path: string; target: string }[], body: object): Omit<RowInput, 'externalId'> {
  const input: Omit<RowInput, 'externalId'> = { fields: {} };
  for (const { path, target } of mapping) {
    const value = JSONPath({ path, json: body, wrap: false, eval: false }) as unknown;
    if (value === undefined || value === null) continue;
    if (target.startsWith('fields.')) input.fields[target.slice('fields.'.length)] = value;
    else if (target === 'tags') input.tags = Array.isArray(value) ? value.map(String) : [String(value)];
    else if (target === 'ownerId' || target === 'departmentId' || target === 'sensitivity') input[target] = String(value);
  }
  return input;
}

/** Upserts what the source answered; a record the source gave with invalid values → 502, nothing changed. */
export async function upsertLookedUpRecord(ctx: CommandContext, typeKey: string, externalId: string, input: Omit<RowInput, 'externalId'>, plan: LookupPlan): Promise<UpsertOutcome> {
  assertAllowed(ctx.actor, 'record:read');
  return upsertRecordByExternalId(ctx, typeKey, externalId, input, {
    audit: 'objects.record-looked-up',
    auditUnchanged: true,
    data: { connectorVersion: plan.connectorVersion },
    invalid: (errors) =>
      importProblems.lookupSourceInvalid({ detail: "The source system's record is not valid for this object type; nothing was changed", errors }),
  });
}
