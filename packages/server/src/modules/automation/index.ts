/**
 * Automation rules (issue 21): triggers (case and record events, dates, schedules, incoming
 * events), FEEL or DMN conditions, actions run by system:automation on behalf of the rule's
 * owner, dry-run, run history and loop protection. See README.md.
 */
export { automationRoutes } from './routes.ts';
export { automationSchemas } from './schemas.ts';
