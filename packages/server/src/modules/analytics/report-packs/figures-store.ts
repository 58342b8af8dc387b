import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import { type AnalyticsScope, createdInPeriod, scopeCondition } from '../scope.ts';
import type { PackCounts } from './pack-figures.ts';
import type { PackDimension } from './pack-labels.ts';

export interface CountRow extends PackCounts {
  /** undefined: the totals row. */
  dimension?: PackDimension;
  key: string;
}

type Raw = {
  category: string | null;
  product: string | null;
  channel: string | null;
  region: string | null;
  outcome: string | null;
  grouping: number;
  received: string;
  handled: string;
  handled_on_time: string;
  overdue: string;
  upheld: string;
  reopened: string;
  average_days: string | null;
};

// GROUPING(category, product, channel, region, outcome): the bit of a dimension is 0 in its own set.
const GROUPING_OF: Record<number, PackDimension | undefined> = { 15: 'category', 23: 'product', 27: 'channel', 29: 'region', 30: 'outcome', 31: undefined };

/**
 * The quarter's complaint counts over analytics.case_fact in one pass: totals and each breakdown
 * (GROUPING SETS). Only facts at or before asOf count: the case's creation and its first
 * resolution (kept across reopenings), so a later resolution or reopening does not move a figure.
 * The reader's record policy and the department filter apply through scope.ts.
 */
export async function countComplaints(tx: Tx, scope: AnalyticsScope, asOf: Date): Promise<CountRow[]> {
  const handled = sql`(first_resolved_at IS NOT NULL AND first_resolved_at <= ${asOf})`;
  const result = await sql<Raw>`
    SELECT category, product, channel, region, outcome,
           GROUPING(category, product, channel, region, outcome) AS grouping,
           count(*) AS received,
           count(*) FILTER (WHERE ${handled}) AS handled,
           count(*) FILTER (WHERE ${handled} AND sla_breached = 0) AS handled_on_time,
           count(*) FILTER (WHERE sla_breached > 0) AS overdue,
           count(*) FILTER (WHERE ${handled} AND outcome IN ('upheld', 'partially-upheld')) AS upheld,
           count(*) FILTER (WHERE reopen_count > 0) AS reopened,
           to_char(round((avg(extract(epoch FROM first_resolved_at - created_at)) FILTER (WHERE ${handled}) / 86400)::numeric, 1), 'FM999990.0') AS average_days
      FROM analytics.case_fact
     WHERE ${scopeCondition(scope)} AND ${createdInPeriod(scope)} AND created_at <= ${asOf}
     GROUP BY GROUPING SETS ((), (category), (product), (channel), (region), (outcome))`.execute(tx);
  return result.rows.map((r) => {
    const dimension = GROUPING_OF[r.grouping];
    const received = Number(r.received);
    const handledCount = Number(r.handled);
    return {
      dimension,
      key: dimension === undefined ? '' : (r[dimension] ?? ''),
      received,
      handled: handledCount,
      handledOnTime: Number(r.handled_on_time),
      overdue: Number(r.overdue),
      pending: received - handledCount,
      upheld: Number(r.upheld),
      reopened: Number(r.reopened),
      averageDaysToHandle: r.average_days ?? '—',
    };
  });
}

/**
 * The select options' labels of the case type's fields, from the type's version in force at asOf
 * (a label renamed later does not change a reproduction). Read-only over cases.case_type_version.
 */
export async function findSelectLabelsAsOf(tx: Tx, typeKey: string, asOf: Date): Promise<Record<string, Record<string, string>>> {
  const row = await tx.selectFrom('cases.case_type_version').select('schema').where('key', '=', typeKey).where('created_at', '<=', asOf).orderBy('version', 'desc').limit(1).executeTakeFirst();
  const labels: Record<string, Record<string, string>> = {};
  const components = (row?.schema as { components?: { key?: string; values?: { label?: string; value?: string }[] }[] } | undefined)?.components ?? [];
  for (const c of components) {
    if (!c.key || !Array.isArray(c.values)) continue;
    labels[c.key] = Object.fromEntries(c.values.filter((v) => typeof v.value === 'string').map((v) => [v.value!, String(v.label ?? v.value)]));
  }
  return labels;
}

/** The department's name, for the heading; undefined when there is none. */
export async function findDepartmentName(tx: Tx, id: string): Promise<string | undefined> {
  return (await tx.selectFrom('access.department').select('name').where('id', '=', id).executeTakeFirst())?.name;
}
