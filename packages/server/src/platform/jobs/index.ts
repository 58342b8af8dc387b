export { scheduleJob, rescheduleJob, cancelJob, type JobToSchedule } from './schedule-job.ts';
export { createJobHandlers, defaultBackoffMs, type Job, type JobContext, type JobHandler, type JobHandlers, type JobHandlerOptions } from './handlers.ts';
export { createJobRunner, type JobRunner, type JobRunnerOptions } from './job-runner.ts';
export { registerProbeJob, PROBE_JOB_KIND } from './probe-job.ts';
