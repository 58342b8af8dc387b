import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../../platform/db/database.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { SERVER_PACKAGE_DIR } from '../../../platform/package-dir.ts';
import { registerProcessCache } from '../../../platform/process-caches.ts';
import { insertAuditEvent } from '../../audit/index.ts';
import { readArtifact, trainClassifier } from '../model/index.ts';
import type { LabelledRow, TextClassifier } from '../model/types.ts';
import { readLabelledFile, rowsFor, SHIPPED_TRAIN_FILE } from './labelled-file.ts';
import { activateModel, findActiveVersions, findArtifact, type InstalledModel, listInstalledModels, type ModelMetrics } from './store.ts';

// Which classifier answers for a label: the bank's installed model (assist.model) when there is
// an active one, else the shipped model, trained from assist-data/train.jsonl at first use.

/** Another process's install is seen within this long; a prefill never waits on more than one cheap query. */
const VERSION_TTL_MS = 2_000;

// ── Shipped models ──────────────────────────────────────────────────────────────────────────
// Trained once per process (and kept across test databases: they depend on the file, not on a
// database). Training is deterministic, so the artifact is also kept in the system's temporary
// directory, keyed by the data and the trainer's code: the next process reads it in milliseconds.

let shippedRows: LabelledRow[] | undefined;
const shipped = new Map<string, TextClassifier | null>();

function shippedTrainingRows(): LabelledRow[] {
  shippedRows ??= readLabelledFile(SHIPPED_TRAIN_FILE);
  return shippedRows;
}

let trainerFingerprint: string | undefined;

/**
 * A hash of the shipped data and of the model code, so a changed trainer never reads an old file.
 * The code is the TypeScript source wherever it is present (a checkout), from src or from dist
 * alike: the tests' global setup trains once and the built Docket processes they start read the
 * same files instead of each training again.
 */
function fingerprint(): string {
  if (trainerFingerprint) return trainerFingerprint;
  const hash = createHash('sha256').update(readFileSync(SHIPPED_TRAIN_FILE));
  const sourceDir = path.join(SERVER_PACKAGE_DIR, 'src/modules/assist/model');
  const modelDir = existsSync(sourceDir) ? sourceDir : path.join(path.dirname(fileURLToPath(import.meta.url)), '../model');
  for (const file of readdirSync(modelDir).sort()) {
    if (/\.(ts|js)$/.test(file) && !file.includes('.test.')) hash.update(file).update(readFileSync(path.join(modelDir, file)));
  }
  trainerFingerprint = hash.digest('hex').slice(0, 16);
  return trainerFingerprint;
}

const cacheDir = () => path.join(os.tmpdir(), 'docket-assist-models');

const cachedFile = (label: string) => path.join(cacheDir(), `${label}-${fingerprint()}.model`);

function readCachedArtifact(label: string): TextClassifier | undefined {
  try {
    return readArtifact(readFileSync(cachedFile(label)));
  } catch {
    return undefined;
  }
}

function writeCachedArtifact(label: string, classifier: TextClassifier): void {
  try {
    mkdirSync(cacheDir(), { recursive: true });
    const file = cachedFile(label);
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, classifier.toArtifact());
    renameSync(partial, file);
  } catch {
    // A read-only temporary directory only costs the next process a training.
  }
}

/** The labels the shipped data set teaches (caseType, category, product, topic, rule, riskLevel, urgency, emotion). */
export function shippedLabels(): string[] {
  const labels = new Set<string>();
  for (const row of shippedTrainingRows()) for (const label of Object.keys(row.labels)) labels.add(label);
  return [...labels].sort();
}

/** The shipped model for a label, or undefined when the shipped data does not teach it. */
export function shippedClassifier(label: string): TextClassifier | undefined {
  const known = shipped.get(label);
  if (known !== undefined) return known ?? undefined;
  const rows = rowsFor(shippedTrainingRows(), label);
  let classifier: TextClassifier | null = null;
  if (new Set(rows.map((r) => r.label)).size >= 2) {
    classifier = readCachedArtifact(label) ?? null;
    if (!classifier) {
      classifier = trainClassifier(label, rows);
      writeCachedArtifact(label, classifier);
    }
  }
  shipped.set(label, classifier);
  return classifier ?? undefined;
}

/**
 * The shipped labels whose model is in neither this process nor the cache directory: what the
 * first prefill would otherwise train while the agent waits (about ten CPU-seconds for all of them).
 */
export function untrainedShippedLabels(): string[] {
  return shippedLabels().filter((label) => !shipped.has(label) && rowsFor(shippedTrainingRows(), label).length > 0 && !existsSync(cachedFile(label)));
}

/**
 * Claims the training of the shipped models for this machine: false while another process holds
 * the claim (started less than ten minutes ago), so processes starting together (a cluster, a
 * test starting three) do not all train the same models; the others read the files once written.
 */
export function claimShippedTraining(): { release: () => void } | undefined {
  const lock = path.join(cacheDir(), `training-${fingerprint()}.lock`);
  try {
    mkdirSync(cacheDir(), { recursive: true });
    if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs < 10 * 60_000) return undefined;
    writeFileSync(lock, String(process.pid));
  } catch {
    return { release: () => {} };
  }
  return { release: () => rmSync(lock, { force: true }) };
}

/** Trains (or reads) every shipped model, so the next process finds them in the cache directory. Synchronous: run it off the event loop (warm-shipped-models.ts). */
export function trainShippedModels(): string[] {
  const labels = shippedLabels();
  for (const label of labels) shippedClassifier(label);
  return labels;
}

// ── Installed models ────────────────────────────────────────────────────────────────────────

const installed = new Map<string, TextClassifier>(); // by version
let activeVersions = new Map<string, string>(); // label → version
let versionsReadAt = Number.NEGATIVE_INFINITY;
let versionsRead: Promise<Map<string, string>> | undefined;

registerProcessCache(() => {
  installed.clear();
  activeVersions = new Map();
  versionsReadAt = Number.NEGATIVE_INFINITY;
  versionsRead = undefined;
});

async function currentVersions(db: Db): Promise<Map<string, string>> {
  if (Date.now() - versionsReadAt < VERSION_TTL_MS) return activeVersions;
  // Concurrent prefills share one query.
  versionsRead ??= findActiveVersions(db).then(
    (versions) => {
      activeVersions = versions;
      versionsReadAt = Date.now();
      versionsRead = undefined;
      return versions;
    },
    (error: unknown) => {
      versionsRead = undefined;
      throw error;
    },
  );
  return versionsRead;
}

/** The classifier for `label`: the active installed model if any, else the shipped one, else undefined. */
export async function classifierFor(db: Db, label: string): Promise<TextClassifier | undefined> {
  const version = (await currentVersions(db)).get(label);
  if (version) {
    const cached = installed.get(version);
    if (cached) return cached;
    const artifact = await findArtifact(db, version);
    if (artifact) {
      const classifier = readArtifact(artifact);
      installed.set(version, classifier);
      return classifier;
    }
  }
  return shippedClassifier(label);
}

/** Who installs a model: the operator's command line (no principal) or a signed-in administrator. */
export interface Installer {
  actorId: string | null;
  /** Kept in assist.model.installed_by and the audit event: 'operator-cli' or the user's name. */
  name: string;
  channel: string;
  requestId?: string;
}

/**
 * Installs `classifier` as the active model for its label (the previous one is kept, inactive)
 * and audits assist.model-installed with the version, classes and figures — never training text.
 */
export async function installModel(db: Db, input: { classifier: TextClassifier; metrics: ModelMetrics; installedBy: Installer; now?: Date }): Promise<InstalledModel> {
  const { classifier, metrics, installedBy } = input;
  const now = input.now ?? new Date();
  const artifact = classifier.toArtifact();
  const result = await db.transaction().execute(async (tx) => {
    const activated = await activateModel(tx, {
      id: newId(),
      label: classifier.label,
      version: classifier.version,
      algorithm: classifier.algorithm,
      classes: classifier.classes,
      metrics,
      artifact,
      installedBy: installedBy.name,
      installedAt: now,
    });
    await insertAuditEvent(tx, {
      occurredAt: now,
      actorId: installedBy.actorId,
      actorName: installedBy.name,
      action: 'assist.model-installed',
      targetType: 'assist-model',
      targetId: activated.id,
      channel: installedBy.channel,
      requestId: installedBy.requestId,
      data: { label: classifier.label, version: classifier.version, algorithm: classifier.algorithm, classes: [...classifier.classes], reinstalled: activated.reinstalled, ...metrics },
    });
    return activated;
  });
  // This process sees its own install at once; the others within VERSION_TTL_MS.
  installed.set(classifier.version, classifier);
  activeVersions = new Map(activeVersions).set(classifier.label, classifier.version);
  return {
    id: result.id,
    label: classifier.label,
    version: classifier.version,
    algorithm: classifier.algorithm,
    classes: [...classifier.classes],
    metrics,
    active: true,
    installedBy: installedBy.name,
    installedAt: now,
  };
}

/** Installed models, every label, newest first within a label; the artifact is not read. */
export function listModels(db: Db): Promise<InstalledModel[]> {
  return listInstalledModels(db);
}
