import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { CommandContext } from '../../../platform/commands/index.ts';
import { assertAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { type DeployedProcess, emptyEngineChanges } from '../engine/contract.ts';
import type { ModelProblem, ProcessGraph } from '../graph.ts';
import { processProblems } from '../problems.ts';
import { findDeployedKeys, findLatestDefinitionSummary, findStartEventsOfOtherVersions, insertDefinitions, insertDeployment, lockProcessKey } from '../store/definitions-store.ts';
import { PgProcessStore } from '../store/pg-process-store.ts';
import { compileBpmnFile } from './bpmn-compiler.ts';
import { startEventsOf } from './start-events.ts';

export interface DeployedVersion {
  key: string;
  version: number;
  id: string;
  /** True when the file's process equals the latest deployed version: that version is answered, nothing new is made. */
  duplicate: boolean;
}

export interface DeployResult {
  /** False when every process of the file was a duplicate (the answer is then 200, not 201). */
  created: boolean;
  deploymentId: string | null;
  processes: DeployedVersion[];
  warnings: ModelProblem[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const problemList = (problems: ModelProblem[]) => ({
  problems,
  errors: problems.map((p) => ({ field: p.elementId ?? '(file)', reason: p.message, code: p.code })),
});

/** Call activities naming a static key that is neither in the file nor deployed. */
async function findMissingCalledProcesses(ctx: CommandContext, graphs: ProcessGraph[]): Promise<ModelProblem[]> {
  const inFile = new Set(graphs.map((g) => g.key));
  const calls: { key: string; elementId: string }[] = [];
  for (const graph of graphs) {
    for (const element of Object.values(graph.elements)) {
      const key = element.callActivity?.processKey.static;
      if (key && !inFile.has(key)) calls.push({ key, elementId: element.id });
    }
  }
  const deployed = await findDeployedKeys(ctx.tx, [...new Set(calls.map((c) => c.key))]);
  return calls
    .filter((c) => !deployed.has(c.key))
    .map((c) => ({ elementId: c.elementId, code: 'missing-called-process', message: `calls process ${c.key}, which is neither in this file nor deployed` }));
}

/**
 * Deploys every executable process of a BPMN file as a new version of its key. Refused whole
 * (nothing written) when the file is not BPMN (400) or any process cannot run (422 listing every
 * problem with its element id). A process whose compiled graph equals its key's latest version
 * is a duplicate: the latest version is answered and nothing is made, so deploying the same file
 * twice is harmless. A new latest version takes over the start events: its timer start events
 * get jobs and its message and signal start events subscriptions; those of older versions go.
 */
export async function deployProcesses(ctx: CommandContext, xml: string): Promise<DeployResult> {
  assertAllowed(ctx.actor, 'process:deploy');
  let compiled: Awaited<ReturnType<typeof compileBpmnFile>>;
  try {
    compiled = await compileBpmnFile(xml);
  } catch (error) {
    // Whatever the reader chokes on is bad input, never a server error.
    throw processProblems.notBpmn({ detail: `The file cannot be read as BPMN: ${(error as Error).message}` });
  }
  const notBpmn = compiled.problems.filter((p) => p.code === 'not-bpmn');
  if (notBpmn.length > 0) throw processProblems.notBpmn({ detail: notBpmn.map((p) => p.message).join('; '), ...problemList(notBpmn) });
  const problems = [...compiled.problems, ...(await findMissingCalledProcesses(ctx, compiled.processes))];
  if (compiled.processes.length === 0 && problems.length === 0) problems.push({ elementId: null, code: 'no-executable-process', message: 'the file has no executable process' });
  if (problems.length > 0)
    throw processProblems.definitionInvalid({
      detail: `${problems.length} problem(s): ${problems.map((p) => `${p.elementId ?? 'file'}: ${p.message}`).join('; ')}`.slice(0, 2000),
      ...problemList(problems),
    });

  const deploymentId = uuidv7();
  const fresh: DeployedProcess[] = [];
  const versions: DeployedVersion[] = [];
  const freshRows: Parameters<typeof insertDefinitions>[1] = [];
  for (const graph of [...compiled.processes].sort((a, b) => a.key.localeCompare(b.key))) {
    await lockProcessKey(ctx.tx, graph.key);
    const checksum = sha256(JSON.stringify(graph));
    const latest = await findLatestDefinitionSummary(ctx.tx, graph.key);
    if (latest && latest.graphChecksum === checksum) {
      versions.push({ key: graph.key, version: latest.version, id: latest.id, duplicate: true });
      continue;
    }
    const definition: DeployedProcess = { id: uuidv7(), key: graph.key, version: (latest?.version ?? 0) + 1, deploymentId, graph };
    const warnings = compiled.warnings.filter((w) => w.elementId === null || w.elementId === graph.key || w.elementId in graph.elements || w.elementId in graph.flows);
    fresh.push(definition);
    freshRows.push({ ...definition, name: graph.name, graphChecksum: checksum, warnings, deployedAt: ctx.now });
    versions.push({ key: graph.key, version: definition.version, id: definition.id, duplicate: false });
  }

  if (fresh.length > 0) {
    await insertDeployment(ctx.tx, { id: deploymentId, xml, checksum: sha256(xml), deployedBy: ctx.actor.userId, deployedByName: ctx.actor.username, deployedAt: ctx.now });
    await insertDefinitions(ctx.tx, freshRows);
    await moveStartEvents(ctx, fresh);
  }
  const result: DeployResult = { created: fresh.length > 0, deploymentId: fresh.length > 0 ? deploymentId : null, processes: versions, warnings: compiled.warnings };
  await recordAuditEvent(ctx, {
    action: 'process.deployed',
    targetType: 'process-deployment',
    targetId: result.deploymentId ?? versions[0]!.id,
    data: { processes: versions, xmlChecksum: sha256(xml), warnings: compiled.warnings.length },
  });
  return result;
}

/** The new versions' start jobs and subscriptions in, the older versions' out, through the store (it schedules and cancels platform jobs). */
async function moveStartEvents(ctx: CommandContext, fresh: DeployedProcess[]): Promise<void> {
  const changes = emptyEngineChanges();
  for (const definition of fresh) {
    const starts = startEventsOf(definition, ctx.now, () => uuidv7());
    const previous = await findStartEventsOfOtherVersions(ctx.tx, definition.key, definition.id);
    changes.jobsCreated.push(...starts.jobs);
    changes.subscriptionsCreated.push(...starts.subscriptions);
    changes.jobsDeleted.push(...previous.jobs);
    changes.subscriptionsDeleted.push(...previous.subscriptions);
  }
  await new PgProcessStore(ctx.tx, ctx.now).save(changes);
}
