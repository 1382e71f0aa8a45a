import { catalogueFor } from './language';
import { type TurnInput, normalise } from './understanding';

/** The key the consent announcement offers to decline the recording; no key of the menu (1, 2, 3, 9). */
export const DECLINE_RECORDING_KEY = '7';

/** The campaign's own announcement, or the standard one in the script's language. */
export function consentAnnouncement(language: string, consentMessage?: string): string {
  return consentMessage?.trim() || catalogueFor(language).recording.consent;
}

/** The customer declines the recording: the key, or words that refuse it in the script's language. */
export function declinesRecording(input: TurnInput, language: string): boolean {
  if (input.dtmf) return input.dtmf === DECLINE_RECORDING_KEY;
  const text = normalise(input.text ?? '');
  return text !== '' && catalogueFor(language).recording.declines.some((pattern) => pattern.test(text));
}

/** How a decline reads in a transcript: the key with its meaning, or the customer's words. */
export function describeRecordingDecline(input: TurnInput, language: string): string {
  const phrases = catalogueFor(language);
  return input.dtmf ? phrases.pressedKey(input.dtmf, phrases.recording.declineKeyMeaning) : (input.text ?? '');
}
