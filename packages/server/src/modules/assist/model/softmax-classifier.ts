import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { forEachFeature } from './features.ts';
import { HashTable } from './hash-table.ts';
import type { Evidence, Prediction, TextClassifier } from './types.ts';

export const ALGORITHM = 'softmax-ngram1';

const MAGIC = 'DKTC';
const FORMAT_VERSION = 1;
/** Evidence is read by a person: a few spans, from the strongest features only. */
const EVIDENCE_SPANS = 5;
const EVIDENCE_FEATURES = 12;
/** A feature below this share of the strongest one's contribution does not become evidence. */
const EVIDENCE_MIN_SHARE = 0.1;

/** What training learnt, besides the weights; stored in the model file's header. */
export interface TrainingSummary {
  rows: number;
  epochs: number;
  /** Accuracy on the held-out slice that chose the number of epochs (absent when too few rows to hold any out). */
  heldOutAccuracy?: number;
  minDocumentFrequency: number;
  l2: number;
}

interface ArtifactHeader {
  format: 'docket-assist-classifier';
  formatVersion: number;
  label: string;
  algorithm: string;
  classes: string[];
  features: number;
  training: TrainingSummary;
}

/** The numbers a trained model consists of; `weights` is feature-major: weights[f * classes + c]. */
export interface SoftmaxModel {
  label: string;
  classes: string[];
  /** Feature hashes, ascending; column f of the model is keys[f]. */
  keys: Uint32Array;
  idf: Float32Array;
  weights: Float32Array;
  bias: Float32Array;
  training: TrainingSummary;
}

/** A text as the model's input: the columns it has, their tf-idf values (L2-normalised) and where each occurs. */
export interface TextVector {
  columns: number[];
  values: Float32Array;
  /** Per column, its occurrences as [start, end, start, end, …]. */
  spans: number[][];
}

export function vectorise(text: string, keys: HashTable, idf: Float32Array, withSpans: boolean): TextVector {
  const at = new Map<number, number>();
  const columns: number[] = [];
  const counts: number[] = [];
  const spans: number[][] = [];
  forEachFeature(text, (hash, start, end) => {
    const column = keys.get(hash);
    if (column < 0) return;
    const k = at.get(column);
    if (k === undefined) {
      at.set(column, columns.length);
      columns.push(column);
      counts.push(1);
      if (withSpans) spans.push([start, end]);
    } else {
      counts[k]!++;
      if (withSpans) spans[k]!.push(start, end);
    }
  });
  const values = new Float32Array(columns.length);
  let norm = 0;
  for (let k = 0; k < columns.length; k++) {
    // Sublinear tf: a word said five times is not five times the evidence.
    const v = (1 + Math.log(counts[k]!)) * idf[columns[k]!]!;
    values[k] = v;
    norm += v * v;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let k = 0; k < values.length; k++) values[k]! *= scale;
  }
  return { columns, values, spans };
}

export class SoftmaxClassifier implements TextClassifier {
  readonly label: string;
  readonly algorithm = ALGORITHM;
  readonly classes: readonly string[];
  readonly version: string;
  readonly training: TrainingSummary;
  private readonly model: SoftmaxModel;
  private readonly columnOf: HashTable;
  private readonly artifact: Buffer;

  constructor(model: SoftmaxModel, artifact?: Buffer) {
    this.model = model;
    this.label = model.label;
    this.classes = Object.freeze([...model.classes]);
    this.training = model.training;
    this.columnOf = new HashTable(model.keys.length);
    for (let f = 0; f < model.keys.length; f++) this.columnOf.set(model.keys[f]!, f);
    this.artifact = artifact ?? encodeArtifact(model);
    const digest = createHash('sha256').update(this.artifact).digest('hex').slice(0, 12);
    this.version = `${model.label}@${ALGORITHM}-${digest}`;
  }

  predict(text: string, options?: { among?: readonly string[] }): Prediction {
    const { classes, weights, bias, idf } = this.model;
    const C = classes.length;
    let considered: number[];
    if (options?.among) {
      const wanted = new Set(options.among);
      considered = [];
      for (let c = 0; c < C; c++) if (wanted.has(classes[c]!)) considered.push(c);
    } else considered = classes.map((_, c) => c);
    // No class of the model is among the allowed ones: nothing to say, rather than a value the field cannot take.
    if (considered.length === 0) return { label: '', confidence: 0, evidence: [], ranked: [] };

    const vector = vectorise(text, this.columnOf, idf, true);
    const scores = new Float64Array(considered.length);
    for (let i = 0; i < considered.length; i++) scores[i] = bias[considered[i]!]!;
    for (let k = 0; k < vector.columns.length; k++) {
      const row = vector.columns[k]! * C;
      const v = vector.values[k]!;
      for (let i = 0; i < considered.length; i++) scores[i]! += v * weights[row + considered[i]!]!;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (const s of scores) if (s > max) max = s;
    let sum = 0;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = Math.exp(scores[i]! - max);
      sum += scores[i]!;
    }
    const ranked = considered.map((c, i) => ({ label: classes[c]!, confidence: scores[i]! / sum, c })).sort((a, b) => b.confidence - a.confidence || a.c - b.c);
    const best = ranked[0]!;
    return {
      label: best.label,
      confidence: best.confidence,
      evidence: evidenceFor(vector, weights, C, best.c),
      ranked: ranked.map(({ label, confidence }) => ({ label, confidence })),
    };
  }

  toArtifact(): Buffer {
    return Buffer.from(this.artifact);
  }
}

function evidenceFor(vector: TextVector, weights: Float32Array, C: number, c: number): Evidence[] {
  const contributions: { k: number; weight: number }[] = [];
  for (let k = 0; k < vector.columns.length; k++) {
    const weight = vector.values[k]! * weights[vector.columns[k]! * C + c]!;
    if (weight > 0) contributions.push({ k, weight });
  }
  if (contributions.length === 0) return [];
  contributions.sort((a, b) => b.weight - a.weight || a.k - b.k);
  const floor = contributions[0]!.weight * EVIDENCE_MIN_SHARE;
  const pieces: Evidence[] = [];
  for (const { k, weight } of contributions.slice(0, EVIDENCE_FEATURES)) {
    if (weight < floor) break;
    const occurrences = vector.spans[k]!;
    // A feature said twice lends each place half its weight.
    const share = weight / (occurrences.length / 2);
    for (let o = 0; o < occurrences.length; o += 2) pieces.push({ start: occurrences[o]!, end: occurrences[o + 1]!, weight: share });
  }
  pieces.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: Evidence[] = [];
  for (const piece of pieces) {
    const last = merged[merged.length - 1];
    if (last && piece.start < last.end) {
      last.end = Math.max(last.end, piece.end);
      last.weight += piece.weight;
    } else merged.push({ ...piece });
  }
  merged.sort((a, b) => b.weight - a.weight || a.start - b.start);
  return merged.slice(0, EVIDENCE_SPANS).map((e) => ({ start: e.start, end: e.end, weight: Math.round(e.weight * 1e4) / 1e4 }));
}

// The model file: gzip of "DKTC", a little-endian u32 header length, the JSON header, zero padding
// to 4 bytes, then keys (u32), idf, weights and bias (f32), all little-endian. No dates and a
// fixed gzip level, so the same training gives the same bytes and the same version.

export function encodeArtifact(model: SoftmaxModel): Buffer {
  const header: ArtifactHeader = {
    format: 'docket-assist-classifier',
    formatVersion: FORMAT_VERSION,
    label: model.label,
    algorithm: ALGORITHM,
    classes: model.classes,
    features: model.keys.length,
    training: model.training,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerBytes = 8 + json.length;
  const padding = (4 - (headerBytes % 4)) % 4;
  const prefix = Buffer.alloc(headerBytes + padding);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, 4);
  json.copy(prefix, 8);
  const parts = [prefix, littleEndian(model.keys), littleEndian(model.idf), littleEndian(model.weights), littleEndian(model.bias)];
  return gzipSync(Buffer.concat(parts), { level: 6 });
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function littleEndian(array: Uint32Array | Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  const out = Buffer.alloc(array.length * 4);
  if (array instanceof Uint32Array) for (let i = 0; i < array.length; i++) out.writeUInt32LE(array[i]!, i * 4);
  else for (let i = 0; i < array.length; i++) out.writeFloatLE(array[i]!, i * 4);
  return out;
}

/** A model file read back; throws when the bytes are not one (the caller names the file or row). */
export function readArtifact(bytes: Buffer): TextClassifier {
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch {
    throw new Error('not a Docket classifier model file (not gzip)');
  }
  if (raw.length < 8 || raw.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a Docket classifier model file');
  const jsonLength = raw.readUInt32LE(4);
  const header = JSON.parse(raw.toString('utf8', 8, 8 + jsonLength)) as ArtifactHeader;
  if (header.format !== 'docket-assist-classifier' || header.formatVersion !== FORMAT_VERSION || header.algorithm !== ALGORITHM) {
    throw new Error(`unsupported classifier model file (${header.algorithm ?? '?'} format ${header.formatVersion ?? '?'})`);
  }
  const F = header.features;
  const C = header.classes.length;
  let at = 8 + jsonLength;
  at += (4 - (at % 4)) % 4;
  const expected = at + 4 * (F + F + F * C + C);
  if (raw.length !== expected) throw new Error('classifier model file is truncated or corrupt');
  const read = <T extends Uint32Array | Float32Array>(make: (n: number) => T, n: number, unsigned: boolean): T => {
    const array = make(n);
    if (LITTLE_ENDIAN) new Uint8Array(array.buffer).set(raw.subarray(at, at + n * 4));
    else for (let i = 0; i < n; i++) array[i] = unsigned ? raw.readUInt32LE(at + i * 4) : raw.readFloatLE(at + i * 4);
    at += n * 4;
    return array;
  };
  const keys = read((n) => new Uint32Array(n), F, true);
  const idf = read((n) => new Float32Array(n), F, false);
  const weights = read((n) => new Float32Array(n), F * C, false);
  const bias = read((n) => new Float32Array(n), C, false);
  return new SoftmaxClassifier({ label: header.label, classes: header.classes, keys, idf, weights, bias, training: header.training }, bytes);
}
