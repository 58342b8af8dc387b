/**
 * The built-in text classifier (issue 22, part A): character n-grams and jieba words, tf-idf, a
 * softmax regression trained by SGD; its model file; accuracy, macro-F1 and confusion on held-out rows.
 */
export { trainClassifier } from './train.ts';
export { readArtifact, ALGORITHM } from './softmax-classifier.ts';
export { evaluate, formatEvaluation, type Evaluation, type ClassFigures } from './evaluate.ts';
export type { TextClassifier, Prediction, Evidence, LabelledRow, TrainOptions } from './types.ts';
