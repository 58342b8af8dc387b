import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSystemActorOrThrow } from '../../../../src/modules/access/index.ts';
import { registerAutomationJobs, registerAutomationTimeJobs, scanDateRuleDay } from '../../../../src/modules/automation/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import type { Principal } from '../../../../src/platform/http/principal.ts';
import { createJobHandlers } from '../../../../src/platform/jobs/index.ts';
import { createWorkerRegistry, type WorkerRegistry } from '../../../../src/platform/workers/index.ts';
import { testJobRunner } from '../../../helpers/job-runner.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// Time triggers through the durable scheduler: the test clock moves day by day, each move runs
// the jobs due by then (the daily scans at 09:00 Asia/Shanghai, the runs they schedule).
// 2026-12-20 08:00 in Shanghai.
const START = new Date('2026-12-20T00:00:00Z');
const ZONE = 'Asia/Shanghai';

let t: TestApp;
let clock: TestClock;
let workers: WorkerRegistry;
let admin: string;
let managerId: string;
let seed: Principal;
let scheduleRuleId: string;

const birthdayRule = { kind: 'date', objectType: 'customer', field: 'birthday', offsetDays: -7, recurrence: 'yearly', at: '09:00', timeZone: ZONE };

beforeAll(async () => {
  clock = new TestClock(START);
  const handlers = createJobHandlers();
  registerAutomationJobs(handlers, {});
  registerAutomationTimeJobs(handlers);
  workers = createWorkerRegistry();
  t = await createTestApp({ clock, workers, config: { testClock: true } });
  workers.register(testJobRunner(t, { clock, handlers, pollIntervalMs: 50 }));
  await workers.startAll();
  admin = await t.login('admin');
  managerId = await t.createUser('rm.zhang', ['agent']);
  seed = await findSystemActorOrThrow(t.database.db, 'system:seed');
  await createCustomerType();
  // A branch calendar over the mainland one: New Year's Day 2027 a holiday, Saturday 2 January a make-up working day (调休).
  const calendar = await api('POST', '/calendars', {
    key: 'branch-2027',
    name: 'Branch 2027',
    parentKey: 'cn-mainland',
    definition: {
      days: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-02', kind: 'workday', name: '元旦调休' },
      ],
    },
  });
  expect(calendar.statusCode, calendar.body).toBe(201);
  // Every day at 09:00, on the calendar's working days: enabled Sunday 20 December 08:00.
  scheduleRuleId = await createRule('daily-digest', { kind: 'schedule', cron: '0 9 * * *', calendarKey: 'branch-2027' }, 'Daily digest');
});
afterAll(async () => {
  await workers.stopAll();
  await t.close();
});

// ——— records (the records API) and rules ———

const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
async function api(method: 'POST' | 'PATCH' | 'PUT' | 'GET', url: string, payload?: object, headers: Record<string, string> = {}) {
  let res = await t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(admin), ...headers }, ...(payload ? { payload } : {}) });
  // A day's move of the clock outlives the session: sign in again.
  if (res.statusCode === 401) {
    admin = await t.login('admin');
    res = await t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(admin), ...headers }, ...(payload ? { payload } : {}) });
  }
  return res;
}

async function createCustomerType(): Promise<void> {
  const res = await api('POST', '/object-types', {
    key: 'customer',
    role: 'customer',
    name: label('客户', 'Customer'),
    numberPrefix: 'CUS',
    displayField: 'name',
    fields: [
      { key: 'name', type: 'text', label: label('姓名', 'Name'), required: true },
      { key: 'birthday', type: 'date', label: label('生日', 'Birthday') },
      { key: 'manager', type: 'user', label: label('客户经理', 'Relationship manager') },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function createCustomer(name: string, birthday: string): Promise<string> {
  const res = await api('POST', '/object-types/customer/records', { fields: { name, birthday, manager: managerId }, ownerId: managerId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function changeBirthday(id: string, birthday: string): Promise<void> {
  const current = await api('GET', `/records/${id}`);
  const res = await api('PATCH', `/records/${id}`, { fields: { birthday } }, { 'if-match': String(current.headers.etag) });
  expect(res.statusCode, res.body).toBe(200);
}

/** Saves a rule through the rules API and enables it (which schedules its first scan or fire). */
async function createRule(key: string, trigger: Record<string, unknown>, title: string): Promise<string> {
  const res = await api('POST', '/automation/rules', {
    key,
    name: key,
    trigger,
    condition: { kind: 'always' },
    actions: [{ type: 'create-task', title, assignee: trigger.kind === 'date' ? { userField: 'manager' } : { userId: managerId }, dueInDays: 7 }],
  });
  expect(res.statusCode, res.body).toBe(201);
  const enabled = await api('POST', `/automation/rules/${key}/enable`, {});
  expect(enabled.statusCode, enabled.body).toBe(200);
  return res.json().id as string;
}

// ——— the clock ———

const move = async (body: { advance?: string; set?: string }) => {
  const res = await api('POST', '/test-clock', body);
  expect(res.statusCode, res.body).toBe(200);
};
/** Walks to 10:00 Shanghai time of `day`, one day at a time: each step runs that day's 09:00 scan and the runs it schedules, at 10:00 that day. */
async function walkTo(day: string) {
  const today = localDay(clock.now());
  if (clock.now() < new Date(`${today}T10:00:00+08:00`)) await move({ set: `${today}T10:00:00+08:00` });
  while (localDay(clock.now()) < day) await move({ advance: 'PT24H' });
}

const localDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const runsOf = async (ruleId: string) =>
  (
    await t.sql<{ subject_id: string | null; occurrence: string; started_at: Date; status: string }>(
      'SELECT subject_id, occurrence, started_at, status FROM automation.run WHERE rule_id = $1 ORDER BY started_at, occurrence, subject_id',
      [ruleId],
    )
  ).map((r) => {
    expect(r.status).toBe('succeeded');
    return { subjectId: r.subject_id, occurrence: r.occurrence, day: localDay(r.started_at) };
  });
/** The follow-up tasks the birthday rule made, per customer (each task links to its record). */
const tasksByCustomer = async () => {
  const rows = await t.sql<{ link: string; assignee: string }>("SELECT link, assignee FROM process.task WHERE system = 'automation' AND link LIKE '%/records/customer/%'");
  const counts: Record<string, number> = {};
  for (const r of rows) {
    expect(r.assignee).toBe(managerId);
    const id = r.link.split('/').pop()!;
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
};

describe('the birthday rule: 7 days before, yearly', () => {
  let ruleId: string;
  const c = {} as Record<'newYear' | 'december' | 'leap' | 'june' | 'late' | 'caughtUp' | 'leapYearly', string>;

  beforeAll(async () => {
    c.newYear = await createCustomer('New Year', '1985-01-03');
    c.december = await createCustomer('December', '1990-12-30');
    c.leap = await createCustomer('Leap', '1992-02-29');
    c.june = await createCustomer('June', '1970-06-01');
    c.late = await createCustomer('Missed', '1980-02-14');
    c.caughtUp = await createCustomer('Caught up', '1980-02-20');
    c.leapYearly = await createCustomer('28 Feb', '1988-02-28');
    ruleId = await createRule('birthday-greeting', birthdayRule, '生日问候 {{record.number}}');
  });

  it('runs once per customer on the day 7 days before, across the year boundary', async () => {
    // when the clock walks day by day from 20 December to 5 January
    await walkTo('2027-01-05');
    // then: 30 December's birthday on 23 December, 3 January's on 27 December 2026
    expect(await runsOf(ruleId)).toEqual([
      { subjectId: c.december, occurrence: '2026-12-30', day: '2026-12-23' },
      { subjectId: c.newYear, occurrence: '2027-01-03', day: '2026-12-27' },
    ]);
    const [scan] = await t.sql<{ day: string }>("SELECT to_char(scanned_through, 'YYYY-MM-DD') AS day FROM automation.date_scan WHERE rule_id = $1", [ruleId]);
    expect(scan!.day).toBe('2027-01-05');
  });

  it('scanning a day again (twice) schedules nothing new and runs nothing twice', async () => {
    for (let i = 0; i < 2; i++) {
      const scheduled = await t.commands.runCommand({ actor: seed, channel: 'seed' }, (ctx) => scanDateRuleDay(ctx, { id: ruleId, trigger: birthdayRule }, '2026-12-27'));
      expect(scheduled).toBe(0);
    }
    await move({ advance: 'PT1M' });
    expect((await runsOf(ruleId)).length).toBe(2);
  });

  it('catches up the last 7 days after a gap, and no further back', async () => {
    // when no process ran from 5 January to 19 February 08:00 (the clock jumps)
    await move({ set: '2027-02-19T08:00:00+08:00' });
    // then the scans of 12–18 February ran late (20 February's birthday, due 13 February), 7 February's did not
    const runs = await runsOf(ruleId);
    expect(runs.slice(2)).toEqual([{ subjectId: c.caughtUp, occurrence: '2027-02-20', day: '2027-02-19' }]);
    expect(runs.some((r) => r.subjectId === c.late)).toBe(false);
  });

  it('observes 29 February on 28 February in 2027: its run is on 21 February, with the 28 February birthdays', async () => {
    await walkTo('2027-02-23');
    const runs = await runsOf(ruleId);
    expect(runs.slice(3)).toEqual(
      [
        { subjectId: c.leap, occurrence: '2027-02-28', day: '2027-02-21' },
        { subjectId: c.leapYearly, occurrence: '2027-02-28', day: '2027-02-21' },
      ].sort((a, b) => (a.subjectId < b.subjectId ? -1 : 1)),
    );
  });

  it('follows a changed birthday: due today after the scan runs now; a moved date runs on its new day only', async () => {
    // given it is 23 February 10:00, after the day's scan
    // when June's birthday becomes 2 March (7 days ahead: due today, after the scan)
    await changeBirthday(c.june, '1970-03-02');
    // and Missed's moves to 26 February (due 19 February: passed, so not run), then to 5 March (due 26 February)
    await changeBirthday(c.late, '1980-02-26');
    await changeBirthday(c.late, '1980-03-05');
    await move({ advance: 'PT1M' });
    let runs = await runsOf(ruleId);
    expect(runs.slice(5)).toEqual([{ subjectId: c.june, occurrence: '2027-03-02', day: '2027-02-23' }]);
    // and the day after, and up to 28 February
    await walkTo('2027-02-28');
    runs = await runsOf(ruleId);
    expect(runs.slice(6)).toEqual([{ subjectId: c.late, occurrence: '2027-03-05', day: '2027-02-26' }]);
    // once each: no customer has two runs for one occurrence
    const keys = runs.map((r) => `${r.subjectId}:${r.occurrence}`);
    expect(new Set(keys).size).toBe(keys.length);
    // and each run made exactly one follow-up task for the customer's relationship manager
    expect(await tasksByCustomer()).toEqual({ [c.december]: 1, [c.newYear]: 1, [c.caughtUp]: 1, [c.leap]: 1, [c.leapYearly]: 1, [c.june]: 1, [c.late]: 1 });
  });
});

describe('a schedule trigger in a business calendar', () => {
  it('ran at 09:00 on working days only: not on weekends, not on a holiday, on a make-up Saturday', async () => {
    // (the clock walked from Sunday 20 December to Tuesday 5 January above)
    const days = (await runsOf(scheduleRuleId)).filter((r) => r.day <= '2027-01-05');
    expect(days.map((r) => r.day)).toEqual([
      '2026-12-21',
      '2026-12-22',
      '2026-12-23',
      '2026-12-24',
      '2026-12-25',
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-02',
      '2027-01-04',
      '2027-01-05',
    ]);
    expect(days.every((r) => r.subjectId === null)).toBe(true);
    // each run for its own 09:00 fire
    expect(days[0]!.occurrence).toBe('2026-12-21T01:00:00.000Z');
  });
});

describe('the rules API and the dry-run with time triggers', () => {
  const definition = (trigger: Record<string, unknown>) => ({
    name: 'bad',
    trigger,
    condition: { kind: 'always' },
    actions: [{ type: 'create-task', title: 'x', assignee: { userId: managerId } }],
  });

  it('refuses a wrong date or schedule trigger with 400 naming each setting, and saves nothing', async () => {
    const before = await t.sql('SELECT count(*)::int AS n FROM automation.rule');
    let problem = expectProblem(
      await api('POST', '/automation/rules', { key: 'bad-date', ...definition({ kind: 'date', objectType: 'customer', field: 'birthday', offsetDays: 1.5, recurrence: 'monthly', at: '9am' }) }),
      400,
      'validation-failed',
    );
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(expect.arrayContaining(['trigger.at', 'trigger.offsetDays', 'trigger.recurrence']));
    problem = expectProblem(
      await api('POST', '/automation/rules', { key: 'bad-field', ...definition({ kind: 'date', objectType: 'customer', field: 'name', offsetDays: -7, recurrence: 'yearly' }) }),
      400,
      'validation-failed',
    );
    expect(problem.errors).toContainEqual(expect.objectContaining({ field: 'trigger.field', reason: 'is not a date field of customer' }));
    problem = expectProblem(
      await api('POST', '/automation/rules', { key: 'bad-cron', ...definition({ kind: 'schedule', cron: '0 9 * *', calendarKey: 'no-such-calendar' }) }),
      400,
      'validation-failed',
    );
    expect(problem.errors!.map((e) => e.field)).toContain('trigger.cron');
    expect(await t.sql('SELECT count(*)::int AS n FROM automation.rule')).toEqual(before);
  });

  it('dry-runs a date rule on the records due today, changing nothing', async () => {
    // 28 February 2027: June's birthday (2 March) is 2 days away
    const runsBefore = await t.sql('SELECT count(*)::int AS n FROM automation.run');
    const res = await api('POST', '/automation/rules/dry-run', {
      ...definition({ kind: 'date', objectType: 'customer', field: 'birthday', offsetDays: -2, recurrence: 'yearly', timeZone: ZONE }),
      name: 'two days before',
    });
    expect(res.statusCode, res.body).toBe(200);
    const subjects = res.json().subjects as { subject: { id: string }; status: string }[];
    expect(subjects.map((s) => s.subject.id)).toHaveLength(1);
    expect(subjects[0]).toMatchObject({ status: 'succeeded' });
    expect(await t.sql('SELECT count(*)::int AS n FROM automation.run')).toEqual(runsBefore);
  });
});
