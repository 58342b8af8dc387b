import { sql } from 'kysely';
import type { Db as Executor, Tx } from '../../../platform/db/database.ts';
import type { ModelProblem, ProcessGraph } from '../graph.ts';
import type { JobRecord, SubscriptionRecord } from '../engine/contract.ts';
import { toJobRecord, toSubscriptionRecord } from './records.ts';
import { registerProcessCache } from '../../../platform/process-caches.ts';

export interface DefinitionSummary {
  id: string;
  key: string;
  version: number;
  name: string | null;
  deploymentId: string;
  deployedAt: Date;
  warnings: ModelProblem[];
  graphChecksum: string;
}

const SUMMARY_COLUMNS = ['id', 'key', 'version', 'name', 'deployment_id', 'deployed_at', 'warnings', 'graph_checksum'] as const;

function toSummary(row: { id: string; key: string; version: number; name: string | null; deployment_id: string; deployed_at: Date; warnings: unknown; graph_checksum: string }): DefinitionSummary {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    name: row.name,
    deploymentId: row.deployment_id,
    deployedAt: row.deployed_at,
    warnings: (row.warnings as ModelProblem[]) ?? [],
    graphChecksum: row.graph_checksum,
  };
}

/** Serialises deployments of one key: the next version number is read, then written. */
export async function lockProcessKey(tx: Tx, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`process.definition:${key}`}))`.execute(tx);
}

export async function findLatestDefinitionSummary(db: Executor, key: string): Promise<DefinitionSummary | undefined> {
  const row = await db.selectFrom('process.definition').select(SUMMARY_COLUMNS).where('key', '=', key).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row && toSummary(row);
}

/**
 * Which version of a key is latest is asked by every start, so it is kept for two seconds (as the
 * decisions module does): a deployment on this server forgets it at once and keeps it from being
 * remembered until the deployment has surely committed; other servers see a new version within
 * that time. Absence is not remembered.
 */
const LATEST_FOR_MS = 2_000;
const LATEST_CACHE_LIMIT = 1_000;
const latestIdByKey = new Map<string, { id: string; until: number }>();
const deployedAtByKey = new Map<string, number>();
registerProcessCache(() => {
  latestIdByKey.clear();
  deployedAtByKey.clear();
});

export async function findLatestDefinitionId(db: Executor, key: string): Promise<string | undefined> {
  const now = performance.now();
  const cached = latestIdByKey.get(key);
  if (cached && cached.until > now) return cached.id;
  const row = await db.selectFrom('process.definition').select('id').where('key', '=', key).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  const deployedAt = deployedAtByKey.get(key);
  if (deployedAt === undefined || deployedAt + LATEST_FOR_MS <= now) {
    if (latestIdByKey.size >= LATEST_CACHE_LIMIT) latestIdByKey.clear();
    latestIdByKey.set(key, { id: row.id, until: now + LATEST_FOR_MS });
  }
  return row.id;
}

/** After a deployment of the key here, or when the remembered id names no definition (its deployment rolled back). */
export function forgetLatestDefinition(key: string): void {
  latestIdByKey.delete(key);
}

function forgetDeployedKey(key: string): void {
  latestIdByKey.delete(key);
  if (deployedAtByKey.size >= LATEST_CACHE_LIMIT) deployedAtByKey.clear();
  deployedAtByKey.set(key, performance.now());
}

export async function insertDeployment(tx: Tx, deployment: { id: string; xml: string; checksum: string; deployedBy: string; deployedByName: string; deployedAt: Date }): Promise<void> {
  await tx
    .insertInto('process.deployment')
    .values({
      id: deployment.id,
      xml: deployment.xml,
      checksum: deployment.checksum,
      deployed_by: deployment.deployedBy,
      deployed_by_name: deployment.deployedByName,
      deployed_at: deployment.deployedAt,
    })
    .execute();
}

export async function insertDefinitions(
  tx: Tx,
  definitions: { id: string; key: string; version: number; name: string | null; graph: ProcessGraph; graphChecksum: string; deploymentId: string; warnings: ModelProblem[]; deployedAt: Date }[],
): Promise<void> {
  if (definitions.length === 0) return;
  for (const d of definitions) forgetDeployedKey(d.key);
  await tx
    .insertInto('process.definition')
    .values(
      definitions.map((d) => ({
        id: d.id,
        key: d.key,
        version: d.version,
        name: d.name,
        graph: JSON.stringify(d.graph),
        graph_checksum: d.graphChecksum,
        deployment_id: d.deploymentId,
        warnings: JSON.stringify(d.warnings),
        deployed_at: d.deployedAt,
      })),
    )
    .execute();
}

/** Which of these keys have a deployed version (a call activity may name one outside the file). */
export async function findDeployedKeys(db: Executor, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom('process.definition').select('key').distinct().where('key', 'in', keys).execute();
  return new Set(rows.map((r) => r.key));
}

/** Timer start jobs and message/signal start subscriptions of every version of a key but one. */
export async function findStartEventsOfOtherVersions(tx: Tx, key: string, keepDefinitionId: string): Promise<{ jobs: JobRecord[]; subscriptions: SubscriptionRecord[] }> {
  const others = tx.selectFrom('process.definition').select('id').where('key', '=', key).where('id', '<>', keepDefinitionId);
  const [jobs, subscriptions] = await Promise.all([
    tx.selectFrom('process.job').selectAll().where('instance_id', 'is', null).where('definition_id', 'in', others).execute(),
    tx.selectFrom('process.subscription').selectAll().where('instance_id', 'is', null).where('definition_id', 'in', others).execute(),
  ]);
  return { jobs: jobs.map(toJobRecord), subscriptions: subscriptions.map(toSubscriptionRecord) };
}

/** The latest version of every key, with how many versions it has, by key. */
export async function listLatestDefinitions(db: Executor): Promise<(DefinitionSummary & { versionCount: number })[]> {
  const result = await sql<{
    id: string;
    key: string;
    version: number;
    name: string | null;
    deployment_id: string;
    deployed_at: Date;
    warnings: unknown;
    graph_checksum: string;
    version_count: number;
  }>`
    SELECT DISTINCT ON (key) id, key, version, name, deployment_id, deployed_at, warnings, graph_checksum, count(*) OVER (PARTITION BY key)::int AS version_count
    FROM process.definition ORDER BY key, version DESC`.execute(db);
  return result.rows.map((row) => ({ ...toSummary(row), versionCount: row.version_count }));
}

export async function listDefinitionVersions(db: Executor, key: string): Promise<DefinitionSummary[]> {
  const rows = await db.selectFrom('process.definition').select(SUMMARY_COLUMNS).where('key', '=', key).orderBy('version', 'desc').execute();
  return rows.map(toSummary);
}

export async function findDeploymentXml(db: Executor, deploymentId: string): Promise<string | undefined> {
  const row = await db.selectFrom('process.deployment').select('xml').where('id', '=', deploymentId).executeTakeFirst();
  return row?.xml;
}
