import type { CommandContext } from '../../../platform/commands/index.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { assertAllowed } from '../../access/index.ts';
import { ANALYTICS_TIME_ZONE, localDateOf } from '../../analytics/index.ts';
import { addDays, buildReportFigures, periodsBetween, type ReportBucket, type ReportFigures } from './report-figures.ts';
import { countPrefills, countSuggestions, findSecondsPerField } from './report-store.ts';

export interface ReportQuery {
  caseType?: string;
  from?: string;
  to?: string;
  bucket?: ReportBucket;
}

const DEFAULT_PERIOD_DAYS = 30;
// A chart of more points than this is unreadable and the query a report pack's job.
const MAX_PERIODS = 400;
// Ten years of months; longer is no assistance report (and would make periodsBetween walk centuries of days).
const MAX_SPAN_DAYS = 3_660;

export interface AssistReport extends ReportFigures {
  from: string;
  to: string;
  bucket: ReportBucket;
  timeZone: string;
}

/**
 * Accuracy, adoption and time saved by case type, field and period (local days of the analytics
 * time zone; from/to inclusive, by default the last 30 days). Counts of suggestions only: no
 * value, no text, so holders of assist:report read it for the whole bank.
 */
export async function readAssistReport(ctx: CommandContext, query: ReportQuery): Promise<AssistReport> {
  assertAllowed(ctx.actor, 'assist:report');
  const bucket = query.bucket ?? 'day';
  const to = query.to ?? localDateOf(ctx.now);
  const from = query.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  const errors: { field: string; reason: string }[] = [];
  for (const [field, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (value !== undefined && (value < '1900-01-01' || value > '2199-12-31')) errors.push({ field: `querystring.${field}`, reason: 'must be a date between 1900 and 2199' });
  }
  if (errors.length === 0 && from > to) errors.push({ field: 'querystring.from', reason: `must not be after to (${to})` });
  else if (errors.length === 0 && (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1 > MAX_SPAN_DAYS) {
    errors.push({ field: 'querystring.from', reason: `the period may span at most ${MAX_SPAN_DAYS} days` });
  }
  const periods = errors.length === 0 ? periodsBetween(from, to, bucket) : [];
  if (periods.length > MAX_PERIODS)
    errors.push({ field: 'querystring.bucket', reason: `the period holds ${periods.length} ${bucket}s; at most ${MAX_PERIODS}: choose a longer bucket or a shorter period` });
  if (errors.length > 0) throw httpProblems.validationFailed({ errors });

  const range = { from, to, bucket, timeZone: ANALYTICS_TIME_ZONE, ...(query.caseType === undefined ? {} : { caseType: query.caseType }) };
  const [counts, prefills, secondsPerField] = [await countSuggestions(ctx.tx, range), await countPrefills(ctx.tx, range), await findSecondsPerField(ctx.tx)];
  return { from, to, bucket, timeZone: ANALYTICS_TIME_ZONE, ...buildReportFigures({ counts, prefills, secondsPerField, periods }) };
}
