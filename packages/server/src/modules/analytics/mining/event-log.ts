import type { EventLogRow } from './mining-store.ts';

/**
 * The event log for outside process-mining tools (ProM, PM4Py, Disco, Celonis), one trace per
 * process instance. XES as IEEE 1849-2016 describes it: the Concept, Lifecycle, Time and
 * Organizational extensions; each step gives a `start` event and, when it ended, `complete`
 * (or `ate_abort` when it was cancelled: a return, a boundary event, a terminated instance).
 * org:resource is the user id of who completed a task: never a name or other personal data.
 * CSV carries the same events, one line each, with a header.
 */

export type EventLogFormat = 'xes' | 'csv';

interface LogEvent {
  activity: string;
  activityId: string;
  lifecycle: 'start' | 'complete' | 'ate_abort';
  at: Date;
  resource: string | null;
}

function eventsOf(row: EventLogRow, nameOf: (elementId: string) => string): LogEvent[] {
  const activity = nameOf(row.elementId);
  const events: LogEvent[] = [{ activity, activityId: row.elementId, lifecycle: 'start', at: row.startedAt, resource: null }];
  if (row.endedAt !== null) {
    events.push({ activity, activityId: row.elementId, lifecycle: row.state === 'completed' ? 'complete' : 'ate_abort', at: row.endedAt, resource: row.resource });
  }
  return events;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// XML 1.0 forbids most control characters even escaped: a name holding one loses it.
const escapeXml = (text: string) =>
  Array.from(text)
    .filter((c) => {
      const code = c.codePointAt(0)!;
      return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
    })
    .join('')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

export function xesHeader(processKey: string, processName: string | null): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<log xes.version="1849.2016" xes.features="" xmlns="http://www.xes-standard.org/">',
    '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
    '  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>',
    '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>',
    '  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>',
    '  <global scope="trace">',
    '    <string key="concept:name" value="__INVALID__"/>',
    '  </global>',
    '  <global scope="event">',
    '    <string key="concept:name" value="__INVALID__"/>',
    '    <string key="lifecycle:transition" value="complete"/>',
    '    <date key="time:timestamp" value="1970-01-01T00:00:00.000Z"/>',
    '  </global>',
    '  <classifier name="Activity" keys="concept:name"/>',
    '  <classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>',
    `  <string key="concept:name" value="${escapeXml(processName ?? processKey)}"/>`,
    `  <string key="processKey" value="${escapeXml(processKey)}"/>`,
    '',
  ].join('\n');
}

export const XES_FOOTER = '</log>\n';

/** One instance's trace: its rows are its steps in start order. */
export function xesTrace(rows: EventLogRow[], nameOf: (elementId: string) => string): string {
  const first = rows[0]!;
  const events = rows.flatMap((row) => eventsOf(row, nameOf)).sort((a, b) => a.at.getTime() - b.at.getTime());
  const lines = ['  <trace>', `    <string key="concept:name" value="${first.instanceId}"/>`, `    <string key="caseId" value="${first.caseId}"/>`];
  for (const e of events) {
    lines.push('    <event>');
    lines.push(`      <string key="concept:name" value="${escapeXml(e.activity)}"/>`);
    lines.push(`      <string key="elementId" value="${escapeXml(e.activityId)}"/>`);
    lines.push(`      <string key="lifecycle:transition" value="${e.lifecycle}"/>`);
    lines.push(`      <date key="time:timestamp" value="${e.at.toISOString()}"/>`);
    if (e.resource !== null) lines.push(`      <string key="org:resource" value="${escapeXml(e.resource)}"/>`);
    lines.push('    </event>');
  }
  lines.push('  </trace>', '');
  return lines.join('\n');
}

export const CSV_HEADER = 'case_id,docket_case_id,activity,activity_id,lifecycle,timestamp,resource\n';

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLines(rows: EventLogRow[], nameOf: (elementId: string) => string): string {
  const events = rows.flatMap((row) => eventsOf(row, nameOf).map((e) => ({ row, e })));
  events.sort((a, b) => a.e.at.getTime() - b.e.at.getTime());
  return events
    .map(({ row, e }) => [row.instanceId, row.caseId, csvField(e.activity), csvField(e.activityId), e.lifecycle, e.at.toISOString(), e.resource ?? ''].join(','))
    .map((line) => `${line}\n`)
    .join('');
}

/** Rows of a page (ordered by instance) split into instances. */
export function groupByInstance(rows: EventLogRow[]): EventLogRow[][] {
  const groups: EventLogRow[][] = [];
  for (const row of rows) {
    const current = groups[groups.length - 1];
    if (current && current[0]!.instanceId === row.instanceId) current.push(row);
    else groups.push([row]);
  }
  return groups;
}
