import { instantOf, localTime } from '../../compliance/src/calling-window';

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
export const DTMF_KEYS: Record<string, { intent: Intent; meaning: string }> = {
  '1': { intent: 'interested', meaning: 'interested' },
  '2': { intent: 'callback_request', meaning: 'call me back tomorrow' },
  '3': { intent: 'not_interested', meaning: 'not interested' },
  '9': { intent: 'opt_out', meaning: 'do not call me again' },
};

const OPT_OUT = [
  /\b(stop|quit|don'?t|do not|never)\s+(calling|call|ringing|contacting)\b/,
  /\bremove\s+(me|my (number|name))\b/,
  /\b(take|put)\s+me\s+(off|on)\s+(your|the)\s+(list|do not call)/,
  /\bunsubscribe\b/,
  /\bdo[- ]not[- ]call\b/,
  /\blose my number\b/,
];
const WRONG_PERSON = [/\bwrong (number|person)\b/, /\b(no|nobody|no one)\b.*\bby that name\b/, /\bthis is(n'?t| not)\s+\w+\b.*\bspeaking\b/, /\b(he|she) (doesn'?t|does not) live here\b/];
const CALLBACK = [/\bcall (me )?(back|later|again)\b/, /\b(try|ring) (me )?(again |back )?(later|tomorrow|next)\b/, /\bbusy right now\b.*\b(later|tomorrow)\b/, /\bcall me (tomorrow|next|on|at|in)\b/];
const NOT_INTERESTED = [/\bnot (really )?interested\b/, /\bno,? thanks?\b/, /\bno thank you\b/, /\bnot for (me|us)\b/, /\bi'?ll pass\b/, /\bnot right now\b/];
const INTERESTED = [
  /\b(i'?m|i am|we'?re|we are|sounds|that'?s|very|definitely|really) (interested|good|great)\b/,
  /\btell me more\b/,
  /\bsign (me|us) up\b/,
  /\b(yes|yeah|sure|absolutely|of course|okay|ok),? (please|let'?s|go ahead|i'?d like)\b/,
  /\bi'?d (like|love) (to|that)\b/,
  /\bsend (me )?(the )?(details|information|info)\b/,
  /^(yes|yeah|yep|sure|absolutely|definitely)[.!]?$/,
];
const OBJECTIONS: [ObjectionKind, RegExp][] = [
  ['price', /\b(too )?(expensive|pricey|costly|cost|price|afford|budget|cheaper)\b/],
  ['timing', /\b(bad time|not a good time|busy|in a meeting|next (year|quarter)|maybe later)\b/],
  ['competitor', /\b(already (have|use|work with)|another (provider|company|vendor)|current (provider|vendor))\b/],
  ['need', /\b(don'?t|do not) (need|want)\b|\bno need\b|\bnot necessary\b/],
  ['trust', /\b(scam|spam|how did you get my number|trust|legit|is this real)\b/],
  ['authority', /\b(not the (decision maker|right person)|my (boss|manager|wife|husband|partner) (decides|handles))\b/],
];
const QUESTION = /\?$|^(what|who|how|why|when|where|which|can you|could you|is it|are you|do you|does it)\b/;

const FRUSTRATED = /\b(annoy|annoying|angry|stop|sick of|fed up|ridiculous|leave me alone|waste of time|how many times|damn|hell)\b|!{2,}/;
const CONFUSED = /\b(what\?|sorry\?|pardon|i don'?t understand|confused|what do you mean|huh|come again|who is this)\b/;
const POSITIVE = /\b(great|good|nice|love|wonderful|excellent|perfect|thanks|thank you|interested|sounds good|happy)\b/;

/** Understands one turn; `now` and `timeZone` place a requested callback in the customer's local time. */
export function understand(input: TurnInput, now: Date, timeZone: string): Understanding {
  if (input.dtmf) {
    const key = DTMF_KEYS[input.dtmf];
    if (!key) return { intent: 'unclear', emotion: 'neutral', confidence: 0.5 };
    const callbackAt = key.intent === 'callback_request' ? parseCallbackTime('tomorrow', now, timeZone) : undefined;
    return { intent: key.intent, emotion: key.intent === 'interested' ? 'positive' : 'neutral', confidence: 1, ...(callbackAt ? { callbackAt } : {}) };
  }
  const text = normalise(input.text ?? '');
  if (!text) return { intent: 'unclear', emotion: 'neutral', confidence: 0.3 };
  const emotion = emotionOf(text);
  const matches = (patterns: RegExp[]) => patterns.some((p) => p.test(text));

  if (matches(OPT_OUT)) return { intent: 'opt_out', emotion: emotion === 'positive' ? 'neutral' : emotion, confidence: 0.95 };
  if (matches(WRONG_PERSON)) return { intent: 'wrong_person', emotion, confidence: 0.85 };
  if (matches(CALLBACK)) {
    const callbackAt = parseCallbackTime(text, now, timeZone);
    return { intent: 'callback_request', emotion, confidence: callbackAt ? 0.9 : 0.7, ...(callbackAt ? { callbackAt } : {}) };
  }
  if (/\bnot (not|un)\b/.test(text)) return { intent: 'unclear', emotion, confidence: 0.3 };
  for (const [kind, pattern] of OBJECTIONS) {
    if (pattern.test(text) && !matches(INTERESTED)) return { intent: 'objection', objection: kind, emotion, confidence: 0.8 };
  }
  if (matches(NOT_INTERESTED)) return { intent: 'not_interested', emotion, confidence: 0.9 };
  if (matches(INTERESTED)) return { intent: 'interested', emotion: emotion === 'neutral' ? 'positive' : emotion, confidence: 0.85 };
  if (QUESTION.test(text)) return { intent: 'question', emotion, confidence: 0.7 };
  if (/^(no|nope|nah)\b/.test(text)) return { intent: 'not_interested', emotion, confidence: 0.6 };
  return { intent: 'unclear', emotion, confidence: 0.3 };
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();
}

function emotionOf(text: string): Emotion {
  if (FRUSTRATED.test(text)) return 'frustrated';
  if (CONFUSED.test(text)) return 'confused';
  if (POSITIVE.test(text) && !/\bnot\b/.test(text)) return 'positive';
  return 'neutral';
}

const NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirty: 30, an: 1, a: 1 };
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** When a customer names a day but no hour. */
const DEFAULT_CALLBACK_HOUR = 10;

/**
 * The time a customer asked to be called back at, as an ISO instant, or undefined when the words name
 * none. Relative ("in two hours"), a day ("tomorrow", "next Monday") with or without an hour ("at 3",
 * "at 3pm", "after 5 pm", "in the morning"), or an hour alone ("at 4" = the next 4 o'clock to come).
 */
export function parseCallbackTime(text: string, now: Date, timeZone: string): string | undefined {
  const t = normalise(text);
  const relative = /\bin (\d+|an?|one|two|three|four|five|six|ten|thirty) (minute|minutes|hour|hours)\b/.exec(t);
  if (relative) {
    const amount = Number(relative[1]) || NUMBERS[relative[1]!] || 1;
    const unit = relative[2]!.startsWith('hour') ? 3600_000 : 60_000;
    return new Date(now.getTime() + amount * unit).toISOString();
  }
  const local = localTime(now, timeZone);
  let dayOffset: number | undefined;
  if (/\btomorrow\b/.test(t)) dayOffset = 1;
  else if (/\btoday|tonight|this (afternoon|evening)\b/.test(t)) dayOffset = 0;
  else {
    const day = DAYS.findIndex((d) => new RegExp(`\\b${d}\\b`).test(t));
    if (day >= 0) dayOffset = ((day - local.weekday + 7) % 7) || 7;
  }
  let hour: number | undefined;
  let minute = 0;
  const clock = /\b(?:at|after|around|by|about)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|o'?clock)?/.exec(t) ?? /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)/.exec(t);
  const wordClock = /\b(?:at|after|around)\s+(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/.exec(t);
  if (clock) {
    hour = Number(clock[1]);
    minute = clock[2] ? Number(clock[2]) : 0;
    const meridiem = clock[3] ?? '';
    if (meridiem.startsWith('p') && hour < 12) hour += 12;
    else if (meridiem.startsWith('a') && hour === 12) hour = 0;
    // "At 3" means the afternoon: nobody asks a call centre for 3 in the morning.
    else if (!meridiem.startsWith('a') && hour >= 1 && hour <= 7) hour += 12;
  } else if (wordClock) {
    hour = NUMBERS[wordClock[1]!]!;
    if (hour >= 1 && hour <= 7) hour += 12;
  } else if (/\bmorning\b/.test(t)) hour = 10;
  else if (/\bafternoon\b/.test(t)) hour = 14;
  else if (/\bevening|tonight\b/.test(t)) hour = 18;
  if (hour === undefined && dayOffset === undefined) return undefined;
  hour ??= DEFAULT_CALLBACK_HOUR;
  if (hour > 23 || minute > 59) return undefined;
  let offset = dayOffset ?? 0;
  if (dayOffset === undefined && hour * 60 + minute <= local.minuteOfDay) offset = 1;
  return instantOf(timeZone, local.year, local.month, local.day + offset, hour * 60 + minute).toISOString();
}
