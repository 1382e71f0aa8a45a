import { instantOf, localTime } from '../../compliance/src/calling-window';

/** A date and time as a clock on the wall of some zone shows it. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClockIn(instant: Date, zone: string): WallClock {
  const { year, month, day, minuteOfDay, second } = localTime(instant, zone);
  return { year, month, day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second };
}

/** Undefined when the zone's clocks skip that time (the hour lost when daylight saving time begins) or the date does not exist. */
export function instantOfWallClock(clock: WallClock, zone: string): Date | undefined {
  const instant = new Date(instantOf(zone, clock.year, clock.month, clock.day, clock.hour * 60 + clock.minute).getTime() + clock.second * 1000);
  return sameClock(wallClockIn(instant, zone), clock) ? instant : undefined;
}

function sameClock(a: WallClock, b: WallClock): boolean {
  return (Object.keys(a) as (keyof WallClock)[]).every((field) => a[field] === b[field]);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * The instant of an ISO 8601 date and time: with an offset (`Z`, `-04:00`) it is that instant; without one it is
 * the wall-clock time in `zone`. Schedules count whole seconds: a fraction of a second is dropped. Undefined
 * when the text is not such a date and time, or names no real instant.
 */
export function parseDateTimeIn(text: string, zone: string): Date | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, offset] = match.map((part) => part ?? '');
  const clock: WallClock = { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second || 0) };
  if (!offset) return instantOfWallClock(clock, zone);
  // Date rolls "2026-02-30T10:00Z" over to March 2nd: the fields must come back as written.
  const written = wallClockIn(new Date(Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second)), 'UTC');
  if (!sameClock(written, clock)) return undefined;
  const instant = new Date(text);
  return new Date(instant.getTime() - (((instant.getTime() % 1000) + 1000) % 1000));
}
