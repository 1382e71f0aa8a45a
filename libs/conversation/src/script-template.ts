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
  mainPitch: string;
  fields: Record<string, string | null | undefined>;
}

/** The opening line. It always says the call is automated, as US rules require for artificial voices. */
export function buildGreeting({ organizationName, mainPitch, fields }: GreetingInput): string {
  const name = fields.first_name ? ` ${fields.first_name}` : '';
  const disclosure = `Hello${name}, this is an automated assistant calling on behalf of ${organizationName}.`;
  return renderScript(`${disclosure} ${mainPitch}`, fields);
}
