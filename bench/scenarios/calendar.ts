// Issue 16's business-clock figures, in process (no server, no database): how long a calendar
// version takes to compile a year of working intervals, and add / elapsed per second on the
// shipped cn-mainland calendar against the day-by-day reference clock it is checked against.
//
//   node --conditions=@docket/source --import tsx bench/scenarios/calendar.ts
//
// Writes bench/results/issue-16-calendar.md. Random instants over 2024–2026 (a fixed seed, so
// runs compare); durations up to 400 business hours (complaint limits are 24–72 h).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { compileCalendar } from '../../packages/server/src/modules/sla/calendars/business-clock.ts';
import { referenceClock } from '../../packages/server/src/modules/sla/calendars/reference-clock.ts';
import { shippedCalendars } from '../../packages/server/src/modules/sla/calendars/shipped-calendars.ts';
import type { BusinessClock, ResolvedCalendar } from '../../packages/server/src/modules/sla/model.ts';

const FROM = Date.UTC(2024, 0, 1);
const SPAN_SECONDS = 3 * 365 * 86_400;

/** A small deterministic generator (mulberry32): the same inputs on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function inputs(count: number) {
  const next = random(16);
  return Array.from({ length: count }, () => {
    const from = new Date(FROM + Math.floor(next() * SPAN_SECONDS) * 1000);
    return { from, to: new Date(from.getTime() + Math.floor(next() * 30 * 86_400) * 1000), seconds: Math.floor(next() * 400 * 3600) };
  });
}

function perSecond(count: number, run: () => void): number {
  const start = performance.now();
  run();
  return Math.round(count / ((performance.now() - start) / 1000));
}

function measure(name: string, clock: () => BusinessClock, count: number) {
  const data = inputs(count);
  const compileStart = performance.now();
  const c = clock();
  c.add(new Date(FROM), 0); // the first year, built on first use
  const firstYearMs = performance.now() - compileStart;
  const warm = inputs(200);
  for (const i of warm) c.add(i.from, i.seconds); // every year of the range built
  const adds = perSecond(count, () => {
    for (const i of data) c.add(i.from, i.seconds);
  });
  const elapsed = perSecond(count, () => {
    for (const i of data) c.elapsed(i.from, i.to);
  });
  return { name, count, firstYearMs: Math.round(firstYearMs * 10) / 10, adds, elapsed };
}

export function runCalendarBench() {
  const calendar = shippedCalendars().find((c) => c.key === 'cn-mainland')!.definition as ResolvedCalendar;
  return {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version, load1: Math.round(loadavg()[0]! * 100) / 100 },
    rows: [measure('compiled (intervals + prefix sums)', () => compileCalendar(calendar), 200_000), measure('reference (day by day)', () => referenceClock(calendar), 2_000)],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = runCalendarBench();
  const lines = [
    '# Issue 16: business-clock arithmetic (cn-mainland)',
    '',
    `Run ${result.at}; ${result.machine.cpus} × ${result.machine.model}, Node ${result.machine.node}, load average ${result.machine.load1} (a shared machine: compare rows of one run).`,
    'Random instants over 2024–2026 (fixed seed), add of up to 400 business hours, elapsed over up to 30 days.',
    '',
    '| clock | calls | first year built (ms) | add / s | elapsed / s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...result.rows.map((r) => `| ${r.name} | ${r.count.toLocaleString('en-US')} | ${r.firstYearMs} | ${r.adds.toLocaleString('en-US')} | ${r.elapsed.toLocaleString('en-US')} |`),
    '',
    'Command: `node --conditions=@docket/source --import tsx bench/scenarios/calendar.ts`.',
    '',
  ];
  writeFileSync(new URL('../results/issue-16-calendar.md', import.meta.url), lines.join('\n'));
  console.log(lines.join('\n'));
}
