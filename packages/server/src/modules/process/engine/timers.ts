import { parseInstantWithOffset, parseIsoDurationMs } from '../../../platform/clock/iso-duration.ts';
import type { TimerDef } from '../graph.ts';

/** When a timer is due and whether it repeats: `repetitionsLeft` after this firing (null: `R/` without end). */
export interface TimerSchedule {
  dueAt: Date;
  intervalMs: number | null;
  repetitionsLeft: number | null;
}

const CYCLE = /^R(\d*)\/(?:([^/]+)\/)?(P[^/]+)$/;

/** Reads a timer's ISO text (already resolved from an expression) at `now`; throws with the reason. */
export function timerSchedule(type: TimerDef['type'], text: string, now: Date): TimerSchedule {
  const value = text.trim();
  if (type === 'date') return { dueAt: instantOrThrow(value), intervalMs: null, repetitionsLeft: null };
  if (type === 'duration') return { dueAt: new Date(now.getTime() + durationOrThrow(value)), intervalMs: null, repetitionsLeft: 0 };
  const match = CYCLE.exec(value);
  if (!match) throw new Error(`timer cycle ${JSON.stringify(value)} is not an ISO 8601 repeating interval such as R3/PT10M or R/PT1H`);
  const [, count, start, duration] = match;
  const intervalMs = durationOrThrow(duration as string);
  if (intervalMs <= 0) throw new Error(`timer cycle ${JSON.stringify(value)} has no positive interval`);
  const repetitions = count === '' ? null : Number(count);
  if (repetitions !== null && repetitions < 1) throw new Error(`timer cycle ${JSON.stringify(value)} repeats no time`);
  const dueAt = start ? instantOrThrow(start) : new Date(now.getTime() + intervalMs);
  return { dueAt, intervalMs, repetitionsLeft: repetitions === null ? null : repetitions - 1 };
}

function durationOrThrow(text: string): number {
  const parsed = parseIsoDurationMs(text);
  if (!parsed.ok) throw new Error(`timer duration ${JSON.stringify(text)}: ${parsed.reason}`);
  return parsed.ms;
}

function instantOrThrow(text: string): Date {
  const parsed = parseInstantWithOffset(text);
  if (!parsed.ok) throw new Error(`timer date ${JSON.stringify(text)}: ${parsed.reason}`);
  return parsed.instant;
}

/** A due date given as an ISO duration (from now) or an instant. */
export function dueDateFrom(text: string, now: Date): Date {
  const value = text.trim();
  const duration = parseIsoDurationMs(value);
  if (duration.ok) return new Date(now.getTime() + duration.ms);
  const instant = parseInstantWithOffset(value);
  if (instant.ok) return instant.instant;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (date && !Number.isNaN(date.getTime())) return date;
  throw new Error(`due date ${JSON.stringify(value)} is neither an ISO 8601 duration nor a date-time with an offset`);
}
