import { WEEKDAYS, type CalendarDay, type CalendarDefinition, type ResolvedCalendar } from '../model.ts';

/**
 * A definition as entered, resolved against its parent's resolved calendar (a branch calendar
 * names only what differs): timeZone, alwaysOpen and weekly replace the parent's when given (a
 * weekday left out of a given week has no hours); days merge by date, the child's winning.
 * Without a parent, what is left out is empty (timeZone '' is then refused by validation).
 */
export function resolveCalendarDefinition(definition: CalendarDefinition, parent?: ResolvedCalendar): ResolvedCalendar {
  const weekly = definition.weekly
    ? (Object.fromEntries(WEEKDAYS.map((d) => [d, definition.weekly?.[d] ?? []])) as ResolvedCalendar['weekly'])
    : parent
      ? parent.weekly
      : (Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as ResolvedCalendar['weekly']);
  const days = new Map<string, CalendarDay>();
  for (const day of parent?.days ?? []) days.set(day.date, day);
  for (const day of definition.days ?? []) days.set(day.date, day);
  return {
    timeZone: definition.timeZone ?? parent?.timeZone ?? '',
    alwaysOpen: definition.alwaysOpen ?? parent?.alwaysOpen ?? false,
    weekly,
    days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
  };
}
