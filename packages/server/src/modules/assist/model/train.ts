import { countFeatures } from './features.ts';
import { HashTable } from './hash-table.ts';
import { SoftmaxClassifier, type SoftmaxModel, type TrainingSummary } from './softmax-classifier.ts';
import type { TextClassifier, TrainOptions } from './types.ts';

// Multinomial logistic regression over tf-idf features, trained by SGD with AdaGrad steps.
//
// Why a learnt vocabulary and not a hashing trick: the weights are features × classes floats, and a
// hashed space big enough to keep collisions rare (2^20+) times 77 classes is hundreds of megabytes
// in memory and in the model file. Keeping only the features seen in at least a few training texts
// (the rarer ones cannot generalise anyway) gives a vocabulary of tens of thousands, and the model
// file stores each as its 32-bit hash, not its string: compact, and no text of the training data
// sits in the file.
//
// Why AdaGrad: text features are sparse and heavy-tailed; per-weight step sizes let a rare but
// telling word learn as fast as a frequent one, with no learning-rate schedule to tune per data set.
// L2 is applied to the weights a row touches when it is seen (the usual sparse approximation of
// the full penalty), so an epoch costs the rows' non-zeros times the classes, not the whole matrix.
//
// The number of epochs is chosen on a held-out slice (early stop), then the model is trained
// again on every row for that many epochs, so small data sets lose nothing to the slice.

const DEFAULT_SEED = 22;
const DEFAULT_MAX_EPOCHS = 12;
const PATIENCE = 2;
const LEARNING_RATE = 0.5;
const L2 = 1e-5;
/** Weights kept at most (features × classes): the model file and memory stay in the tens of MB. */
const MAX_WEIGHTS = 8_000_000;
const MAX_FEATURES = 300_000;
/** Gradients this small move no weight that matters; skipping them makes many-class training fast. */
const GRADIENT_FLOOR = 1e-4;

/** A deterministic PRNG (mulberry32): the same seed shuffles the same way on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** Rows as sparse vectors: row r's columns are columns[start[r] … start[r + 1]). */
interface Matrix {
  start: Int32Array;
  columns: Int32Array;
  values: Float32Array;
}

function minDocumentFrequencyFor(rows: number): number {
  // Tiny sets need every feature; on large ones a feature seen in one or two texts is mostly noise.
  if (rows < 2_000) return 1;
  if (rows < 50_000) return 2;
  return 3;
}

export function trainClassifier(label: string, rows: readonly { text: string; label: string }[], options: TrainOptions = {}): TextClassifier {
  if (rows.length === 0) throw new Error('no training rows');
  const progress = options.onProgress ?? (() => {});
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const classes = [...new Set(rows.map((r) => r.label))].sort();
  const C = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const targets = Int32Array.from(rows, (r) => classIndex.get(r.label)!);
  const n = rows.length;

  // 1. Features of every row, flattened, and their document frequencies.
  let hashes = new Uint32Array(1 << 20);
  let counts = new Uint16Array(1 << 20);
  const start = new Int32Array(n + 1);
  const df = new HashTable(1 << 16);
  let used = 0;
  for (let r = 0; r < n; r++) {
    const features = countFeatures(rows[r]!.text);
    const m = features.hashes.length;
    if (used + m > hashes.length) {
      const size = Math.max(hashes.length * 2, used + m);
      const h = new Uint32Array(size);
      h.set(hashes.subarray(0, used));
      hashes = h;
      const c = new Uint16Array(size);
      c.set(counts.subarray(0, used));
      counts = c;
    }
    for (let k = 0; k < m; k++) {
      hashes[used + k] = features.hashes[k]!;
      counts[used + k] = Math.min(features.counts[k]!, 65535);
      df.add(features.hashes[k]!, 1);
    }
    used += m;
    start[r + 1] = used;
    if ((r + 1) % 20_000 === 0) progress(`features: ${r + 1} of ${n} rows`);
  }

  // 2. The vocabulary: features in enough texts, the most frequent first when over the cap.
  const minDf = options.minDocumentFrequency ?? minDocumentFrequencyFor(n);
  const maxFeatures = options.maxFeatures ?? Math.max(1, Math.min(MAX_FEATURES, Math.floor(MAX_WEIGHTS / C)));
  let kept: { key: number; df: number }[] = [];
  df.forEach((key, count) => {
    if (count >= minDf) kept.push({ key, df: count });
  });
  if (kept.length > maxFeatures) kept = kept.sort((a, b) => b.df - a.df || a.key - b.key).slice(0, maxFeatures);
  kept.sort((a, b) => a.key - b.key);
  const F = kept.length;
  const keys = Uint32Array.from(kept, (k) => k.key);
  const idf = Float32Array.from(kept, (k) => Math.log((1 + n) / (1 + k.df)) + 1);
  const columnOf = new HashTable(F);
  for (let f = 0; f < F; f++) columnOf.set(keys[f]!, f);
  progress(`vocabulary: ${F} features (seen in ≥ ${minDf} rows) of ${df.size}`);

  // 3. Sparse tf-idf rows, L2-normalised, written over the hashes' space.
  const matrix: Matrix = { start: new Int32Array(n + 1), columns: new Int32Array(used), values: new Float32Array(used) };
  let out = 0;
  for (let r = 0; r < n; r++) {
    const from = out;
    let norm = 0;
    for (let k = start[r]!; k < start[r + 1]!; k++) {
      const f = columnOf.get(hashes[k]!);
      if (f < 0) continue;
      const v = (1 + Math.log(counts[k]!)) * idf[f]!;
      matrix.columns[out] = f;
      matrix.values[out] = v;
      norm += v * v;
      out++;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let k = from; k < out; k++) matrix.values[k]! *= scale;
    }
    matrix.start[r + 1] = out;
  }

  // 4. Epochs chosen on a held-out slice, then the final model on every row.
  const order = Int32Array.from({ length: n }, (_, i) => i);
  shuffle(order, random);
  const maxEpochs = options.epochs ?? DEFAULT_MAX_EPOCHS;
  const l2 = options.l2 ?? L2;
  const learningRate = options.learningRate ?? LEARNING_RATE;
  const heldOutSize = n >= 50 && C > 1 ? Math.round(n * 0.1) : 0;
  let epochs = maxEpochs;
  let heldOutAccuracy: number | undefined;
  if (heldOutSize > 0 && options.epochs === undefined) {
    const heldOut = order.subarray(0, heldOutSize);
    const training = Int32Array.from(order.subarray(heldOutSize));
    const chosen = fit(matrix, targets, F, C, training, maxEpochs, learningRate, l2, random, (epoch, model) => {
      const score = accuracyOn(matrix, targets, F, C, heldOut, model);
      progress(`epoch ${epoch}: held-out accuracy ${(score.accuracy * 100).toFixed(2)} %, log loss ${score.logLoss.toFixed(4)}`);
      return score;
    });
    epochs = chosen.epochs;
    heldOutAccuracy = Math.round(chosen.accuracy * 1e4) / 1e4;
  }
  const all = Int32Array.from(order);
  const final = fit(matrix, targets, F, C, all, epochs, learningRate, l2, random);
  progress(`trained on ${n} rows, ${epochs} epochs`);

  const training: TrainingSummary = { rows: n, epochs, minDocumentFrequency: minDf, l2 };
  if (heldOutAccuracy !== undefined) training.heldOutAccuracy = heldOutAccuracy;
  const model: SoftmaxModel = { label, classes, keys, idf, weights: final.weights, bias: final.bias, training };
  return new SoftmaxClassifier(model);
}

interface Weights {
  weights: Float32Array;
  bias: Float32Array;
}

interface Score {
  accuracy: number;
  logLoss: number;
}

function scoreRow(matrix: Matrix, row: number, C: number, model: Weights, z: Float64Array): void {
  const { weights, bias } = model;
  for (let c = 0; c < C; c++) z[c] = bias[c]!;
  for (let k = matrix.start[row]!; k < matrix.start[row + 1]!; k++) {
    const base = matrix.columns[k]! * C;
    const v = matrix.values[k]!;
    for (let c = 0; c < C; c++) z[c]! += v * weights[base + c]!;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < C; c++) if (z[c]! > max) max = z[c]!;
  let sum = 0;
  for (let c = 0; c < C; c++) {
    z[c] = Math.exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < C; c++) z[c]! /= sum;
}

function accuracyOn(matrix: Matrix, targets: Int32Array, _F: number, C: number, rows: Int32Array, model: Weights): Score {
  const p = new Float64Array(C);
  let correct = 0;
  let loss = 0;
  for (const r of rows) {
    scoreRow(matrix, r, C, model, p);
    let best = 0;
    for (let c = 1; c < C; c++) if (p[c]! > p[best]!) best = c;
    if (best === targets[r]) correct++;
    loss -= Math.log(Math.max(p[targets[r]!]!, 1e-12));
  }
  return { accuracy: correct / rows.length, logLoss: loss / rows.length };
}

/**
 * SGD with AdaGrad over `rows` for up to `epochs` epochs. With `evaluate`, stops when the held-out
 * score has not improved for PATIENCE epochs and returns the best epoch's weights.
 */
function fit(
  matrix: Matrix,
  targets: Int32Array,
  F: number,
  C: number,
  rows: Int32Array,
  epochs: number,
  learningRate: number,
  l2: number,
  random: () => number,
  evaluate?: (epoch: number, model: Weights) => Score,
): Weights & { epochs: number; accuracy: number } {
  const model: Weights = { weights: new Float32Array(F * C), bias: new Float32Array(C) };
  const { weights, bias } = model;
  const squares = new Float32Array(F * C);
  const biasSquares = new Float32Array(C);
  const p = new Float64Array(C);
  let best: (Weights & { epochs: number; accuracy: number; logLoss: number }) | undefined;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffle(rows, random);
    for (const r of rows) {
      scoreRow(matrix, r, C, model, p);
      p[targets[r]!]! -= 1;
      for (let c = 0; c < C; c++) {
        const g = p[c]!;
        biasSquares[c]! += g * g;
        bias[c]! -= (learningRate * g) / (Math.sqrt(biasSquares[c]!) + 1e-8);
      }
      for (let k = matrix.start[r]!; k < matrix.start[r + 1]!; k++) {
        const base = matrix.columns[k]! * C;
        const v = matrix.values[k]!;
        for (let c = 0; c < C; c++) {
          const pc = p[c]!;
          if (pc < GRADIENT_FLOOR && pc > -GRADIENT_FLOOR) continue;
          const i = base + c;
          const g = pc * v + l2 * weights[i]!;
          squares[i]! += g * g;
          weights[i]! -= (learningRate * g) / (Math.sqrt(squares[i]!) + 1e-8);
        }
      }
    }
    if (!evaluate) continue;
    const score = evaluate(epoch, model);
    if (!best || score.accuracy > best.accuracy || (score.accuracy === best.accuracy && score.logLoss < best.logLoss)) {
      best = { weights: weights.slice(), bias: bias.slice(), epochs: epoch, ...score };
    } else if (epoch - best.epochs >= PATIENCE) break;
  }
  if (best) return best;
  return { ...model, epochs, accuracy: Number.NaN };
}
