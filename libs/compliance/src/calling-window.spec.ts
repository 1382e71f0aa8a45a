import { LEGAL_WINDOW, effectiveWindow, isCallableAt, nextCallableAt, zoneWithLocalTimeBetween } from './calling-window';
import { contactZones } from './timezone';

const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const at = (iso: string) => new Date(iso);

describe('calling window', () => {
  it('narrows a campaign window to 08:00-21:00 and its days', () => {
    expect(effectiveWindow({ start: '07:00', end: '22:30', days: [1, 2, 3] })).toEqual({ start: '08:00', end: '21:00', days: [1, 2, 3] });
    expect(effectiveWindow({ start: '10:00', end: '12:00', days: [0, 6] })).toEqual({ start: '10:00', end: '12:00', days: [0, 6] });
    expect(effectiveWindow(null)).toEqual(LEGAL_WINDOW);
    expect(effectiveWindow({ start: '21:30', end: '23:00', days: [1] })).toEqual({ start: '21:30', end: '21:30', days: [1] });
  });

  it('answers in local time, start inclusive and end exclusive', () => {
    // 2026-11-24 is a Tuesday; New York is UTC-5 in November.
    expect(isCallableAt(at('2026-11-24T12:59:00Z'), [NY], LEGAL_WINDOW)).toBe(false);
    expect(isCallableAt(at('2026-11-24T13:00:00Z'), [NY], LEGAL_WINDOW)).toBe(true);
    expect(isCallableAt(at('2026-11-25T01:59:00Z'), [NY], LEGAL_WINDOW)).toBe(true);
    expect(isCallableAt(at('2026-11-25T02:00:00Z'), [NY], LEGAL_WINDOW)).toBe(false);
    expect(isCallableAt(at('2026-11-24T15:00:00Z'), [], LEGAL_WINDOW)).toBe(false);
  });

  it('follows daylight saving time through the zone database', () => {
    // New York is UTC-4 in July: 08:00 local is 12:00 UTC.
    expect(isCallableAt(at('2026-07-14T12:00:00Z'), [NY], LEGAL_WINDOW)).toBe(true);
    expect(isCallableAt(at('2026-07-14T11:59:00Z'), [NY], LEGAL_WINDOW)).toBe(false);
    // The night DST starts (2026-03-08) and ends (2026-11-01): the next opening is 08:00 local.
    expect(nextCallableAt(at('2026-03-08T03:00:00Z'), [NY], LEGAL_WINDOW)).toEqual(at('2026-03-08T12:00:00Z'));
    expect(nextCallableAt(at('2026-11-01T03:00:00Z'), [NY], LEGAL_WINDOW)).toEqual(at('2026-11-01T13:00:00Z'));
  });

  it('requires every zone of a number to be open', () => {
    // 08:30 in New York is 05:30 in Los Angeles: wait for 08:00 in Los Angeles.
    const from = at('2026-11-24T13:30:00Z');
    expect(isCallableAt(from, [NY, LA], LEGAL_WINDOW)).toBe(false);
    expect(nextCallableAt(from, [NY, LA], LEGAL_WINDOW)).toEqual(at('2026-11-24T16:00:00Z'));
  });

  it('skips days the campaign does not call', () => {
    // Friday 2026-11-27 22:00 in New York; the campaign calls Monday to Friday.
    const weekdays = effectiveWindow({ start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] });
    expect(nextCallableAt(at('2026-11-28T03:00:00Z'), [NY], weekdays)).toEqual(at('2026-11-30T14:00:00Z'));
  });

  it('returns null when no common opening exists', () => {
    expect(nextCallableAt(at('2026-11-24T12:00:00Z'), [NY], { start: '10:00', end: '10:00', days: [1] })).toBeNull();
    // 09:00-10:00 in New York is 06:00-07:00 in Los Angeles: never open in both.
    expect(nextCallableAt(at('2026-11-24T12:00:00Z'), [NY, LA], { ...LEGAL_WINDOW, start: '09:00', end: '10:00' })).toBeNull();
    // Guam (UTC+10) and New York share 17:00-21:00 New York time.
    expect(nextCallableAt(at('2026-11-24T12:00:00Z'), ['Pacific/Guam', NY], LEGAL_WINDOW)).toEqual(at('2026-11-24T22:00:00Z'));
    expect(nextCallableAt(at('2026-11-24T12:00:00Z'), [], LEGAL_WINDOW)).toBeNull();
  });
});

describe('contact time zones', () => {
  it('prefers the contact record, then derives from the number, else unknown', async () => {
    expect(await contactZones('+14155550100', 'Europe/Paris')).toEqual({ zones: ['Europe/Paris'], source: 'contact' });
    expect(await contactZones('+14155550100', null)).toEqual({ zones: [LA], source: 'derived' });
    expect(await contactZones('+14155550100', 'Not/AZone')).toEqual({ zones: [LA], source: 'derived' });
    expect(await contactZones('12345', null)).toEqual({ zones: [], source: 'unknown' });
  });
});

describe('zoneWithLocalTimeBetween', () => {
  it('finds a zone in daytime at every hour of the day', () => {
    for (let hour = 0; hour < 24; hour++) {
      const at = new Date(Date.UTC(2026, 10, 24, hour, 30));
      const zone = zoneWithLocalTimeBetween(at, 10 * 60, 18 * 60);
      expect(isCallableAt(at, [zone], LEGAL_WINDOW)).toBe(true);
    }
  });
});
