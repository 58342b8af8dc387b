import type { TextClassifier } from './types.ts';

export interface ClassFigures {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true label this is. */
  support: number;
}

export interface Evaluation {
  accuracy: number;
  /** Mean F1 over the labels that occur as truth or prediction (as scikit-learn's macro average). */
  macroF1: number;
  perClass: ClassFigures[];
  /** matrix[t][p]: rows of true label labels[t] predicted as labels[p]. */
  confusion: { labels: string[]; matrix: number[][] };
  passed: number;
  failed: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Predicts every row and compares with its label. A true label the classifier does not know counts as failed. */
export function evaluate(classifier: TextClassifier, rows: readonly { text: string; label: string }[]): Evaluation {
  const labels = [...classifier.classes];
  const index = new Map(labels.map((l, i) => [l, i]));
  for (const row of rows) {
    if (!index.has(row.label)) {
      index.set(row.label, labels.length);
      labels.push(row.label);
    }
  }
  const matrix = labels.map(() => labels.map(() => 0));
  let passed = 0;
  for (const row of rows) {
    const predicted = classifier.predict(row.text).label;
    matrix[index.get(row.label)!]![index.get(predicted)!]!++;
    if (predicted === row.label) passed++;
  }
  const perClass: ClassFigures[] = [];
  let f1Sum = 0;
  let f1Count = 0;
  labels.forEach((label, i) => {
    const tp = matrix[i]![i]!;
    const support = matrix[i]!.reduce((a, b) => a + b, 0);
    const predictedCount = matrix.reduce((a, r) => a + r[i]!, 0);
    const precision = ratio(tp, predictedCount);
    const recall = ratio(tp, support);
    const f1 = ratio(2 * precision * recall, precision + recall);
    perClass.push({ label, precision, recall, f1, support });
    if (support > 0 || predictedCount > 0) {
      f1Sum += f1;
      f1Count++;
    }
  });
  return {
    accuracy: ratio(passed, rows.length),
    macroF1: ratio(f1Sum, f1Count),
    perClass,
    confusion: { labels, matrix },
    passed,
    failed: rows.length - passed,
  };
}

const percent = (x: number) => `${(x * 100).toFixed(2)} %`;

/** A report for a terminal: accuracy, macro-F1, per-class figures and the confusion table; the last line is `N passed, M failed`. */
export function formatEvaluation(result: Evaluation): string {
  const lines: string[] = [];
  const total = result.passed + result.failed;
  lines.push(`rows: ${total}`);
  lines.push(`accuracy: ${percent(result.accuracy)}`);
  lines.push(`macro-F1: ${percent(result.macroF1)}`);
  lines.push('');
  const width = Math.max(5, ...result.perClass.map((c) => c.label.length));
  lines.push(`${'label'.padEnd(width)}  precision  recall     f1         support`);
  for (const c of result.perClass) {
    lines.push(`${c.label.padEnd(width)}  ${percent(c.precision).padStart(9)}  ${percent(c.recall).padStart(9)}  ${percent(c.f1).padStart(9)}  ${String(c.support).padStart(7)}`);
  }
  lines.push('');
  // Columns are numbered, not named: 77 intent names side by side would not fit any terminal.
  const { labels, matrix } = result.confusion;
  const cell = Math.max(3, String(Math.max(0, ...matrix.flat())).length, String(labels.length).length) + 1;
  const nameWidth = Math.max(...labels.map((l, i) => `${i + 1} ${l}`.length), 'true \\ predicted'.length);
  lines.push('confusion (rows: true label, columns: predicted, by number)');
  lines.push(`${'true \\ predicted'.padEnd(nameWidth)}${labels.map((_, i) => String(i + 1).padStart(cell)).join('')}`);
  labels.forEach((label, t) => {
    lines.push(`${`${t + 1} ${label}`.padEnd(nameWidth)}${matrix[t]!.map((n) => String(n).padStart(cell)).join('')}`);
  });
  lines.push('');
  lines.push(`${result.passed} passed, ${result.failed} failed`);
  return lines.join('\n');
}
