import { type CallbackWords, type LanguageCatalogue, plainSpaces } from './catalogue';

const NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirty: 30, an: 1, a: 1,
};
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** "Tomorrow at 3", "next Monday morning", "in two hours", "after 5 pm". */
function callbackWords(t: string): CallbackWords {
  const relative = /\bin (\d+|an?|one|two|three|four|five|six|ten|thirty) (minute|minutes|hour|hours)\b/.exec(t);
  if (relative) {
    const amount = Number(relative[1]) || NUMBERS[relative[1]!] || 1;
    return { inMs: amount * (relative[2]!.startsWith('hour') ? 3600_000 : 60_000) };
  }
  const words: CallbackWords = {};
  if (/\btomorrow\b/.test(t)) words.dayOffset = 1;
  else if (/\btoday|tonight|this (afternoon|evening)\b/.test(t)) words.dayOffset = 0;
  else {
    const day = DAYS.findIndex((d) => new RegExp(`\\b${d}\\b`).test(t));
    if (day >= 0) words.weekday = day;
  }
  const clock = /\b(?:at|after|around|by|about)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|o'?clock)?/.exec(t) ?? /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)/.exec(t);
  const wordClock = /\b(?:at|after|around)\s+(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/.exec(t);
  if (clock) {
    words.hour = Number(clock[1]);
    words.minute = clock[2] ? Number(clock[2]) : 0;
    const meridiem = clock[3]?.[0];
    if (meridiem === 'a' || meridiem === 'p') words.meridiem = meridiem === 'a' ? 'am' : 'pm';
  } else if (wordClock) words.hour = NUMBERS[wordClock[1]!];
  else if (/\bmorning\b/.test(t)) words.hour = 10;
  else if (/\bafternoon\b/.test(t)) words.hour = 14;
  else if (/\bevening|tonight\b/.test(t)) words.hour = 18;
  return words;
}

export const english: LanguageCatalogue = {
  name: 'English',
  keyMenu: 'Press 1 if you are interested, 2 to be called back tomorrow, 3 if you are not interested, or 9 to stop receiving these calls.',
  keyMeanings: { '1': 'interested', '2': 'call me back tomorrow', '3': 'not interested', '9': 'do not call me again' },
  pressedKey: (key, meaning) => `[pressed ${key}${meaning ? `: ${meaning}` : ''}]`,
  disclosure: (firstName, organizationName) => `Hello${firstName ? ` ${firstName}` : ''}, this is an automated assistant calling on behalf of ${organizationName}.`,
  noScriptPitch: 'We are calling to ask whether you would like to hear more from us.',
  interestedClosing: 'Wonderful. A member of our team will contact you shortly with the details. Thank you, goodbye.',
  notInterestedClosing: 'I understand. Thank you for your time, and have a good day. Goodbye.',
  optedOut: 'Understood. Your number has been removed from our list and you will not be called again. Goodbye.',
  wrongPerson: 'I am sorry for the confusion, and thank you for letting us know. Goodbye.',
  callbackConfirmed: (when) => `Of course. We will call you back on ${when}. Thank you, goodbye.`,
  objectionDefault: 'I understand your concern, and many of our customers felt the same at first.',
  goodQuestion: 'Good question.',
  notCaught: 'Sorry, I did not catch that.',
  giveUp: 'I am sorry, I could not understand you. We will try another time. Goodbye.',
  lastTurnGoodbye: 'Thank you for your time. Goodbye.',
  voicemail: (organizationName) => `Hello, this is an automated assistant calling on behalf of ${organizationName}. We will try to reach you again later. Goodbye.`,
  recording: {
    declineKeyMeaning: 'do not record',
    consent: 'This call is recorded for quality. To stop the recording, press 7 or say do not record.',
    stopped: 'Understood. This call is no longer being recorded.',
    declines: [
      /\b(don'?t|do not|stop|quit)\s+(the )?record(ing)?\b/,
      /\bno recording\b/,
      /\b(don'?t|do not) (want|agree)( to be| to being| to)? record(ed|ing)?\b/,
    ],
  },
  personKey: (key) => `Or press ${key} to speak with a person.`,
  lineDropped: 'Sorry, we lost the line for a moment.',
  handoffHold: 'Of course. Please hold while I put you through to a member of our team.',
  noPersonAvailable: 'I am sorry, I cannot put you through to a person on this call.',
  agentsBusy: (when) => `I am sorry, everyone on our team is busy right now. A member of our team will call you back on ${when}. Thank you, goodbye.`,
  handoffSummary: ({ contactName, phone, organizationName, reason, customerSaid }) =>
    `Incoming ${organizationName} call from ${contactName || 'a customer'}, ${phone.split('').join(' ')}. ${reason}` +
    (customerSaid.length > 0 ? ` They said: ${customerSaid.join('. ')}.` : ''),
  handoffReasons: { interested: 'The customer is interested.', person_request: 'The customer asked for a person.' },
  spokenTime: (at, timeZone, locale) => plainSpaces(new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', hour: 'numeric', minute: '2-digit' }).format(at)),
  rules: {
    optOut: [
      /\b(stop|quit|don'?t|do not|never)\s+(calling|call|ringing|contacting)\b/,
      /\bremove\s+(me|my (number|name))\b/,
      /\b(take|put)\s+me\s+(off|on)\s+(your|the)\s+(list|do not call)/,
      /\bunsubscribe\b/,
      /\bdo[- ]not[- ]call\b/,
      /\blose my number\b/,
    ],
    wrongPerson: [/\bwrong (number|person)\b/, /\b(no|nobody|no one)\b.*\bby that name\b/, /\bthis is(n'?t| not)\s+\w+\b.*\bspeaking\b/, /\b(he|she) (doesn'?t|does not) live here\b/],
    personRequest: [
      /\b(speak|talk) (to|with) (a |an |some )?(real |live |actual )?(person|human|agent|representative|operator|someone|somebody)\b/,
      /\b(real|live|actual) (person|human)\b/,
      /^(an? )?(agent|representative|operator)( please)?[.!]?$/,
    ],
    callback: [/\bcall (me )?(back|later|again)\b/, /\b(try|ring) (me )?(again |back )?(later|tomorrow|next)\b/, /\bbusy right now\b.*\b(later|tomorrow)\b/, /\bcall me (tomorrow|next|on|at|in)\b/],
    notInterested: [/\bnot (really )?interested\b/, /\bno,? thanks?\b/, /\bno thank you\b/, /\bnot for (me|us)\b/, /\bi'?ll pass\b/, /\bnot right now\b/],
    interested: [
      /\b(i'?m|i am|we'?re|we are|sounds|that'?s|very|definitely|really) (interested|good|great)\b/,
      /\btell me more\b/,
      /\bsign (me|us) up\b/,
      /\b(yes|yeah|sure|absolutely|of course|okay|ok),? (please|let'?s|go ahead|i'?d like)\b/,
      /\bi'?d (like|love) (to|that)\b/,
      /\bsend (me )?(the )?(details|information|info)\b/,
      /^(yes|yeah|yep|sure|absolutely|definitely)[.!]?$/,
    ],
    objections: [
      ['price', /\b(too )?(expensive|pricey|costly|cost|price|afford|budget|cheaper)\b/],
      ['timing', /\b(bad time|not a good time|busy|in a meeting|next (year|quarter)|maybe later)\b/],
      ['competitor', /\b(already (have|use|work with)|another (provider|company|vendor)|current (provider|vendor))\b/],
      ['need', /\b(don'?t|do not) (need|want)\b|\bno need\b|\bnot necessary\b/],
      ['trust', /\b(scam|spam|how did you get my number|trust|legit|is this real)\b/],
      ['authority', /\b(not the (decision maker|right person)|my (boss|manager|wife|husband|partner) (decides|handles))\b/],
    ],
    question: /\?$|^(what|who|how|why|when|where|which|can you|could you|is it|are you|do you|does it)\b/,
    doubleNegative: /\bnot (not|un)\b/,
    bareNo: /^(no|nope|nah)\b/,
    frustrated: /\b(annoy|annoying|angry|stop|sick of|fed up|ridiculous|leave me alone|waste of time|how many times|damn|hell)\b|!{2,}/,
    confused: /\b(what\?|sorry\?|pardon|i don'?t understand|confused|what do you mean|huh|come again|who is this)\b/,
    positive: /\b(great|good|nice|love|wonderful|excellent|perfect|thanks|thank you|interested|sounds good|happy)\b/,
    negation: /\bnot\b/,
    callbackWords,
  },
};
