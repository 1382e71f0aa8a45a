/**
 * When a person may be called: a campaign's window intersected with the legal default, evaluated in the
 * contact's IANA time zones (every one of them, when a number maps to several), so daylight saving time
 * is the zone database's business, not ours.
 */

import type { CallingWindow } from '../../contracts/src/domain';

export type { CallingWindow };

/** 08:00-21:00 local time every day: the US federal rule (TCPA) and a safe default elsewhere. */
export const LEGAL_WINDOW: CallingWindow = { start: '08:00', end: '21:00', days: [0, 1, 2, 3, 4, 5, 6] };

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseHhMm(value: string): number {
  const match = HH_MM.exec(value);
  if (!match) throw new Error(`"${value}" is not a time of day in HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Zone names already judged: building an Intl formatter costs about a millisecond, and every claim asks. */
const zoneValidity = new Map<string, boolean>();

export function isValidTimeZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    zoneValidity.set(zone, valid);
  }
  return valid;
}

/** The campaign's window narrowed to the legal one; an empty intersection is allowed and means never. */
export function effectiveWindow(campaign: CallingWindow | null | undefined, legal: CallingWindow = LEGAL_WINDOW): CallingWindow {
  if (!campaign) return legal;
  const start = Math.max(parseHhMm(campaign.start), parseHhMm(legal.start));
  const end = Math.min(parseHhMm(campaign.end), parseHhMm(legal.end));
  return {
    start: formatHhMm(start),
    end: formatHhMm(Math.max(start, end)),
    days: campaign.days.filter((d) => legal.days.includes(d)),
  };
}

function formatHhMm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minuteOfDay: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function localTime(at: Date, zone: string): LocalTime {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    second: Number(parts.second),
  };
}

function isOpenIn(at: Date, zone: string, window: CallingWindow): boolean {
  const local = localTime(at, zone);
  return (
    window.days.includes(local.weekday) &&
    local.minuteOfDay >= parseHhMm(window.start) &&
    local.minuteOfDay < parseHhMm(window.end)
  );
}

export function isCallableAt(at: Date, zones: readonly string[], window: CallingWindow): boolean {
  return zones.length > 0 && zones.every((zone) => isOpenIn(at, zone, window));
}

/** The instant a local wall-clock time happens in a zone; `day` may run past the month's end. */
export function instantOf(zone: string, year: number, month: number, day: number, minuteOfDay: number): Date {
  const wall = Date.UTC(year, month - 1, day, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const local = localTime(new Date(guess), zone);
    const shownAsUtc = Date.UTC(local.year, local.month - 1, local.day, 0, local.minuteOfDay);
    guess += wall - shownAsUtc;
  }
  return new Date(guess);
}

/**
 * The first instant at or after `from` when every zone's window is open, or null when none comes within
 * `horizonDays` (an empty window, or zones too far apart ever to share one).
 */
export function nextCallableAt(from: Date, zones: readonly string[], window: CallingWindow, horizonDays = 8): Date | null {
  if (zones.length === 0) return null;
  if (isCallableAt(from, zones, window)) return from;
  const candidates: number[] = [];
  for (const zone of zones) {
    const today = localTime(from, zone);
    for (let offset = 0; offset <= horizonDays; offset++) {
      const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
      const opening = instantOf(zone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), parseHhMm(window.start));
      if (opening.getTime() > from.getTime()) candidates.push(opening.getTime());
    }
  }
  candidates.sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (isCallableAt(new Date(candidate), zones, window)) return new Date(candidate);
  }
  return null;
}

/** Whole-hour zones around the globe, one for each UTC offset from -10 to +12. */
const ZONES_AROUND_THE_WORLD = [
  'Pacific/Honolulu', 'America/Anchorage', 'America/Los_Angeles', 'America/Denver', 'America/Chicago',
  'America/New_York', 'America/Halifax', 'America/Sao_Paulo', 'Atlantic/South_Georgia', 'Atlantic/Azores',
  'UTC', 'Europe/Paris', 'Europe/Athens', 'Europe/Moscow', 'Asia/Dubai', 'Asia/Karachi', 'Asia/Dhaka',
  'Asia/Bangkok', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Brisbane', 'Pacific/Noumea', 'Pacific/Auckland',
];

/**
 * A zone whose local time at `at` lies in [fromMinute, toMinute): demo data and tests use it so that their
 * calls are inside the legal window whatever the hour on this machine.
 */
export function zoneWithLocalTimeBetween(at: Date, fromMinute: number, toMinute: number): string {
  const zone = ZONES_AROUND_THE_WORLD.find((z) => {
    const minute = localTime(at, z).minuteOfDay;
    return minute >= fromMinute && minute < toMinute;
  });
  if (!zone) throw new Error(`no zone has a local time between minute ${fromMinute} and ${toMinute}`);
  return zone;
}
