import { instantOf, localTime } from '../../compliance/src/calling-window';
import { DEFAULT_LANGUAGE } from '../../contracts/src/domain';
import { type CallbackWords, type IntentRules, catalogueFor } from './language';

/**
 * Rule-based understanding of one customer turn: what they want (intent) and how they feel (emotion),
 * each with a confidence. The default when no language model is configured, and its fallback.
 */

export type Intent =
  | 'interested'
  | 'not_interested'
  | 'objection'
  | 'question'
  | 'callback_request'
  | 'opt_out'
  | 'wrong_person'
  | 'person_request'
  | 'unclear';
export type ObjectionKind = 'price' | 'timing' | 'need' | 'trust' | 'competitor' | 'authority' | 'other';
export type Emotion = 'positive' | 'neutral' | 'frustrated' | 'confused';

export interface Understanding {
  intent: Intent;
  objection?: ObjectionKind;
  /** For a callback request: when, as an ISO instant. */
  callbackAt?: string;
  emotion: Emotion;
  confidence: number;
}

export interface TurnInput {
  text?: string;
  /** A key the customer pressed. */
  dtmf?: string;
}

/** Keys announced in the greeting; pressing one is a clear answer, whatever the speech engine. */
export const DTMF_KEYS = { '1': 'interested', '2': 'callback_request', '3': 'not_interested', '9': 'opt_out' } as const satisfies Record<string, Intent>;
export type MenuKey = keyof typeof DTMF_KEYS;

export function isMenuKey(dtmf: string): dtmf is MenuKey {
  return Object.hasOwn(DTMF_KEYS, dtmf);
}

/**
 * Understands one turn in the script's language; `now` and `timeZone` place a requested callback in the
 * customer's local time. `personKey` is the campaign's key for a person, when it hands off by key.
 */
export function understand(input: TurnInput, now: Date, timeZone: string, language: string = DEFAULT_LANGUAGE, personKey?: string): Understanding {
  if (input.dtmf && input.dtmf === personKey) return { intent: 'person_request', emotion: 'neutral', confidence: 1 };
  if (input.dtmf) {
    if (!isMenuKey(input.dtmf)) return { intent: 'unclear', emotion: 'neutral', confidence: 0.5 };
    const intent = DTMF_KEYS[input.dtmf];
    const callbackAt = intent === 'callback_request' ? placeCallback({ dayOffset: 1 }, now, timeZone) : undefined;
    return { intent, emotion: intent === 'interested' ? 'positive' : 'neutral', confidence: 1, ...(callbackAt ? { callbackAt } : {}) };
  }
  const rules = catalogueFor(language).rules;
  const text = normalise(input.text ?? '');
  if (!text) return { intent: 'unclear', emotion: 'neutral', confidence: 0.3 };
  const emotion = emotionOf(text, rules);
  const matches = (patterns: RegExp[]) => patterns.some((p) => p.test(text));

  if (matches(rules.optOut)) return { intent: 'opt_out', emotion: emotion === 'positive' ? 'neutral' : emotion, confidence: 0.95 };
  if (matches(rules.wrongPerson)) return { intent: 'wrong_person', emotion, confidence: 0.85 };
  // Before interest and questions: "I'd like to talk to a person", "Can I speak to a person?".
  if (matches(rules.personRequest)) return { intent: 'person_request', emotion, confidence: 0.9 };
  if (matches(rules.callback)) {
    const callbackAt = placeCallback(rules.callbackWords(text), now, timeZone);
    return { intent: 'callback_request', emotion, confidence: callbackAt ? 0.9 : 0.7, ...(callbackAt ? { callbackAt } : {}) };
  }
  if (rules.doubleNegative.test(text)) return { intent: 'unclear', emotion, confidence: 0.3 };
  for (const [kind, pattern] of rules.objections) {
    if (pattern.test(text) && !matches(rules.interested)) return { intent: 'objection', objection: kind, emotion, confidence: 0.8 };
  }
  if (matches(rules.notInterested)) return { intent: 'not_interested', emotion, confidence: 0.9 };
  if (matches(rules.interested)) return { intent: 'interested', emotion: emotion === 'neutral' ? 'positive' : emotion, confidence: 0.85 };
  if (rules.question.test(text)) return { intent: 'question', emotion, confidence: 0.7 };
  if (rules.bareNo.test(text)) return { intent: 'not_interested', emotion, confidence: 0.6 };
  return { intent: 'unclear', emotion, confidence: 0.3 };
}

/** Lower case without accents or Spanish opening marks: transcripts spell "sí" and "si", "mañana" and "manana". */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[¿¡]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function emotionOf(text: string, rules: IntentRules): Emotion {
  if (rules.frustrated.test(text)) return 'frustrated';
  if (rules.confused.test(text)) return 'confused';
  if (rules.positive.test(text) && !rules.negation.test(text)) return 'positive';
  return 'neutral';
}

/** When a customer names a day but no hour. */
const DEFAULT_CALLBACK_HOUR = 10;

/**
 * The time a customer asked to be called back at, as an ISO instant, or undefined when the words name
 * none. Relative ("in two hours"), a day ("tomorrow", "next Monday") with or without an hour ("at 3",
 * "at 3pm", "after 5 pm", "in the morning"), or an hour alone ("at 4" = the next 4 o'clock to come).
 */
export function parseCallbackTime(text: string, now: Date, timeZone: string, language: string = DEFAULT_LANGUAGE): string | undefined {
  return placeCallback(catalogueFor(language).rules.callbackWords(normalise(text)), now, timeZone);
}

function placeCallback(words: CallbackWords, now: Date, timeZone: string): string | undefined {
  if (words.inMs !== undefined) return new Date(now.getTime() + words.inMs).toISOString();
  const local = localTime(now, timeZone);
  const dayOffset = words.weekday !== undefined ? ((words.weekday - local.weekday + 7) % 7) || 7 : words.dayOffset;
  let hour = words.hour;
  const minute = words.minute ?? 0;
  if (hour !== undefined) {
    if (words.meridiem === 'pm' && hour < 12) hour += 12;
    else if (words.meridiem === 'am' && hour === 12) hour = 0;
    // "At 3" means the afternoon: nobody asks a call centre for 3 in the morning.
    else if (!words.meridiem && hour >= 1 && hour <= 7) hour += 12;
  }
  if (hour === undefined && dayOffset === undefined) return undefined;
  hour ??= DEFAULT_CALLBACK_HOUR;
  if (hour > 23 || minute > 59) return undefined;
  let offset = dayOffset ?? 0;
  if (dayOffset === undefined && hour * 60 + minute <= local.minuteOfDay) offset = 1;
  return instantOf(timeZone, local.year, local.month, local.day + offset, hour * 60 + minute).toISOString();
}
