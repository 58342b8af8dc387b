export { createSlaScheduler, SLA_SCHEDULER_ACTOR, type SlaScheduler, type SlaSchedulerOptions } from './sla-scheduler.ts';
