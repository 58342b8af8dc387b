import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems, type FieldError } from '../../../platform/http/problem.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { knowledgeProblems } from '../problems.ts';
import { deleteSynonymSetIfVersion, findSynonymSet, insertSynonymSet, type SynonymSetRow, updateSynonymSetIfVersion } from './lexicon-store.ts';
import { segmentQuery } from './segmenter.ts';
import { forgetSynonyms } from './synonym-cache.ts';

// Synonym sets (信用卡 / 贷记卡): a query word of a set matches every term of it. Changed with
// knowledge:admin; nothing is re-indexed, since synonyms widen the query, not the index.

/** Terms as search compares them: trimmed, lower-case, each once; 400 naming `terms` otherwise. */
export function normaliseSynonymTerms(terms: readonly string[]): string[] {
  const errors: FieldError[] = [];
  const out: string[] = [];
  terms.forEach((raw, i) => {
    const term = raw.trim().toLowerCase().replace(/\s+/g, ' ');
    if (term === '') errors.push({ field: `terms.${i}`, reason: 'is blank' });
    else if (segmentQuery(term).length === 0) errors.push({ field: `terms.${i}`, reason: 'holds no word search could match (only punctuation or words such as 的)' });
    else if (!out.includes(term)) out.push(term);
  });
  if (errors.length === 0 && out.length < 2) errors.push({ field: 'terms', reason: 'needs at least 2 different terms' });
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });
  return out;
}

export async function findSynonymSetOrThrow(ctx: CommandContext, id: string): Promise<SynonymSetRow> {
  const found = await findSynonymSet(ctx.tx, id);
  if (!found) throw knowledgeProblems.synonymSetNotFound({ detail: `No synonym set ${id}` });
  return found;
}

const staleProblem = (current: SynonymSetRow, expected: number) =>
  knowledgeProblems.synonymSetVersionStale({ detail: `You sent version ${expected}; the synonym set is at ${current.version}. Reload it.`, currentVersion: current.version });

export async function createSynonymSet(ctx: CommandContext, terms: readonly string[]): Promise<SynonymSetRow> {
  assertAllowed(ctx.actor, 'knowledge:admin');
  const normalised = normaliseSynonymTerms(terms);
  const id = newId<string>();
  await insertSynonymSet(ctx.tx, { id, terms: normalised, now: ctx.now });
  await recordAuditEvent(ctx, { action: 'knowledge.synonyms-saved', targetType: 'knowledge-synonym-set', targetId: id, data: { id, terms: normalised, version: 1 } });
  forgetSynonyms();
  return (await findSynonymSet(ctx.tx, id))!;
}

export async function updateSynonymSet(ctx: CommandContext, id: string, expectedVersion: number, terms: readonly string[]): Promise<SynonymSetRow> {
  assertAllowed(ctx.actor, 'knowledge:admin');
  const current = await findSynonymSetOrThrow(ctx, id);
  if (current.version !== expectedVersion) throw staleProblem(current, expectedVersion);
  const normalised = normaliseSynonymTerms(terms);
  if (JSON.stringify(normalised) === JSON.stringify(current.terms)) return current;
  if (!(await updateSynonymSetIfVersion(ctx.tx, id, expectedVersion, normalised, ctx.now))) throw staleProblem(current, expectedVersion);
  await recordAuditEvent(ctx, {
    action: 'knowledge.synonyms-saved',
    targetType: 'knowledge-synonym-set',
    targetId: id,
    changes: [{ field: 'terms', before: current.terms, after: normalised }],
    data: { id, terms: normalised, version: current.version + 1 },
  });
  forgetSynonyms();
  return (await findSynonymSet(ctx.tx, id))!;
}

export async function deleteSynonymSet(ctx: CommandContext, id: string, expectedVersion: number): Promise<void> {
  assertAllowed(ctx.actor, 'knowledge:admin');
  const current = await findSynonymSetOrThrow(ctx, id);
  if (current.version !== expectedVersion || !(await deleteSynonymSetIfVersion(ctx.tx, id, expectedVersion))) throw staleProblem(current, expectedVersion);
  await recordAuditEvent(ctx, { action: 'knowledge.synonyms-deleted', targetType: 'knowledge-synonym-set', targetId: id, data: { id, terms: current.terms, version: current.version } });
  forgetSynonyms();
}
