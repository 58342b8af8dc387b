import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { principalOrThrow } from '../http/command-meta.ts';
import type { Principal } from '../http/principal.ts';
import { httpProblems } from '../http/problem.ts';
import { parseInstantWithOffset, parseIsoDurationMs } from './iso-duration.ts';
import { clockProblems } from './problems.ts';
import type { TestClock } from './test-clock.ts';

export interface TestClockRouteOptions {
  clock: TestClock;
  /** Runs every job due at the new time to completion (the worker registry). */
  runDue(now: Date): Promise<void>;
  /** Whether this principal administers Docket (app.ts decides; the platform knows no roles). */
  mayMoveClock(principal: Principal): boolean;
  log?: { warn(obj: object, msg?: string): void };
  /** Keeps the move in the audit trail (who moved time, from when to when), before due jobs run. */
  recordMove?(move: { by: Principal; from: Date; to: Date; requestId: string; clientIp: string | null }): Promise<void>;
}

const ClockView = Type.Object({ now: Type.String({ format: 'date-time', description: 'the test clock, UTC' }) });
const MoveClockBody = Type.Object(
  {
    advance: Type.Optional(Type.String({ maxLength: 100, description: 'ISO 8601 duration of weeks, days, hours, minutes, seconds: PT2H, P1DT30M' })),
    set: Type.Optional(Type.String({ maxLength: 100, description: 'RFC 3339 date-time with an offset: 2026-05-01T09:00:00+08:00' })),
  },
  { additionalProperties: false },
);

/** Served only when DOCKET_TEST_CLOCK=true (app.ts registers it for a TestClock only). */
export const testClockRoutes: FastifyPluginAsyncTypebox<TestClockRouteOptions> = async (app, options) => {
  const { clock } = options;
  // Moves run one after another: each answers after its own due jobs ran, in time order.
  let moving: Promise<unknown> = Promise.resolve();

  app.get('/test-clock', { schema: { operationId: 'getTestClock', tags: ['test-clock'], summary: 'The test clock (DOCKET_TEST_CLOCK=true only)', response: { 200: ClockView } } }, async (request) => {
    principalOrThrow(request);
    return { now: clock.now().toISOString() };
  });

  app.post(
    '/test-clock',
    {
      schema: {
        operationId: 'moveTestClock',
        tags: ['test-clock'],
        summary: 'Moves the test clock forward and runs every job due by then before answering (administrators, DOCKET_TEST_CLOCK=true only)',
        body: MoveClockBody,
        response: { 200: ClockView },
      },
    },
    async (request) => {
      const principal = principalOrThrow(request);
      if (!options.mayMoveClock(principal)) throw httpProblems.forbidden({ detail: 'Only an administrator may move the test clock', action: 'user:admin' });
      const { advance, set } = request.body;
      if ((advance === undefined) === (set === undefined)) {
        const reason = 'give either advance (a duration) or set (an instant), not both and not neither';
        throw httpProblems.validationFailed({
          errors: [
            { field: 'advance', reason },
            { field: 'set', reason },
          ],
        });
      }
      let target: (from: Date) => Date;
      if (advance !== undefined) {
        const duration = parseIsoDurationMs(advance);
        if (!duration.ok) throw httpProblems.validationFailed({ errors: [{ field: 'advance', reason: duration.reason }] });
        target = (from) => new Date(from.getTime() + duration.ms);
      } else {
        const instant = parseInstantWithOffset(set!);
        if (!instant.ok) throw httpProblems.validationFailed({ errors: [{ field: 'set', reason: instant.reason }] });
        target = () => instant.instant;
      }
      const move = moving.then(async () => {
        const from = clock.now();
        const to = target(from);
        if (!clock.moveTo(to)) {
          throw clockProblems.backwards({ detail: `The test clock is at ${from.toISOString()}; ${to.toISOString()} is before it`, now: from.toISOString() });
        }
        options.log?.warn({ from: from.toISOString(), to: to.toISOString(), by: principal.username }, 'the test clock moved');
        await options.recordMove?.({ by: principal, from, to, requestId: request.id, clientIp: request.ip ?? null });
        await options.runDue(to);
        return to;
      });
      moving = move.catch(() => undefined);
      return { now: (await move).toISOString() };
    },
  );
};
