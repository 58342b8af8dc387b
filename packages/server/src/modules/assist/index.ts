/**
 * Private intelligence (issue 22): prefill a case from the customer's words, suggest where it
 * goes, inspect the quality of handled cases — grounded in the text, masked before any model
 * call, measured. See README.md.
 */
export { assistRoutes } from './routes.ts';
export { assistSchemas } from './schemas.ts';
export type { TextClassifier, Prediction, Evidence, LabelledRow, TrainOptions } from './model/types.ts';
export type { Entity, EntityKind } from './entities/types.ts';
// Quality inspection (part F): finishing a case schedules its inspection, run by the job runner.
export { subscribeQualityInspection, registerQualityJobs, QUALITY_INSPECT_JOB_KIND } from './quality/subscriptions.ts';
// The shipped models (part C), trained off the event loop at start (and by the test suite's global setup).
export { warmShippedModels, warmShippedModelsInBackground } from './models/index.ts';
