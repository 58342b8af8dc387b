import { date, dateAndTime, duration, FeelDate, FeelDateTime, FeelDuration, FeelRange, FeelTime, isFunction, time } from 'feelin';

/** The FEEL type of a value, by the names the DMN 1.3 type language uses (§10.3.2.9). */
export type FeelTypeName =
  | 'null'
  | 'number'
  | 'string'
  | 'boolean'
  | 'date'
  | 'time'
  | 'date and time'
  | 'days and time duration'
  | 'years and months duration'
  | 'list'
  | 'context'
  | 'range'
  | 'function';

export function feelTypeOf(value: unknown): FeelTypeName {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'list';
  if (value instanceof FeelDate) return 'date';
  if (value instanceof FeelTime) return 'time';
  if (value instanceof FeelDateTime) return 'date and time';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'years and months duration' : 'days and time duration';
  if (value instanceof FeelRange) return 'range';
  if (typeof value === 'function' || isFunction(value)) return 'function';
  return 'context';
}

/** A date from `2020-01-01` (a string with a time gives null: that is a date and time). */
export function feelDateFrom(text: string): unknown {
  const parsed = date(text);
  return parsed instanceof FeelDate ? parsed : null;
}

export function feelTimeFrom(text: string): unknown {
  return time(text);
}

export function feelDateTimeFrom(text: string): unknown {
  return dateAndTime(text);
}

export function feelDurationFrom(text: string): unknown {
  return duration(text);
}

/**
 * Whether two FEEL values are the same value: numbers as decimals (to 15 significant digits,
 * what a binary double holds), dates, times and durations by their value, lists and contexts
 * element by element.
 */
export function feelValuesEqual(a: unknown, b: unknown, options: { relativeTolerance?: number } = {}): boolean {
  const typeA = feelTypeOf(a);
  const typeB = feelTypeOf(b);
  if (typeA !== typeB) return false;
  switch (typeA) {
    case 'null':
      return true;
    case 'number':
      return numbersEqual(a as number, b as number, options.relativeTolerance ?? 0);
    case 'string':
    case 'boolean':
      return a === b;
    case 'list': {
      const listA = a as unknown[];
      const listB = b as unknown[];
      return listA.length === listB.length && listA.every((item, i) => feelValuesEqual(item, listB[i], options));
    }
    case 'context': {
      const keysA = Object.keys(a as object);
      const keysB = Object.keys(b as object);
      return (
        keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b as object, key) && feelValuesEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], options))
      );
    }
    case 'days and time duration':
    case 'years and months duration':
      return durationKey(a as FeelDuration) === durationKey(b as FeelDuration);
    case 'date and time':
    case 'time': {
      const zonedA = (a as FeelTime | FeelDateTime).zone;
      const zonedB = (b as FeelTime | FeelDateTime).zone;
      if ((zonedA === null) !== (zonedB === null)) return false;
      return String(a) === String(b) || instantOf(a as FeelTime | FeelDateTime) === instantOf(b as FeelTime | FeelDateTime);
    }
    default:
      return String(a) === String(b);
  }
}

function numbersEqual(a: number, b: number, relativeTolerance: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (Number(a.toPrecision(15)) === Number(b.toPrecision(15))) return true;
  return relativeTolerance > 0 && Math.abs(a - b) <= relativeTolerance * Math.max(Math.abs(a), Math.abs(b));
}

function durationKey(value: FeelDuration): string {
  const d = value.value;
  if (value.yearsMonths) return `M${d.years * 12 + d.months}`;
  const seconds = d.days * 86400 + d.hours * 3600 + d.minutes * 60 + d.seconds + d.milliseconds / 1e3 + d.microseconds / 1e6 + d.nanoseconds / 1e9;
  return `S${Number(seconds.toPrecision(15))}`;
}

function instantOf(value: FeelTime | FeelDateTime): string {
  const offsetSeconds = (() => {
    const offset = value['time offset'];
    return offset ? offset.value.total({ unit: 'seconds' }) : 0;
  })();
  const plain = value.value as unknown as { toString(): string };
  return `${plain.toString()}|${offsetSeconds}`;
}
