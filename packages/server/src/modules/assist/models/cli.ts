import { readFileSync, writeFileSync } from 'node:fs';
import type { Db } from '../../../platform/db/database.ts';
import { extractEntities } from '../entities/index.ts';
import { evaluate, formatEvaluation, readArtifact, trainClassifier } from '../model/index.ts';
import type { LabelledRow, TextClassifier } from '../model/types.ts';
import { evaluateEntities, formatEntityEvaluation } from './entity-evaluation.ts';
import { LabelledFileError, readLabelledFile, rowsFor } from './labelled-file.ts';
import { classifierFor, installModel } from './registry.ts';
import { findClosedCases, type ModelMetrics } from './store.ts';

// `docket assist train|eval`: a bank trains on its own labelled history and measures a model on
// rows it was not trained on. Exit codes as sysexits.h: 64 usage, 65 bad data, 66 missing input.

export const ASSIST_USAGE = `Usage: docket assist <command>
  train --data <file.jsonl> --label <name> [--out <model file>]
                                 train a classifier for one label on {"text", "labels": {…}} lines; with --out
                                 write the model file (no database), without it install the model for that label
  train --from-cases <caseType> --label <field> [--out <model file>]
                                 the same from the bank's own closed cases of that type: their title and text
                                 fields, labelled by the field of that name (urgency: the case's priority)
  eval --data <file.jsonl> --label <name> [--model <model file>]
                                 accuracy, macro-F1 and a confusion table of a model on labelled rows (without
                                 --model: the installed model, else the shipped one); --label entities measures
                                 entity extraction (precision, recall, F1 per kind); ends with "N passed, M failed"`;

export const EXIT = { ok: 0, failed: 1, usage: 64, data: 65, noInput: 66 } as const;

export interface AssistCliIo {
  /** Opens the configured database (embedded by default), migrated, for the length of fn. */
  withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  out(text: string): void;
  err(text: string): void;
}

const LABEL_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;
const VALUE_FLAGS = new Set(['--data', '--label', '--out', '--model', '--from-cases', '--seed']);
const MAX_CASES = 200_000;

class UsageError extends Error {}

function parseFlags(args: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!VALUE_FLAGS.has(name)) throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    const value = inline ?? args[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
    if (flags.has(name)) throw new UsageError(`${name} given twice`);
    flags.set(name, value);
  }
  return flags;
}

const percent = (x: number) => `${(x * 100).toFixed(2)} %`;

/** Runs `docket assist …`; returns the exit code. */
export async function runAssistCommand(args: readonly string[], io: AssistCliIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command !== 'train' && command !== 'eval') throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : 'a command is needed');
    const flags = parseFlags(rest);
    const label = flags.get('--label');
    if (!label) throw new UsageError('--label is needed');
    if (!LABEL_PATTERN.test(label)) throw new UsageError('--label must be a letter followed by up to 62 letters, digits, _ . or -');
    if (command === 'train') return await train(flags, label, io);
    return await evaluateCommand(flags, label, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`docket assist: ${error.message}\n${ASSIST_USAGE}\n`);
      return EXIT.usage;
    }
    if (error instanceof LabelledFileError) {
      io.err(`docket assist: ${error.message}\n`);
      return error.kind === 'missing' ? EXIT.noInput : EXIT.data;
    }
    throw error;
  }
}

async function train(flags: Map<string, string>, label: string, io: AssistCliIo): Promise<number> {
  const data = flags.get('--data');
  const fromCases = flags.get('--from-cases');
  const out = flags.get('--out');
  if (flags.has('--model')) throw new UsageError('--model is for eval; train writes a model with --out');
  if (!data === !fromCases) throw new UsageError('train needs either --data <file.jsonl> or --from-cases <caseType>');
  const seed = flags.has('--seed') ? Number(flags.get('--seed')) : undefined;
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new UsageError('--seed must be an integer');

  const rows = data ? rowsFor(readLabelledFile(data), label) : await io.withDatabase((db) => casesAsRows(db, fromCases as string, label));
  const source = data ?? `closed ${fromCases} cases`;
  const classes = new Set(rows.map((r) => r.label));
  if (rows.length === 0) {
    io.err(`docket assist: no row of ${source} has the label ${label}\n`);
    return EXIT.data;
  }
  if (classes.size < 2) {
    io.err(`docket assist: ${source} has only one value of ${label} (${[...classes][0]}): a classifier needs at least two\n`);
    return EXIT.data;
  }
  io.out(`training ${label} on ${rows.length} rows of ${source}, ${classes.size} classes\n`);
  const options = { ...(seed === undefined ? {} : { seed }), onProgress: (message: string) => io.err(`  ${message}\n`) };

  // An honest figure to install with: a fifth of the rows held out, a model trained on the rest.
  const metrics: ModelMetrics = { rows: rows.length, trainedSeconds: 0, source: data ? 'file' : 'cases', ...(fromCases ? { caseType: fromCases } : {}) };
  if (rows.length >= 50 && rows.length <= 20_000) {
    const heldOut = rows.filter((_, i) => i % 5 === 4);
    const trainedOn = rows.filter((_, i) => i % 5 !== 4);
    if (new Set(trainedOn.map((r) => r.label)).size >= 2) {
      const estimate = evaluate(trainClassifier(label, trainedOn, options), heldOut);
      metrics.accuracy = Number(estimate.accuracy.toFixed(4));
      metrics.macroF1 = Number(estimate.macroF1.toFixed(4));
      io.out(`held-out fifth (${heldOut.length} rows): accuracy ${percent(estimate.accuracy)}, macro-F1 ${percent(estimate.macroF1)}\n`);
    }
  }
  const started = performance.now();
  const classifier = trainClassifier(label, rows, options);
  metrics.trainedSeconds = Number(((performance.now() - started) / 1000).toFixed(2));
  io.out(`trained ${classifier.version} in ${metrics.trainedSeconds} s\n`);

  if (out) {
    writeFileSync(out, classifier.toArtifact());
    io.out(`model written to ${out}\n`);
    return EXIT.ok;
  }
  await io.withDatabase((db) => installModel(db, { classifier, metrics, installedBy: { actorId: null, name: 'operator-cli', channel: 'cli' } }));
  io.out(`installed ${classifier.version}: it now answers for ${label}\n`);
  return EXIT.ok;
}

async function evaluateCommand(flags: Map<string, string>, label: string, io: AssistCliIo): Promise<number> {
  const data = flags.get('--data');
  const modelFile = flags.get('--model');
  if (!data) throw new UsageError('eval needs --data <file.jsonl>');
  for (const flag of ['--out', '--from-cases', '--seed']) if (flags.has(flag)) throw new UsageError(`${flag} is for train`);
  const rows = readLabelledFile(data);

  if (label === 'entities') {
    if (modelFile) throw new UsageError('entity extraction has no model file: leave out --model');
    const annotated = rows.filter((r) => Array.isArray(r.entities));
    if (annotated.length === 0) {
      io.err(`docket assist: no row of ${data} has "entities"\n`);
      return EXIT.data;
    }
    io.out(`${formatEntityEvaluation(evaluateEntities(annotated, (text) => extractEntities(text)))}\n`);
    return EXIT.ok;
  }

  const labelled = rowsFor(rows, label);
  if (labelled.length === 0) {
    io.err(`docket assist: no row of ${data} has the label ${label}\n`);
    return EXIT.data;
  }
  let classifier: TextClassifier | undefined;
  if (modelFile) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(modelFile);
    } catch (error) {
      throw new LabelledFileError(`${modelFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read'}`, 'missing');
    }
    try {
      classifier = readArtifact(bytes);
    } catch (error) {
      io.err(`docket assist: ${modelFile} is not a Docket model file (${(error as Error).message})\n`);
      return EXIT.data;
    }
    if (classifier.label !== label) throw new UsageError(`${modelFile} predicts ${classifier.label}, not ${label}`);
  } else {
    classifier = await io.withDatabase((db) => classifierFor(db, label));
    if (!classifier) {
      io.err(`docket assist: no model answers for ${label}: install one with docket assist train, or pass --model\n`);
      return EXIT.failed;
    }
  }
  io.out(`model ${classifier.version} on ${labelled.length} rows of ${data}\n`);
  io.out(`${formatEvaluation(evaluate(classifier, labelled))}\n`);
  return EXIT.ok;
}

/** The form's text fields (textarea), found anywhere in a form-js schema. */
function textFieldKeys(schema: unknown): string[] {
  const keys: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const component = node as { type?: unknown; key?: unknown; components?: unknown };
    if (component.type === 'textarea' && typeof component.key === 'string') keys.push(component.key);
    if (Array.isArray(component.components)) for (const child of component.components) walk(child);
  };
  walk(schema);
  return keys;
}

async function casesAsRows(db: Db, caseType: string, label: string): Promise<{ text: string; label: string }[]> {
  const { cases, schema } = await findClosedCases(db, caseType, MAX_CASES);
  if (schema === undefined) throw new UsageError(`there is no case type ${JSON.stringify(caseType)}`);
  const textKeys = textFieldKeys(schema);
  const rows: LabelledRow[] = [];
  for (const c of cases) {
    const text = [c.title, ...textKeys.map((k) => c.fields[k]).filter((v): v is string => typeof v === 'string')].filter((t) => t.trim() !== '').join('\n');
    const value = label === 'urgency' ? c.priority : c.fields[label];
    if (text && typeof value === 'string' && value !== '') rows.push({ text, labels: { [label]: value } });
  }
  return rowsFor(rows, label);
}
