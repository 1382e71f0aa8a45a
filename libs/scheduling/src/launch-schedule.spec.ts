import { launchSpec } from './launch-schedule';
import { parseDateTimeIn, wallClockIn } from './wall-clock';

describe('launch times in a zone', () => {
  it('reads a time without an offset as the wall clock of the zone, and one with an offset as that instant', () => {
    expect(parseDateTimeIn('2031-07-01T09:00', 'America/New_York')?.toISOString()).toBe('2031-07-01T13:00:00.000Z');
    expect(parseDateTimeIn('2031-01-01T09:00:30', 'America/New_York')?.toISOString()).toBe('2031-01-01T14:00:30.000Z');
    expect(parseDateTimeIn('2031-07-01T09:00:00+02:00', 'America/New_York')?.toISOString()).toBe('2031-07-01T07:00:00.000Z');
    expect(parseDateTimeIn('2031-07-01T09:00:00Z', 'Asia/Tokyo')?.toISOString()).toBe('2031-07-01T09:00:00.000Z');
    // Whole seconds: what `new Date().toISOString()` sends is accepted, its milliseconds dropped.
    expect(parseDateTimeIn('2031-07-01T09:00:00.750Z', 'UTC')?.toISOString()).toBe('2031-07-01T09:00:00.000Z');
    expect(parseDateTimeIn('2031-07-01T09:00:00.750', 'Asia/Tokyo')?.toISOString()).toBe('2031-07-01T00:00:00.000Z');
  });

  it('refuses times that do not exist: a date past the month, a field out of range, the hour skipped in spring', () => {
    expect(parseDateTimeIn('2031-02-30T09:00:00Z', 'UTC')).toBeUndefined();
    expect(parseDateTimeIn('2031-02-01T09:00:61Z', 'UTC')).toBeUndefined();
    expect(parseDateTimeIn('2031-02-01T24:00:00', 'UTC')).toBeUndefined();
    expect(parseDateTimeIn('2030-03-10T02:30:00', 'America/New_York')).toBeUndefined();
    expect(parseDateTimeIn('2031-02-01', 'UTC')).toBeUndefined();
  });

  it('fires a one-off launch once, at its wall-clock time, even in the hour that repeats in autumn', () => {
    // 01:30 happens twice in New York on 3 November 2030; the second one is 06:30 UTC.
    const second = new Date('2030-11-03T06:30:00Z');
    expect(wallClockIn(second, 'America/New_York')).toMatchObject({ day: 3, hour: 1, minute: 30 });
    const spec = launchSpec({ kind: 'once', startAt: second.toISOString(), stopAt: null, timezone: 'America/New_York' });
    expect(spec).toMatchObject({
      timezone: 'America/New_York',
      jitter: 0,
      calendars: [{ year: 2030, month: 'NOVEMBER', dayOfMonth: 3, hour: 1, minute: 30, second: 0 }],
      startAt: second,
      endAt: second,
    });
  });

  it('fires a recurring launch on the given days at the given time', () => {
    const spec = launchSpec({ kind: 'recurring', cron: null, calendar: { time: '09:05', days: [1, 5] }, timezone: 'Europe/Paris', stopAfterMinutes: 60 });
    expect(spec.calendars).toEqual([{ hour: 9, minute: 5, dayOfWeek: ['MONDAY', 'FRIDAY'], comment: 'recurring launch' }]);
    expect(launchSpec({ kind: 'recurring', cron: '0 9 * * 1-5', calendar: null, timezone: 'UTC', stopAfterMinutes: null }).cronExpressions).toEqual(['0 9 * * 1-5']);
  });
});
