import { TypeCompiler } from '@sinclair/typebox/compiler';
import { JSONPath } from 'jsonpath-plus';
import { evaluateFeel, feelSyntaxProblem } from '../../../platform/feel/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { findUnstorableValues } from '../../../platform/http/input-guard.ts';
import '../../../platform/http/typebox-formats.ts';
import { CreateCaseBody, CUSTOMER_FIELD_KEYS, listFieldDefinitions, type CaseTypeRow, type NewCaseInput } from '../../cases/index.ts';
import type { FieldMappingDef, IngestMapping } from './source-store.ts';
import { registerProcessCache } from '../../../platform/process-caches.ts';

/**
 * A source's mapping: message (JSON) → case input. The input is then checked exactly like a bulk
 * NDJSON line (the create schema and the unstorable-value guard), so a mapped message gets the same
 * problems as the API. JSONPath runs with script evaluation disabled: a path is data, never code.
 */

/** Case input fields a mapping may set directly; `fields.<key>` and `customer.<key>` besides. */
export const DIRECT_TARGETS = ['type', 'title', 'priority', 'channel', 'dueAt', 'tags', 'queue', 'departmentId', 'assigneeId', 'sensitivity'] as const;
/** Cases have no description of their own: it lands in the case type's form field `description`. */
const DESCRIPTION_FIELD = 'description';

const checkInput = TypeCompiler.Compile(CreateCaseBody);

export interface MappedMessage {
  externalId: string | null;
  input: NewCaseInput | null;
  /**
   * The deadline the message carries: not a case input (the SLA policy computes a case's due
   * time) but set on the case's resolution clock once the case exists.
   */
  dueAt?: string;
  errors: FieldError[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

type Getter = (message: unknown) => unknown;

export interface CompiledMapping {
  map(message: unknown): MappedMessage;
}

function readPath(path: string): Getter {
  return (message) => JSONPath({ path, json: message as object, wrap: false, eval: false });
}

/** Why a JSONPath cannot be used, or null. Script segments are refused: evaluation is disabled. */
export function jsonPathProblem(path: string): string | null {
  if (!path.startsWith('$')) return "must start with '$'";
  let segments: string[];
  try {
    segments = JSONPath.toPathArray(path);
  } catch (error) {
    return `is not a valid JSONPath (${(error as Error).message})`;
  }
  if (segments.some((s) => s.startsWith('?(') || s.startsWith('('))) return 'uses a script expression; filters and scripts are disabled';
  try {
    JSONPath({ path, json: {}, wrap: false, eval: false });
  } catch (error) {
    return `is not a valid JSONPath (${(error as Error).message})`;
  }
  return null;
}

function getterOf(def: FieldMappingDef): Getter {
  if (def.path !== undefined) return readPath(def.path);
  if (def.feel !== undefined) {
    const expression = def.feel;
    return (message) => evaluateFeel(expression, { message });
  }
  const value = def.value;
  return () => structuredClone(value);
}

/** Where a target writes in the case input. */
function placeOf(target: string): { kind: 'direct' | 'fields' | 'customer'; key: string } {
  if (target.startsWith('fields.')) return { kind: 'fields', key: target.slice('fields.'.length) };
  if (target.startsWith('customer.')) return { kind: 'customer', key: target.slice('customer.'.length) };
  if (target === DESCRIPTION_FIELD) return { kind: 'fields', key: DESCRIPTION_FIELD };
  return { kind: 'direct', key: target };
}

export function compileMapping(mapping: IngestMapping, sourceKey: string): CompiledMapping {
  const externalId = readPath(mapping.externalId);
  const fields = mapping.fields.map((def) => ({ target: def.target, place: placeOf(def.target), get: getterOf(def) }));
  return {
    map(message) {
      const errors: FieldError[] = [];
      let id: string | null = null;
      try {
        const raw = externalId(message);
        if (typeof raw === 'string' && raw.trim() !== '') id = raw;
        else if (typeof raw === 'number' && Number.isFinite(raw)) id = String(raw);
        else errors.push({ field: 'externalId', reason: `the message has no string or number at ${mapping.externalId}` });
      } catch {
        errors.push({ field: 'externalId', reason: `${mapping.externalId} could not be read from the message` });
      }
      const input: Record<string, unknown> = { type: mapping.caseType, fields: {}, channel: sourceKey.slice(0, 50) };
      const customer: Record<string, unknown> = {};
      for (const { target, place, get } of fields) {
        let value: unknown;
        try {
          value = get(message);
        } catch {
          // Never the error text: it may quote the message.
          errors.push({ field: target, reason: 'could not be computed from the message' });
          continue;
        }
        if (value === undefined || value === null) continue;
        if (place.kind === 'fields') (input.fields as Record<string, unknown>)[place.key] = value;
        else if (place.kind === 'customer') customer[place.key] = value;
        else input[place.key] = value;
      }
      if (Object.keys(customer).length > 0) input.customer = customer;
      let dueAt: string | undefined;
      if (input.dueAt !== undefined) {
        if (typeof input.dueAt === 'string' && DATE_TIME.test(input.dueAt) && !Number.isNaN(Date.parse(input.dueAt))) dueAt = input.dueAt;
        else errors.push({ field: 'dueAt', reason: 'must be a date and time with its offset (ISO 8601, e.g. 2026-12-20T17:00:00+08:00)' });
        delete input.dueAt;
      }
      if (id !== null) {
        input.externalId = id;
        input.source = sourceKey;
      }
      const unstorable = findUnstorableValues(input);
      if (unstorable.length > 0) return { externalId: id, input: null, errors: [...errors, ...unstorable] };
      if (!checkInput.Check(input)) {
        // One reason per field: TypeBox says both "required" and "Expected string" of a missing one.
        const named = new Set<string>();
        for (const e of checkInput.Errors(input)) {
          const field = e.path.replace(/^\//, '').replaceAll('/', '.') || '(message)';
          if (named.has(field)) continue;
          named.add(field);
          errors.push({ field, reason: e.message });
        }
      }
      if (errors.length > 0) return { externalId: id, input: null, errors: dedupe(errors) };
      return { externalId: id, input: input as unknown as NewCaseInput, ...(dueAt ? { dueAt } : {}), errors: [] };
    },
  };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const cache = new Map<string, CompiledMapping>();
registerProcessCache(() => cache.clear());
const CACHE_LIMIT = 500;

/** Compiled once per (source, version): a consumer maps thousands of messages with the same one. */
export function compiledMappingOf(source: { key: string; version: number; mapping: IngestMapping }): CompiledMapping {
  const cacheKey = `${source.key}@${source.version}`;
  let compiled = cache.get(cacheKey);
  if (!compiled) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    compiled = compileMapping(source.mapping, source.key);
    cache.set(cacheKey, compiled);
  }
  return compiled;
}

/**
 * What is wrong with a mapping, checked at save: paths parse, FEEL parses, each field mapping has
 * exactly one of path/feel/value, targets are case input fields, the type's form fields or the
 * customer's. `caseType` is the current version of mapping.caseType, undefined when there is none.
 */
export function findMappingProblems(mapping: IngestMapping, caseType: CaseTypeRow | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const externalIdProblem = jsonPathProblem(mapping.externalId);
  if (externalIdProblem) errors.push({ field: 'mapping.externalId', reason: externalIdProblem });
  if (!caseType) errors.push({ field: 'mapping.caseType', reason: `no case type ${mapping.caseType}` });
  const formFields = new Set(caseType ? listFieldDefinitions(caseType.schema).map((d) => d.key) : []);
  const targets = new Set<string>();
  for (const [i, def] of mapping.fields.entries()) {
    const at = `mapping.fields.${i}`;
    const given = [def.path !== undefined, def.feel !== undefined, def.value !== undefined].filter(Boolean).length;
    if (given !== 1) errors.push({ field: at, reason: 'must have exactly one of path, feel, value' });
    if (def.path !== undefined) {
      const problem = jsonPathProblem(def.path);
      if (problem) errors.push({ field: `${at}.path`, reason: problem });
    }
    if (def.feel !== undefined) {
      const problem = feelSyntaxProblem(def.feel);
      if (problem) errors.push({ field: `${at}.feel`, reason: problem });
    }
    if (def.value !== undefined) {
      const unstorable = findUnstorableValues(def.value);
      if (unstorable.length > 0) errors.push({ field: `${at}.value`, reason: unstorable[0]!.reason });
    }
    if (targets.has(def.target)) errors.push({ field: `${at}.target`, reason: `${def.target} is mapped twice` });
    targets.add(def.target);
    const place = placeOf(def.target);
    if (place.kind === 'direct' && !(DIRECT_TARGETS as readonly string[]).includes(place.key)) {
      errors.push({ field: `${at}.target`, reason: `is not a case input field (${DIRECT_TARGETS.join(', ')}, description, fields.<key>, customer.<key>)` });
    } else if (place.kind === 'customer' && !(CUSTOMER_FIELD_KEYS as readonly string[]).includes(place.key)) {
      errors.push({ field: `${at}.target`, reason: `customer has no field ${place.key} (${CUSTOMER_FIELD_KEYS.join(', ')})` });
    } else if (place.kind === 'fields' && caseType && !formFields.has(place.key)) {
      errors.push({
        field: `${at}.target`,
        reason: def.target === DESCRIPTION_FIELD ? `case type ${caseType.key} has no form field description` : `case type ${caseType.key} has no form field ${place.key}`,
      });
    }
  }
  return errors;
}
