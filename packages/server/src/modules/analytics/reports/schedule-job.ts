import nodemailer, { type Transporter } from 'nodemailer';
import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Principal } from '../../../platform/http/principal.ts';
import type { JobHandlers } from '../../../platform/jobs/index.ts';
import { findPolicySubjectOfUser, isAllowed } from '../../access/index.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { buildReportFile, type ReportFile } from './report-export.ts';
import { findReport, type ReportRow, setReportScheduleJobKey } from './report-store.ts';
import { REPORT_SCHEDULE_JOB_KIND, scheduleNextRun } from './saved-reports.ts';

export interface ReportScheduleOptions {
  /** DOCKET_SMTP_URL; unset: a due run is skipped (and the next one planned), none waits forever. */
  smtpUrl?: string;
  /** DOCKET_SMTP_FROM */
  from: string;
  /** For tests: what sends. @default nodemailer over smtpUrl */
  transport?: Pick<Transporter, 'sendMail'>;
}

// As the other e-mail jobs: a hanging server must not hold the job's transaction for minutes.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * The owner as a reader: their departments and their roles' permissions now. A scheduled report
 * shows what its owner may see today, never what system:analytics (the whole bank) may see.
 */
async function ownerAsReader(ctx: CommandContext, ownerId: string): Promise<Principal | undefined> {
  const subject = await findPolicySubjectOfUser(ctx.tx, ownerId);
  if (!subject) return undefined;
  return {
    userId: ownerId,
    username: '',
    displayName: '',
    departmentId: subject.departmentIds[0] ?? null,
    departmentIds: subject.departmentIds,
    subtreeDepartmentIds: subject.subtreeDepartmentIds,
    roles: [],
    permissions: subject.permissions,
    kind: 'session',
    scopes: null,
    credentialId: '',
  };
}

/** The export as the owner may see it now; undefined when the owner's policy refuses the report (4xx). */
async function buildOwnersFile(asOwner: CommandContext, report: ReportRow): Promise<ReportFile | undefined> {
  try {
    return await buildReportFile(asOwner, report, report.schedule!.format);
  } catch (error) {
    if (error instanceof Problem && error.status >= 400 && error.status < 500) return undefined;
    throw error;
  }
}

/**
 * The job that runs one scheduled report, as system:analytics with the OWNER's policy, e-mails
 * the export to the schedule's recipients, audits `analytics.report-schedule-sent` and plans the
 * next run. A job of an older version of the report (edited since) does nothing: the edit
 * planned its own. An owner who left (disabled) or lost analytics:export gets no run sent; the
 * schedule keeps its plan, so restoring the owner resumes it. A refused send is retried.
 */
export function registerReportScheduleJobs(handlers: JobHandlers, options: ReportScheduleOptions): void {
  let transport = options.transport;
  const transportOrNone = () => {
    if (!transport && options.smtpUrl) transport = nodemailer.createTransport(options.smtpUrl, SMTP_TIMEOUTS as never);
    return transport;
  };
  handlers.register({
    kind: REPORT_SCHEDULE_JOB_KIND,
    actor: 'system:analytics',
    async handle(ctx, job) {
      const { reportId, version } = (job.payload ?? {}) as { reportId?: string; version?: number };
      const report = reportId ? await findReport(ctx.tx, reportId) : undefined;
      if (!report?.schedule || report.version !== version) return;
      const owner = await ownerAsReader(ctx, report.ownerId);
      const sender = transportOrNone();
      if (owner && isAllowed(owner, 'analytics:export') && sender && report.schedule.recipients.length > 0) {
        const asOwner: CommandContext = { ...ctx, actor: owner, onBehalfOf: report.ownerId };
        const file = await buildOwnersFile(asOwner, report);
        if (!file) {
          // The owner may no longer run it (a field now masked to them, a department gone): nothing
          // is sent this time, and the plan is kept; retrying would refuse the same way.
          await setReportScheduleJobKey(ctx.tx, report.id, await scheduleNextRun(ctx, report.id, report.version, report.schedule));
          return;
        }
        await sender.sendMail({
          from: options.from,
          to: report.schedule.recipients,
          subject: `${report.name} (${ctx.now.toISOString().slice(0, 10)})`,
          text: `${report.name}\n\n${report.description}\n\nDocket`,
          attachments: [{ filename: file.fileName, content: file.body, contentType: file.contentType }],
        });
        await recordAuditEvent(ctx, {
          action: 'analytics.report-schedule-sent',
          targetType: 'analytics-report',
          targetId: report.id,
          data: { id: report.id, name: report.name, format: report.schedule.format, rows: file.rowCount, recipients: report.schedule.recipients, ownerId: report.ownerId },
        });
      }
      await setReportScheduleJobKey(ctx.tx, report.id, await scheduleNextRun(ctx, report.id, report.version, report.schedule));
    },
  });
}
