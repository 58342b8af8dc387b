/**
 * Which model answers for a label (issue 22, part C): the bank's installed model, else the shipped
 * one trained from assist-data at first use; installing and listing models; `docket assist train|eval`.
 */
export { classifierFor, installModel, listModels, shippedClassifier, shippedLabels, type Installer } from './registry.ts';
export type { InstalledModel, ModelMetrics } from './store.ts';
export { readLabelledFile, rowsFor, LabelledFileError, ASSIST_DATA_DIR, SHIPPED_TRAIN_FILE, SHIPPED_TEST_FILE } from './labelled-file.ts';
export { evaluateEntities, formatEntityEvaluation, type EntityEvaluation } from './entity-evaluation.ts';
export { runAssistCommand, ASSIST_USAGE, type AssistCliIo } from './cli.ts';
