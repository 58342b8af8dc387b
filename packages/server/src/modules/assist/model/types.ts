// The built-in classifier's interface (issue 22, part A). Every other part uses only this.

/** Where in the text a prediction's evidence lies: UTF-16 offsets, end exclusive, and how much it weighed. */
export interface Evidence {
  start: number;
  end: number;
  weight: number;
}

export interface Prediction {
  /** The predicted class, e.g. 'fees'. */
  label: string;
  /** Probability of `label`, 0..1 (softmax over the classes considered). */
  confidence: number;
  /** The spans of the text that pushed most towards `label`, strongest first; empty when nothing did. */
  evidence: Evidence[];
  /** Every class considered with its probability, highest first. */
  ranked: { label: string; confidence: number }[];
}

export interface TextClassifier {
  /** The label it predicts: caseType, category, product, topic, urgency, emotion, or a bank's own. */
  readonly label: string;
  /** '<label>@<algorithm>-<12 hex of the artifact hash>': recorded with every suggestion. */
  readonly version: string;
  readonly algorithm: string;
  readonly classes: readonly string[];
  /** `among`: only these classes compete (a field's options); others are ignored. Pure and synchronous. */
  predict(text: string, options?: { among?: readonly string[] }): Prediction;
  /** The model file: what `docket assist train --out` writes and `assist.model.artifact` holds. */
  toArtifact(): Buffer;
}

/** One line of a training or evaluation file (JSONL): `{"text", "labels": {…}}`, optionally with entities. */
export interface LabelledRow {
  text: string;
  labels: Record<string, string>;
  /** For entity evaluation: the values a reader finds in the text, with their spans. */
  entities?: { kind: string; value: string; start: number; end: number }[];
}

export interface TrainOptions {
  /** Deterministic training: the same rows and seed give the same artifact. */
  seed?: number;
  epochs?: number;
  /** Called now and then with progress, for the CLI. */
  onProgress?: (message: string) => void;
  /** Tuning, for experiments; the defaults are chosen to generalise on unseen data sets. */
  l2?: number;
  learningRate?: number;
  /** Features seen in fewer training texts are dropped (default: 1, 2 or 3 by the number of rows). */
  minDocumentFrequency?: number;
  maxFeatures?: number;
}
