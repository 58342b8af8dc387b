import type { CommandContext } from '../../platform/commands/index.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { FeelSyntaxError } from '../../platform/feel/index.ts';
import { newId } from '../../platform/ids/ids.ts';
import { assertAllowed } from '../access/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
import { isDecision } from './dmn-elements.ts';
import { decisionModelOf, evaluateDecision, findDecision, outcomeAsJson, type DecisionModel } from './evaluate-decision.ts';
import { DecisionEvaluationError } from './evaluation-error.ts';
import { decisionProblems } from './problems.ts';
import { DmnNotReadableError, readDmn } from './read-dmn.ts';
import {
  findDecisionVersion,
  findDeploymentXml,
  insertDecisionVersions,
  insertDeployment,
  latestVersionsForUpdate,
  listDecisionVersions,
  listLatestDecisions,
  type DecisionVersionRow,
} from './store.ts';
import { findDmnProblems } from './validate-dmn.ts';
import { registerProcessCache } from '../../platform/process-caches.ts';

export interface DeployedDecision {
  key: string;
  version: number;
  id: string;
  name: string;
}

export interface DecisionEvaluation {
  /** The decision's value as DMN defines it: a value, a context (several outputs) or a list (multiple hits). */
  result: unknown;
  /** One entry per rule in matchedRules (output name → value); one entry for other decision logic. */
  resultList: Array<Record<string, unknown>>;
  /** Ids of the rules that make up the result, for audit and explanation. */
  matchedRules: string[];
}

/** A deployment's XML never changes, so its compiled model is kept (bounded, oldest out first). */
const modelsByDeployment = new Map<string, DecisionModel>();
const CACHED_MODELS = 256;

async function modelOf(tx: Db | Tx, deploymentId: string): Promise<DecisionModel | undefined> {
  const cached = modelsByDeployment.get(deploymentId);
  if (cached) return cached;
  const xml = await findDeploymentXml(tx, deploymentId);
  if (xml === undefined) return undefined;
  const model = decisionModelOf((await readDmn(xml)).definitions);
  if (modelsByDeployment.size >= CACHED_MODELS) modelsByDeployment.delete(modelsByDeployment.keys().next().value!);
  modelsByDeployment.set(deploymentId, model);
  return model;
}

/**
 * Which version is latest is asked on every business-rule task, so it is kept for two seconds
 * (as case types are): a deployment on this server forgets it at once, other servers see a new
 * version within that time. A given version never changes and is kept as long as there is room.
 */
const LATEST_FOR_MS = 2_000;
const latestByKey = new Map<string, { row: DecisionVersionRow; until: number }>();
const rowsByVersion = new Map<string, DecisionVersionRow>();
registerProcessCache(() => {
  modelsByDeployment.clear();
  latestByKey.clear();
  rowsByVersion.clear();
});

async function findDecisionVersionCached(tx: Db | Tx, key: string, version?: number): Promise<DecisionVersionRow | undefined> {
  const now = performance.now();
  if (version === undefined) {
    const cached = latestByKey.get(key);
    if (cached && cached.until > now) return cached.row;
  } else {
    const cached = rowsByVersion.get(`${key}@${version}`);
    if (cached) return cached;
  }
  const row = await findDecisionVersion(tx, key, version);
  if (!row) return undefined;
  if (latestByKey.size >= CACHED_MODELS * 4) latestByKey.clear();
  if (rowsByVersion.size >= CACHED_MODELS * 4) rowsByVersion.clear();
  if (version === undefined) latestByKey.set(key, { row, until: now + LATEST_FOR_MS });
  rowsByVersion.set(`${key}@${row.version}`, row);
  return row;
}

/** Reads and checks a model; every problem at once, so the designer fixes them in one round. */
async function deployableModel(xml: string) {
  let read: Awaited<ReturnType<typeof readDmn>>;
  try {
    read = await readDmn(xml);
  } catch (error) {
    if (error instanceof DmnNotReadableError) throw decisionProblems.notDmn({ detail: error.reason });
    throw error;
  }
  const problems = findDmnProblems(read.definitions, read.warnings);
  if (problems.length > 0) {
    throw decisionProblems.invalidModel({
      detail: problems.map((p) => (p.elementId ? `${p.elementId}: ${p.problem}` : p.problem)).join('; '),
      problems,
    });
  }
  return read.definitions;
}

/** Deploys a new version of every decision in the file; the file is kept whole for its requirement graph. */
export async function deployDecisions(ctx: CommandContext, xml: string): Promise<DeployedDecision[]> {
  assertAllowed(ctx.actor, 'decision:deploy');
  const definitions = await deployableModel(xml);
  const decisions = (definitions.drgElement ?? []).filter(isDecision).filter((decision) => decision.id);
  const deploymentId = newId<string>();
  await insertDeployment(ctx.tx, { id: deploymentId, xml, definitionsName: definitions.name ?? null, deployedBy: ctx.actor.userId, now: ctx.now });
  const latest = await latestVersionsForUpdate(
    ctx.tx,
    decisions.map((decision) => decision.id!),
  );
  const rows: DecisionVersionRow[] = decisions.map((decision) => ({
    id: newId<string>(),
    key: decision.id!,
    version: (latest.get(decision.id!) ?? 0) + 1,
    name: decision.name,
    deploymentId,
    deployedAt: ctx.now,
  }));
  await insertDecisionVersions(ctx.tx, rows);
  for (const row of rows) latestByKey.delete(row.key);
  for (const row of rows) {
    await recordAuditEvent(ctx, { action: 'decision.deployed', targetType: 'decision', targetId: row.key, data: { version: row.version, name: row.name, deploymentId } });
  }
  return rows.map((row) => ({ key: row.key, version: row.version, id: row.id, name: row.name }));
}

export async function listDecisions(ctx: CommandContext): Promise<DecisionVersionRow[]> {
  assertAllowed(ctx.actor, 'decision:read');
  return listLatestDecisions(ctx.tx);
}

export async function findDecisionWithVersions(ctx: CommandContext, key: string): Promise<{ latest: DecisionVersionRow; versions: DecisionVersionRow[]; xml: string }> {
  assertAllowed(ctx.actor, 'decision:read');
  const versions = await listDecisionVersions(ctx.tx, key);
  const latest = versions[0];
  if (!latest) throw decisionProblems.notFound({ detail: `No decision ${key}`, key });
  return { latest, versions, xml: (await findDeploymentXml(ctx.tx, latest.deploymentId)) ?? '' };
}

/**
 * Evaluates a deployed decision (latest version unless one is given) for the process engine's
 * business-rule tasks and the API. `decisionId` picks another decision of the same deployment
 * (by id or name), e.g. a sub-decision of the requirement graph. Refused with a 404 problem when
 * there is no such decision and a 422 problem when DMN gives no value (the reason says why).
 */
export async function evaluateDeployedDecision(
  tx: Db | Tx,
  key: string,
  variables: Record<string, unknown>,
  options: { decisionId?: string; version?: number } = {},
): Promise<DecisionEvaluation & { version: number }> {
  let row = await findDecisionVersionCached(tx, key, options.version);
  if (!row) throw decisionProblems.notFound({ detail: `No decision ${key}${options.version ? ` version ${options.version}` : ''}`, key });
  let model = await modelOf(tx, row.deploymentId);
  if (model === undefined) {
    // The cached row came from a transaction that rolled back: ask the database again.
    latestByKey.delete(key);
    rowsByVersion.delete(`${key}@${row.version}`);
    row = await findDecisionVersion(tx, key, options.version);
    if (!row) throw decisionProblems.notFound({ detail: `No decision ${key}${options.version ? ` version ${options.version}` : ''}`, key });
    model = await modelOf(tx, row.deploymentId);
    if (model === undefined) throw new Error(`Decision deployment ${row.deploymentId} is missing`);
  }
  const target = options.decisionId ?? key;
  if (!findDecision(model, target)) throw decisionProblems.notFound({ detail: `Decision ${key} version ${row.version} has no decision ${target} beside it`, key, decisionId: target });
  return { ...evaluateModel(model, target, variables, { key, version: row.version }), version: row.version };
}

/** One evaluation of a compiled model, its failures as 422 problems naming the element when DMN says which. */
function evaluateModel(model: DecisionModel, target: string, variables: Record<string, unknown>, about: { key: string; version: number | null }): DecisionEvaluation {
  try {
    const outcome = outcomeAsJson(evaluateDecision(model, target, variables));
    return { result: outcome.value, resultList: outcome.resultList, matchedRules: outcome.matchedRules };
  } catch (error) {
    if (error instanceof DecisionEvaluationError || error instanceof FeelSyntaxError) {
      throw decisionProblems.evaluationFailed({
        detail: error.message,
        ...about,
        ...(error instanceof DecisionEvaluationError && error.elementId ? { elementId: error.elementId } : {}),
      });
    }
    // Evaluation is pure (no I/O): anything else thrown comes from these variables meeting this
    // model (a function recursing without end, a FEEL library failure), not from the server.
    throw decisionProblems.evaluationFailed({ detail: `The evaluation failed: ${(error as Error).message}`, ...about });
  }
}

/**
 * The decision designer's "evaluate with sample inputs" on a model not deployed yet: checked as a
 * deployment would be (422 with every problem), evaluated, nothing stored. For whoever may deploy
 * decisions, since the model is theirs to try. Not audited: nothing changes and no deployed
 * decision is used (the variables, possibly personal data, are never recorded either way).
 */
export async function evaluateDraftDecision(ctx: CommandContext, input: { xml: string; decisionKey: string; variables: Record<string, unknown> }): Promise<DecisionEvaluation> {
  assertAllowed(ctx.actor, 'decision:deploy');
  const model = decisionModelOf(await deployableModel(input.xml));
  if (!findDecision(model, input.decisionKey)) throw decisionProblems.notFound({ detail: `The model has no decision ${input.decisionKey}`, key: input.decisionKey });
  return evaluateModel(model, input.decisionKey, input.variables, { key: input.decisionKey, version: null });
}

/** The API's evaluation: permission, then one audit event naming the rules that matched (never the variables: they may be personal data). */
export async function evaluateDecisionCommand(ctx: CommandContext, key: string, input: { decisionId?: string; version?: number; variables: Record<string, unknown> }): Promise<DecisionEvaluation> {
  assertAllowed(ctx.actor, 'decision:evaluate');
  const evaluation = await evaluateDeployedDecision(ctx.tx, key, input.variables, { decisionId: input.decisionId, version: input.version });
  await recordAuditEvent(ctx, {
    action: 'decision.evaluated',
    targetType: 'decision',
    targetId: key,
    data: { version: evaluation.version, ...(input.decisionId ? { decisionId: input.decisionId } : {}), matchedRules: evaluation.matchedRules },
  });
  return { result: evaluation.result, resultList: evaluation.resultList, matchedRules: evaluation.matchedRules };
}
