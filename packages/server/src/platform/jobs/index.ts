export { scheduleJob, scheduleJobs, rescheduleJob, cancelJob, type JobToSchedule } from './schedule-job.ts';
export { createJobHandlers, defaultBackoffMs, type Job, type JobHandler, type JobHandlers } from './handlers.ts';
export { createJobRunner, JOB_CHANNEL, type JobRunner, type JobRunnerOptions } from './job-runner.ts';
export { registerProbeJob, PROBE_JOB_KIND } from './probe-job.ts';
