import { type Intent, type Understanding, isMenuKey } from './understanding';
import { catalogueFor } from './language';
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
  /** The script's BCP 47 tag: the replies' language, and the locale of a spoken time. */
  language: string;
  /** This turn puts the customer through to a person (handoff-decision.ts): the reply asks them to hold. */
  handsOff?: boolean;
  /** The campaign's key for a person, announced with the key menu. */
  personKey?: string;
}

const MAX_UNCLEAR_TURNS = 2;

const OUTCOME_OF: Partial<Record<Intent, CallOutcome>> = {
  interested: 'interested',
  not_interested: 'not_interested',
  opt_out: 'opted_out',
  wrong_person: 'wrong_person',
};

/** The next thing the AI says, from the campaign's script and what the customer meant, in the script's language. */
export function nextReply(understanding: Understanding, context: ReplyContext): Reply {
  const say = (template: string) => renderScript(template, context.fields);
  const { script } = context;
  const phrases = catalogueFor(context.language);
  // No outcome yet: the agent's answer (transferred) or the callback booked instead decides it.
  if (context.handsOff) return { text: phrases.handoffHold, end: false };
  switch (understanding.intent) {
    case 'interested':
      return { text: say(script.closing || phrases.interestedClosing), end: true, outcome: 'interested' };
    case 'not_interested':
      return { text: say(script.followUp || phrases.notInterestedClosing), end: true, outcome: OUTCOME_OF.not_interested };
    case 'opt_out':
      return { text: phrases.optedOut, end: true, outcome: 'opted_out' };
    case 'wrong_person':
      return { text: phrases.wrongPerson, end: true, outcome: 'wrong_person' };
    case 'callback_request': {
      if (!understanding.callbackAt) break;
      const when = phrases.spokenTime(new Date(understanding.callbackAt), context.timeZone, context.language);
      return { text: phrases.callbackConfirmed(when), end: true, outcome: 'callback' };
    }
    case 'objection': {
      const answer = script.objectionHandling[understanding.objection ?? 'other'] ?? script.objectionHandling.other;
      return continueWith(say(answer ?? phrases.objectionDefault), context);
    }
    case 'question':
      return continueWith(say(`${phrases.goodQuestion} ${script.mainPitch}`), context);
    case 'person_request':
      return continueWith(phrases.noPersonAvailable, context);
    case 'unclear':
      break;
  }
  if (context.unclearTurns >= MAX_UNCLEAR_TURNS) return { text: phrases.giveUp, end: true };
  return continueWith(phrases.notCaught, context);
}

function continueWith(text: string, context: ReplyContext): Reply {
  const phrases = catalogueFor(context.language);
  if (context.turn >= context.maxTurns) return { text: `${text} ${phrases.lastTurnGoodbye}`, end: true };
  return { text: `${text} ${keyMenu(context.language, context.personKey)}`, end: false };
}

/** The key menu, with the campaign's key for a person when it hands off by key. */
export function keyMenu(language: string, personKey: string | undefined): string {
  const phrases = catalogueFor(language);
  return personKey ? `${phrases.keyMenu} ${phrases.personKey(personKey)}` : phrases.keyMenu;
}

/** How a pressed key reads in a transcript, in the script's language. */
export function describeKey(dtmf: string, language: string): string {
  const phrases = catalogueFor(language);
  return phrases.pressedKey(dtmf, isMenuKey(dtmf) ? phrases.keyMeanings[dtmf] : undefined);
}
