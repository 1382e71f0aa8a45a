import type { ConversationTurn } from './analysis';
import { LANGUAGE_CATALOGUES } from './language';
import { type TurnInput, type Understanding, isMenuKey, understand } from './understanding';

/**
 * The version of the rules that read customer turns and analyse a call (understanding.ts, analysis.ts).
 * Raise it with every change of those rules: each stored analysis names the version that produced it.
 */
export const ANALYSIS_RULES_VERSION = 1;

const KEYS = [...'0123456789*#'];

/** A key press as any language's transcript shows it ("[pressed 1: interested]"), back to its key. */
const KEY_BY_TRANSCRIPT = new Map(
  LANGUAGE_CATALOGUES.flatMap((phrases) => KEYS.map((key) => [phrases.pressedKey(key, isMenuKey(key) ? phrases.keyMeanings[key] : undefined), key] as const)),
);

/** What the transcript shows when a turn heard nothing. */
const NO_ANSWER = '[no answer]';

/** The customer's input a stored turn recorded: the key of a key press, else the words; empty when nothing came. */
export function storedInput(turn: Pick<ConversationTurn, 'user_input'>): TurnInput {
  const key = KEY_BY_TRANSCRIPT.get(turn.user_input);
  if (key) return { dtmf: key };
  return turn.user_input === NO_ANSWER || !turn.user_input ? {} : { text: turn.user_input };
}

/**
 * Today's reading of one customer turn said at `at`; `earlier` are the turns before it, already re-read.
 * Undefined leaves the rules' reading (a model that did not answer).
 */
export type TurnReader = (input: TurnInput, earlier: ConversationTurn[], at: Date) => Promise<Understanding | undefined>;

/**
 * The stored turns re-read with today's understanding in the script's language: each customer turn (a turn
 * with an intent) gets a new intent, emotion and confidence, from `reader` when given, else the rules. The
 * AI's own lines (greeting, voicemail message) and the words themselves stay as they were.
 */
export async function rereadTurns(turns: ConversationTurn[], language: string, reader?: TurnReader): Promise<ConversationTurn[]> {
  const reread: ConversationTurn[] = [];
  for (const turn of turns) {
    if (!turn.intent) {
      reread.push(turn);
      continue;
    }
    const input = storedInput(turn);
    // The turn's own time places a callback it names, as it did during the call.
    const at = new Date(turn.timestamp);
    const understanding = (input.text && reader ? await reader(input, reread, at) : undefined) ?? understand(input, at, 'UTC', language);
    reread.push({ ...turn, intent: understanding.intent, emotion: understanding.emotion, confidence: understanding.confidence });
  }
  return reread;
}
