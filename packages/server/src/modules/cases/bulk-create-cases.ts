import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { CommandContext } from '../../platform/commands/index.ts';
import type { FieldError } from '../../platform/http/problem.ts';
import '../../platform/http/typebox-formats.ts';
import { assertAllowed, isAllowedOnCase, isCaseCreateAllowed } from '../access/index.ts';
import { recordAuditEvents } from '../audit/index.ts';
import { externalIdTakenFact, externalIdTakenLineProblem } from './external-id.ts';
import type { CaseTypeRow } from './case-row.ts';
import { insertPreparedCases, prepareNewCase, withCreateDefaults, type NewCaseInput, type PreparedCase } from './new-case.ts';
import { CreateCaseBody } from './schemas.ts';
import { resolveCaseQueues } from './case-queue.ts';
import { findCasesByExternalIds, listCurrentCaseTypes } from './store.ts';
import { findUnstorableValues } from '../../platform/http/input-guard.ts';

export const BULK_MAX_LINES = 10_000;

const checkLine = TypeCompiler.Compile(CreateCaseBody);

export type BulkLineResult =
  | { line: number; status: 'created'; id: string; number: string }
  | { line: number; status: 'duplicate'; id: string; number: string }
  | { line: number; status: 'invalid'; errors: FieldError[] }
  /** The external id is taken by a case the caller may not read: a problem, and nothing of that case. */
  | { line: number; status: 'refused'; problem: ReturnType<typeof externalIdTakenLineProblem> };

export interface ParsedLine {
  line: number;
  input?: NewCaseInput;
  errors?: FieldError[];
}

/** Splits NDJSON into lines and checks each against the single-create schema. Blank lines are skipped. */
export function parseBulkLines(body: string): ParsedLine[] {
  const parsed: ParsedLine[] = [];
  body.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      parsed.push({ line, errors: [{ field: '(line)', reason: 'is not valid JSON' }] });
      return;
    }
    // The same refusal of unstorable values (NUL, lone surrogates, deep nesting, 1e309) as a single create.
    const unstorable = findUnstorableValues(value);
    if (unstorable.length > 0) {
      parsed.push({ line, errors: unstorable });
      return;
    }
    if (!checkLine.Check(value)) {
      const errors = [...checkLine.Errors(value)].map((e) => ({ field: e.path.replace(/^\//, '').replaceAll('/', '.') || '(line)', reason: e.message }));
      parsed.push({ line, errors });
      return;
    }
    parsed.push({ line, input: value as NewCaseInput });
  });
  return parsed;
}

export interface BulkCaseTypes {
  byKey: Map<string, CaseTypeRow>;
}

export async function loadBulkCaseTypes(ctx: CommandContext): Promise<BulkCaseTypes> {
  return { byKey: new Map((await listCurrentCaseTypes(ctx.tx)).map((t) => [t.key, t])) };
}

/** Creates one batch of lines in the context's transaction; one result per line, in line order. */
export async function createCaseBatch(ctx: CommandContext, lines: ParsedLine[], caseTypes: BulkCaseTypes): Promise<BulkLineResult[]> {
  assertAllowed(ctx.actor, 'case:create');
  const results = new Map<number, BulkLineResult>();
  const ready: { line: number; prepared: PreparedCase }[] = [];
  const firstLineOfExternalId = new Map<string, number>();
  const repeatedInBatch: { line: number; externalId: string }[] = [];
  // Every queue the batch names, found in one query.
  const queues = await resolveCaseQueues(
    ctx.tx,
    lines.map((l) => l.input ?? {}),
  );
  for (const [index, { line, input, errors }] of lines.entries()) {
    if (!input) {
      results.set(line, { line, status: 'invalid', errors: errors! });
      continue;
    }
    const caseType = caseTypes.byKey.get(input.type);
    if (!caseType) {
      results.set(line, { line, status: 'invalid', errors: [{ field: 'type', reason: `no case type ${input.type}` }] });
      continue;
    }
    const prepared = prepareNewCase(caseType, withCreateDefaults(input, caseType, ctx.actor), ctx.actor.userId, ctx.actor.username, ctx.now, queues[index]);
    if (Array.isArray(prepared)) {
      results.set(line, { line, status: 'invalid', errors: prepared });
      continue;
    }
    if (!isCaseCreateAllowed(ctx.actor, prepared)) {
      results.set(line, { line, status: 'invalid', errors: [{ field: '(line)', reason: 'your roles do not grant case:create for this case' }] });
      continue;
    }
    const externalKey = prepared.externalId ? `${prepared.externalSource}\u0000${prepared.externalId}` : undefined;
    if (externalKey && firstLineOfExternalId.has(externalKey)) {
      repeatedInBatch.push({ line, externalId: externalKey });
      continue;
    }
    if (externalKey) firstLineOfExternalId.set(externalKey, line);
    ready.push({ line, prepared });
  }

  const { rows, insertedIds } = await insertPreparedCases(
    ctx,
    ready.map((r) => r.prepared),
  );
  const skipped = rows.filter((r) => !insertedIds.has(r.id));
  // null: the existing case is one the caller may not read, so its id and number stay unsaid.
  const existing = new Map<string, { id: string; number: string } | null>();
  for (const source of new Set(skipped.map((r) => r.externalSource!))) {
    const found = await findCasesByExternalIds(
      ctx.tx,
      source,
      skipped.filter((r) => r.externalSource === source).map((r) => r.externalId!),
    );
    for (const [externalId, row] of found) {
      existing.set(`${source}\u0000${externalId}`, isAllowedOnCase(ctx.actor, 'case:read', row) ? { id: row.id, number: row.number } : null);
    }
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const outcomeOfKey = new Map<string, { id: string; number: string } | null>();
  const refusedKeys: { source: string; externalId: string }[] = [];
  const resultOf = (line: number, first: { id: string; number: string } | null): BulkLineResult =>
    first ? { line, status: 'duplicate', ...first } : { line, status: 'refused', problem: externalIdTakenLineProblem() };
  for (const { line, prepared } of ready) {
    const row = byId.get(prepared.id)!;
    const key = row.externalId ? `${row.externalSource}\u0000${row.externalId}` : undefined;
    if (insertedIds.has(row.id)) {
      results.set(line, { line, status: 'created', id: row.id, number: row.number });
      if (key) outcomeOfKey.set(key, { id: row.id, number: row.number });
    } else {
      const first = existing.get(key!)!;
      results.set(line, resultOf(line, first));
      outcomeOfKey.set(key!, first);
      if (!first) refusedKeys.push({ source: row.externalSource!, externalId: row.externalId! });
    }
  }
  for (const { line, externalId } of repeatedInBatch) {
    results.set(line, resultOf(line, outcomeOfKey.get(externalId)!));
  }
  // The batch commits, so its refusals are audited in its own transaction.
  await recordAuditEvents(
    ctx,
    refusedKeys.map(({ source, externalId }) => externalIdTakenFact(source, externalId)),
  );
  return [...results.values()].sort((a, b) => a.line - b.line);
}
