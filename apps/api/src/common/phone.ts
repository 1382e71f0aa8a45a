import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** E.164 for a number written in any common way; undefined when it is not a valid number. */
export function toE164(raw: string, defaultCountry: 'US' = 'US'): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}
