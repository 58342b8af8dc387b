import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { WEEKDAYS } from '../model.ts';
import { CalendarDaySchema, type CalendarDefinitionSchema, TimeSpanSchema } from '../schemas.ts';
import { CALENDAR_DAY_KINDS } from './calendar-days.ts';
import { addOnCalendar, elapsedOnCalendar, getCalendar, listCalendars, listDaysOfCalendar, MAX_CALENDAR_DAYS } from './calendar-queries.ts';
import { createCalendar, updateCalendar } from './save-calendar.ts';

const tags = ['calendars'];
const KEY = '^[a-z0-9][a-z0-9-]{0,62}$';
const Instant = Type.String({ format: 'date-time' });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 63, description: 'The calendar’s id (uuid) or key' }) });
const VersionQuery = Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'A version of the calendar; absent: the version in force at `from`' }));
/** The shared CalendarDefinition schema by $ref, typed. */
const DefinitionRef = () => Type.Unsafe<Static<typeof CalendarDefinitionSchema>>(Type.Ref('CalendarDefinition'));
const YearsWithoutDays = Type.Array(Type.Integer(), {
  description:
    'Years the answer crosses of which this calendar lists no holiday or make-up day while it lists them for others: counted by the weekly hours alone, e.g. a year whose official schedule has not been added yet. Empty when none',
});
const ProvisionalYears = Type.Array(Type.Integer(), {
  description:
    'Years the answer crosses of which this calendar lists provisional statutory holidays (added by Docket before the State Council published the year’s notice): counted with the statutory holidays only, without the notice’s bridging days and make-up working days (调休). Empty when none',
});
const InstantText = (description: string) => Type.String({ minLength: 1, maxLength: 64, description });

export const CalendarSummaryView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    key: Type.String(),
    name: Type.String(),
    parentKey: Type.Union([Type.String(), Type.Null()], { description: 'The calendar this branch calendar extends' }),
    departmentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'Cases of this department (and its sub-departments without their own) use this calendar' }),
    departmentName: Type.Union([Type.String(), Type.Null()]),
    currentVersion: Type.Integer({ description: 'The version in force now' }),
    timeZone: Type.String(),
    alwaysOpen: Type.Boolean(),
    updatedAt: Instant,
  },
  { $id: 'CalendarSummary' },
);

const ResolvedCalendarView = Type.Object(
  {
    timeZone: Type.String(),
    alwaysOpen: Type.Boolean(),
    weekly: Type.Object(Object.fromEntries(WEEKDAYS.map((d) => [d, Type.Array(TimeSpanSchema)])) as Record<(typeof WEEKDAYS)[number], ReturnType<typeof Type.Array<typeof TimeSpanSchema>>>),
    days: Type.Array(CalendarDaySchema),
  },
  { description: 'The definition resolved against the parent calendars: what clocks compute with' },
);

export const CalendarView = Type.Object(
  {
    ...CalendarSummaryView.properties,
    version: Type.Integer({ description: 'The version shown' }),
    effectiveFrom: Instant,
    definition: DefinitionRef(),
    resolved: ResolvedCalendarView,
    versions: Type.Array(
      Type.Object({
        version: Type.Integer(),
        effectiveFrom: Instant,
        reason: Type.Union([Type.String(), Type.Null()]),
        createdAt: Instant,
        createdByName: Type.Union([Type.String(), Type.Null()]),
        correction: Type.Boolean({ description: 'It replaced a version of the same effective date' }),
      }),
      { description: 'Newest first' },
    ),
  },
  { $id: 'Calendar' },
);

const CreateBody = Type.Object(
  {
    key: Type.String({ pattern: KEY }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    parentKey: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 63 }), Type.Null()], { description: 'A branch calendar extends this one' })),
    departmentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    definition: DefinitionRef(),
    effectiveFrom: Type.Optional(InstantText('When the first version takes effect (RFC 3339 with offset); default now')),
  },
  { additionalProperties: false },
);

const UpdateBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    parentKey: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 63 }), Type.Null()], { description: 'null: no parent any more' })),
    definition: DefinitionRef(),
    effectiveFrom: Type.Optional(InstantText('Absent: a correction of the version in force now (open clocks move to it). A future instant: a version scheduled from then. Past: refused')),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

const DayView = Type.Object({
  date: Type.String({ format: 'date' }),
  weekday: StringEnum(WEEKDAYS),
  kind: StringEnum(CALENDAR_DAY_KINDS, { description: 'makeup-workday: a working day on a weekday without weekly hours (调休)' }),
  name: Type.Union([Type.String(), Type.Null()]),
  spans: Type.Array(TimeSpanSchema),
  workingSeconds: Type.Integer(),
  provisional: Type.Optional(Type.Literal(true, { description: 'A statutory holiday Docket added before the State Council published the year’s notice; absent otherwise' })),
});

export const calendarRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/calendars', { schema: { tags, summary: 'Business calendars (calendar:read)', response: { 200: Type.Object({ items: Type.Array(Type.Ref('CalendarSummary')) }) } } }, async (request) => ({
    items: await deps.commands.inQuery(commandMetaOf(request), listCalendars),
  }));

  app.post(
    '/calendars',
    { schema: { tags, summary: 'Create a calendar, e.g. a branch calendar that extends cn-mainland (sla:admin)', body: CreateBody, response: { 201: Type.Ref('Calendar') } } },
    async (request, reply) => {
      const detail = await deps.commands.runCommand(commandMetaOf(request), async (ctx) => {
        const saved = await createCalendar(ctx, request.body);
        return getCalendar(ctx, saved.calendar.id, saved.version);
      });
      return reply.code(201).send(detail);
    },
  );

  app.get(
    '/calendars/:id',
    {
      schema: {
        tags,
        summary: 'A calendar: the version in force now (or the one asked for) and every version',
        params: IdParams,
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'A version; absent: the one in force now' })) }),
        response: { 200: Type.Ref('Calendar') },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => getCalendar(ctx, request.params.id, request.query.version)),
  );

  app.put(
    '/calendars/:id',
    {
      schema: {
        tags,
        summary: 'A new version of a calendar: a correction of the version in force now (open clocks move, audited), or a version from a future date (sla:admin)',
        params: IdParams,
        body: UpdateBody,
        response: { 200: Type.Ref('Calendar') },
      },
    },
    async (request) =>
      deps.commands.runCommand({ ...commandMetaOf(request), reason: request.body.reason }, async (ctx) => {
        const saved = await updateCalendar(ctx, request.params.id, request.body);
        return getCalendar(ctx, saved.calendar.id, saved.version);
      }),
  );

  app.get(
    '/calendars/:id/add',
    {
      schema: {
        tags,
        summary: 'The instant a duration of business time after `from` on this calendar',
        params: IdParams,
        querystring: Type.Object({
          from: InstantText('RFC 3339 with an offset: 2026-09-30T16:00:00+08:00'),
          duration: Type.String({ minLength: 1, maxLength: 40, description: 'ISO 8601 duration of business time: PT8H, P3D (a day = 24 business hours)' }),
          version: VersionQuery,
        }),
        response: { 200: Type.Object({ dueAt: Instant, calendarVersion: Type.Integer(), yearsWithoutDays: YearsWithoutDays, provisionalYears: ProvisionalYears }) },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => addOnCalendar(ctx, request.params.id, request.query)),
  );

  app.get(
    '/calendars/:id/elapsed',
    {
      schema: {
        tags,
        summary: 'Business time between two instants on this calendar',
        params: IdParams,
        querystring: Type.Object({ from: InstantText('RFC 3339 with an offset'), to: InstantText('RFC 3339 with an offset, not before from'), version: VersionQuery }),
        response: {
          200: Type.Object({
            seconds: Type.Integer(),
            duration: Type.String({ description: 'ISO 8601 in hours, minutes and seconds: PT55H30M, PT0S' }),
            calendarVersion: Type.Integer(),
            yearsWithoutDays: YearsWithoutDays,
            provisionalYears: ProvisionalYears,
          }),
        },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => elapsedOnCalendar(ctx, request.params.id, request.query)),
  );

  app.get(
    '/calendars/:id/days',
    {
      schema: {
        tags,
        summary: `Each day from \`from\` to \`to\` (at most ${MAX_CALENDAR_DAYS}): working day, rest day, holiday or make-up working day (调休), its hours and name`,
        params: IdParams,
        querystring: Type.Object({
          from: Type.String({ minLength: 1, maxLength: 10, description: 'YYYY-MM-DD' }),
          to: Type.String({ minLength: 1, maxLength: 10, description: 'YYYY-MM-DD, inclusive' }),
          version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'A version; absent: the one in force on `from`' })),
        }),
        response: { 200: Type.Object({ calendarVersion: Type.Integer(), items: Type.Array(DayView) }) },
      },
    },
    async (request) => deps.commands.inQuery(commandMetaOf(request), (ctx) => listDaysOfCalendar(ctx, request.params.id, request.query)),
  );
};

export const calendarSchemas = [CalendarSummaryView, CalendarView];
