import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { timezones } from 'libphonenumber-geo-carrier';
import { isValidTimeZone } from './calling-window';

export interface ContactZones {
  zones: string[];
  source: 'contact' | 'derived' | 'unknown';
}

/** The contact's own zone when it has one, else every zone its number's region spans. */
export async function contactZones(phone: string, timezone: string | null | undefined): Promise<ContactZones> {
  if (timezone && isValidTimeZone(timezone)) return { zones: [timezone], source: 'contact' };
  const parsed = parsePhoneNumberFromString(phone);
  const derived = parsed ? ((await timezones(parsed)) ?? []).filter(isValidTimeZone) : [];
  return derived.length > 0 ? { zones: derived, source: 'derived' } : { zones: [], source: 'unknown' };
}
