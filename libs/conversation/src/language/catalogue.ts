import type { MenuKey, ObjectionKind } from '../understanding';

/** What a customer's words say about a callback time, before it is placed in their time zone. */
export interface CallbackWords {
  /** "In two hours": this long from now. */
  inMs?: number;
  /** 0 today, 1 tomorrow. */
  dayOffset?: number;
  /** A named day of the week, 0 = Sunday. */
  weekday?: number;
  hour?: number;
  minute?: number;
  /** When said with the hour; without it, 1 to 7 means the afternoon. */
  meridiem?: 'am' | 'pm';
}

/** The rule-based understanding's vocabulary. Patterns see normalised text: lower case, no accents. */
export interface IntentRules {
  optOut: RegExp[];
  wrongPerson: RegExp[];
  /** The customer asks to speak with a person. */
  personRequest: RegExp[];
  callback: RegExp[];
  notInterested: RegExp[];
  interested: RegExp[];
  objections: [ObjectionKind, RegExp][];
  question: RegExp;
  /** "Not not interested": too tangled to act on. */
  doubleNegative: RegExp;
  /** A bare "no" that nothing more specific explains. */
  bareNo: RegExp;
  frustrated: RegExp;
  confused: RegExp;
  positive: RegExp;
  /** A negation that turns a positive word around. */
  negation: RegExp;
  callbackWords(text: string): CallbackWords;
}

/** Every fixed phrase of a call in one language, and the rules that read the customer's answers in it. */
export interface LanguageCatalogue {
  /** The language's English name, for the language model's instructions. */
  name: string;
  /** Read out after the greeting and after every open question, so a caller can always answer by key. */
  keyMenu: string;
  /** What each menu key means, as transcripts show it. */
  keyMeanings: Record<MenuKey, string>;
  /** A key press as transcripts show it. */
  pressedKey(key: string, meaning: string | undefined): string;
  /** The opening line: it always says the call is automated. */
  disclosure(firstName: string | undefined, organizationName: string): string;
  /** The pitch of a campaign without a script (a script is optional): a question the key menu after it answers. */
  noScriptPitch: string;
  interestedClosing: string;
  notInterestedClosing: string;
  optedOut: string;
  wrongPerson: string;
  callbackConfirmed(when: string): string;
  objectionDefault: string;
  /** Leads into the pitch when the customer asks a question. */
  goodQuestion: string;
  notCaught: string;
  giveUp: string;
  /** Ends an open reply on the last turn. */
  lastTurnGoodbye: string;
  voicemail(organizationName: string): string;
  /**
   * Whole-call recording: the consent announcement spoken after the greeting (it says how to decline), what
   * the AI says once a customer declined, the words that decline (matched on normalised text), and how a
   * transcript names the decline key.
   */
  recording: { consent: string; stopped: string; declines: RegExp[]; declineKeyMeaning: string };
  /** Added to the key menu when the campaign hands off by key. */
  personKey(key: string): string;
  /** Said first when another worker picks up a conversation whose worker died mid-call. */
  lineDropped: string;
  /** Said before the customer is put through to a person; they then hear ringing. */
  handoffHold: string;
  /** No person can be reached on this campaign (it has no handoff). */
  noPersonAvailable: string;
  /** No agent answered in time: the callback is booked for `when`. */
  agentsBusy(when: string): string;
  /** What the agent hears before being connected. */
  handoffSummary(call: { contactName: string; phone: string; organizationName: string; reason: string; customerSaid: string[] }): string;
  /** Why the AI handed off, as the agent hears it. */
  handoffReasons: { interested: string; person_request: string };
  /** A callback time as spoken in `locale`, e.g. "Friday 3:00 PM". */
  spokenTime(at: Date, timeZone: string, locale: string): string;
  rules: IntentRules;
}

/** ICU puts no-break spaces in times ("3:00 p.m."); transcripts and tests want plain ones. */
export function plainSpaces(text: string): string {
  return text.replace(/\s/gu, ' ');
}
