import { catalogueFor } from './language';

/** Fills `{first_name}`, `{company}` and custom-field placeholders; unknown placeholders become empty. */
export function renderScript(template: string, fields: Record<string, string | null | undefined>): string {
  return template
    .replace(/\{\s*([a-zA-Z0-9_]+)\s*\}/g, (_, key: string) => fields[key] ?? '')
    .replace(/\s+([,.!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export interface GreetingInput {
  organizationName: string;
  /** The script's pitch; without a script, the language's own line. */
  mainPitch: string | undefined;
  fields: Record<string, string | null | undefined>;
  language: string;
}

/** The opening line. It always says the call is automated, as US rules require for artificial voices. */
export function buildGreeting({ organizationName, mainPitch, fields, language }: GreetingInput): string {
  const phrases = catalogueFor(language);
  return renderScript(`${phrases.disclosure(fields.first_name ?? undefined, organizationName)} ${mainPitch ?? phrases.noScriptPitch}`, fields);
}
