import { DTMF_KEYS, type Intent, type Understanding } from './understanding';
import { renderScript } from './script-template';
import type { CallOutcome } from '../../contracts/src';

export interface ConversationScript {
  mainPitch: string;
  /** Replies keyed by objection kind (price, timing, need, trust, competitor, authority, other). */
  objectionHandling: Record<string, string>;
  closing: string;
  followUp: string;
}

export interface Reply {
  text: string;
  /** The conversation is over after this reply. */
  end: boolean;
  /** What the call achieved, when this turn decided it. */
  outcome?: CallOutcome;
}

export interface ReplyContext {
  script: ConversationScript;
  fields: Record<string, string | null | undefined>;
  /** 1-based number of this customer turn. */
  turn: number;
  maxTurns: number;
  /** Unclear turns so far, this one included. */
  unclearTurns: number;
  timeZone: string;
}

/** Read out after the greeting and after every open question, so a caller can always answer by key. */
export const KEY_MENU = `Press 1 if you are interested, 2 to be called back tomorrow, 3 if you are not interested, or 9 to stop receiving these calls.`;

const MAX_UNCLEAR_TURNS = 2;

const OUTCOME_OF: Partial<Record<Intent, CallOutcome>> = {
  interested: 'interested',
  not_interested: 'not_interested',
  opt_out: 'opted_out',
  wrong_person: 'wrong_person',
};

/** The next thing the AI says, from the campaign's script and what the customer meant. */
export function nextReply(understanding: Understanding, context: ReplyContext): Reply {
  const say = (template: string) => renderScript(template, context.fields);
  const { script } = context;
  switch (understanding.intent) {
    case 'interested':
      return { text: say(script.closing || 'Wonderful. A member of our team will contact you shortly with the details. Thank you, goodbye.'), end: true, outcome: 'interested' };
    case 'not_interested':
      return { text: say(script.followUp || 'I understand. Thank you for your time, and have a good day. Goodbye.'), end: true, outcome: OUTCOME_OF.not_interested };
    case 'opt_out':
      return { text: 'Understood. Your number has been removed from our list and you will not be called again. Goodbye.', end: true, outcome: 'opted_out' };
    case 'wrong_person':
      return { text: 'I am sorry for the confusion, and thank you for letting us know. Goodbye.', end: true, outcome: 'wrong_person' };
    case 'callback_request': {
      if (!understanding.callbackAt) break;
      const when = new Intl.DateTimeFormat('en-US', { timeZone: context.timeZone, weekday: 'long', hour: 'numeric', minute: '2-digit' }).format(
        new Date(understanding.callbackAt),
      );
      return { text: `Of course. We will call you back on ${when}. Thank you, goodbye.`, end: true, outcome: 'callback' };
    }
    case 'objection': {
      const answer = script.objectionHandling[understanding.objection ?? 'other'] ?? script.objectionHandling.other;
      return continueWith(say(answer ?? 'I understand your concern, and many of our customers felt the same at first.'), context);
    }
    case 'question':
      return continueWith(say(`Good question. ${script.mainPitch}`), context);
    case 'unclear':
      break;
  }
  if (context.unclearTurns >= MAX_UNCLEAR_TURNS) {
    return { text: 'I am sorry, I could not understand you. We will try another time. Goodbye.', end: true };
  }
  return continueWith(`Sorry, I did not catch that.`, context);
}

function continueWith(text: string, context: ReplyContext): Reply {
  if (context.turn >= context.maxTurns) return { text: `${text} Thank you for your time. Goodbye.`, end: true };
  return { text: `${text} ${KEY_MENU}`, end: false };
}

/** How a pressed key reads in a transcript. */
export function describeKey(dtmf: string): string {
  return `[pressed ${dtmf}${DTMF_KEYS[dtmf] ? `: ${DTMF_KEYS[dtmf].meaning}` : ''}]`;
}
