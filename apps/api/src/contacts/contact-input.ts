import { isEmail } from 'class-validator';
import { isValidTimeZone } from '../../../../libs/compliance/src/calling-window';
import type { ContactFields } from '../../../../libs/db/src';
import { toE164 } from '../common/phone';

/** A contact as written by a person or a CSV file, before normalisation. */
export interface ContactInput {
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
  company?: string;
  timezone?: string;
  customFields?: Record<string, string>;
}

/** The normalised columns of one contact row; a zone comes from the contact's data or none. */
export interface ContactValues extends ContactFields {
  timezoneSource: 'contact' | null;
}

export interface FieldProblem {
  field: string;
  reason: string;
}

const MAX_TEXT = 200;
export const MAX_CUSTOM_FIELDS = 50;
const MAX_CUSTOM_VALUE = 1_000;

/** Normalises one contact: the phone to E.164, the zone checked; every problem is named by field. */
export function normaliseContact(input: ContactInput): { values: ContactValues } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (field: 'firstName' | 'lastName' | 'company', value: string | undefined): string => {
    const trimmed = (value ?? '').trim();
    if (trimmed.length > MAX_TEXT) problems.push({ field, reason: `longer than ${MAX_TEXT} characters` });
    return trimmed;
  };
  const firstName = text('firstName', input.firstName);
  const lastName = text('lastName', input.lastName);
  const company = text('company', input.company);
  const rawPhone = (input.phone ?? '').trim();
  const phone = rawPhone ? toE164(rawPhone) : undefined;
  if (!rawPhone) problems.push({ field: 'phone', reason: 'is required' });
  else if (!phone) problems.push({ field: 'phone', reason: `"${rawPhone.slice(0, 40)}" is not a valid phone number` });
  const email = (input.email ?? '').trim();
  if (email && !isEmail(email)) problems.push({ field: 'email', reason: 'is not a valid email address' });
  const timezone = (input.timezone ?? '').trim();
  if (timezone && !isValidTimeZone(timezone)) problems.push({ field: 'timezone', reason: `"${timezone.slice(0, 64)}" is not an IANA time zone` });
  const customFields = input.customFields ?? {};
  const customNames = Object.keys(customFields);
  if (customNames.length > MAX_CUSTOM_FIELDS) problems.push({ field: 'customFields', reason: `more than ${MAX_CUSTOM_FIELDS} fields` });
  for (const name of customNames) {
    const value: unknown = customFields[name];
    if (typeof value !== 'string') problems.push({ field: `customFields.${name}`, reason: 'must be a string' });
    else if (value.length > MAX_CUSTOM_VALUE) problems.push({ field: `customFields.${name}`, reason: `longer than ${MAX_CUSTOM_VALUE} characters` });
  }
  if (problems.length > 0 || !phone) return { problems };
  return {
    values: {
      firstName,
      lastName,
      phone,
      email,
      company,
      timezone: timezone || null,
      timezoneSource: timezone ? 'contact' : null,
      customFields,
    },
  };
}
