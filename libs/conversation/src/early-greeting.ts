/**
 * The channel variable that hands the call's greeting from the dial step to the conversation, so the callee
 * hears it while the workflow is still deciding the opening (the workflow records the same text: both come
 * from the attempt's reserved greeting).
 */
export const GREETING_VARIABLE = 'DIALER_GREETING';

/** AGI's GET VARIABLE reads a value through a 1,024-byte buffer: a longer one would come back cut short. */
const MAX_VARIABLE_LENGTH = 1000;

export interface EarlyGreeting {
  text: string;
  /** BCP 47, for the voice. */
  language: string;
}

/** The variable's value, form-encoded (no newline, quote or parenthesis for AGI to trip on); undefined when too long to pass. */
export function greetingVariable(greeting: EarlyGreeting): string | undefined {
  const value = new URLSearchParams({ language: greeting.language, text: greeting.text }).toString();
  return value.length <= MAX_VARIABLE_LENGTH ? value : undefined;
}

export function readGreetingVariable(value: string | undefined): EarlyGreeting | undefined {
  if (!value) return undefined;
  const fields = new URLSearchParams(value);
  const text = fields.get('text');
  const language = fields.get('language');
  return text && language ? { text, language } : undefined;
}
