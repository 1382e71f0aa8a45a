import { type HandoffOrder, type HandoffSettings, agentDialString } from '../../contracts/src';
import type { ConversationTurn } from './analysis';
import { catalogueFor } from './language';
import type { Intent } from './understanding';

/**
 * Whether the campaign's handoff takes this turn: an interested customer when it hands off on interest, a
 * request for a person when it hands off on request (spoken) or by key (the key pressed).
 */
export function handsOff(intent: Intent, byKey: boolean, handoff: HandoffSettings | null): boolean {
  if (!handoff) return false;
  if (intent === 'interested') return handoff.triggers.includes('interested');
  if (intent === 'person_request') return handoff.triggers.includes(byKey ? 'key' : 'person_requested');
  return false;
}

/** What the AGI session needs to put the customer through: the agents' dial string and what they hear first. */
export function handoffOrder(input: {
  handoff: HandoffSettings;
  numberTemplate: string;
  intent: 'interested' | 'person_request';
  language: string;
  organizationName: string;
  contact: { phone: string; fields: Record<string, string> };
  /** The customer's side of the call so far, this turn included. */
  turns: Pick<ConversationTurn, 'user_input'>[];
}): HandoffOrder {
  const phrases = catalogueFor(input.language);
  const { first_name: first = '', last_name: last = '' } = input.contact.fields;
  // Their words, not the AI's: what the agent needs before saying hello. Silences are left out.
  const customerSaid = input.turns.map((t) => t.user_input).filter((said) => said && !said.startsWith('['));
  return {
    dialString: agentDialString(input.handoff.destination, input.numberTemplate),
    timeoutSeconds: input.handoff.answerTimeoutSeconds,
    summary: phrases.handoffSummary({
      contactName: `${first} ${last}`.trim(),
      phone: input.contact.phone,
      organizationName: input.organizationName,
      reason: phrases.handoffReasons[input.intent],
      customerSaid,
    }),
  };
}
