import type { CallOutcome } from '../../contracts/src';
import type { Emotion, Intent } from './understanding';

/** One exchange, as stored in call_events (the seed's conversation history shape). */
export interface ConversationTurn {
  user_input: string;
  ai_response: string;
  intent?: Intent;
  emotion?: Emotion;
  confidence?: number;
  timestamp: string;
  /**
   * Milliseconds from the answer to this exchange (the opening: when the AI began; a turn: when the
   * customer's answer was heard and the reply began), so a player of the recording can jump to it.
   * Absent on turns stored before offsets were kept.
   */
  offset_ms?: number;
}

export interface CostRates {
  perMinute: number;
  ttsPer1kChars: number;
  llmPer1kPromptTokens: number;
  llmPer1kCompletionTokens: number;
}

/** What a call consumed, priced by CostRates. */
export interface CallUsage {
  durationSeconds: number;
  ttsCharacters: number;
  llmPromptTokens: number;
  llmCompletionTokens: number;
  input: 'keys' | 'speech';
}

export interface CallAnalysis {
  transcript: string;
  emotion: Emotion;
  intentScore: number;
  csatScore: number;
  insights: { summary: string; objections: string[]; nextStep: string; input: 'keys' | 'speech' };
  cost: number;
}

const INTENT_SCORE: Record<Intent, number> = {
  interested: 0.9,
  callback_request: 0.6,
  person_request: 0.6,
  question: 0.5,
  objection: 0.4,
  unclear: 0.3,
  not_interested: 0.1,
  wrong_person: 0,
  opt_out: 0,
};

const NEXT_STEP: Partial<Record<CallOutcome, string>> = {
  interested: 'Have a person follow up with the details.',
  transferred: 'Put through to an agent, who now owns the follow-up.',
  callback: 'Call back at the time the customer asked for.',
  not_interested: 'No follow-up.',
  opted_out: 'Never call again (number added to the do-not-call list).',
  wrong_person: 'Correct or remove the contact record.',
  voicemail: 'Try again later or wait for a call back.',
};

/** Transcript, overall emotion, intent score, a CSAT estimate, insights and cost of one call. */
export function analyzeConversation(
  turns: ConversationTurn[],
  outcome: CallOutcome,
  usage: CallUsage,
  rates: CostRates,
): CallAnalysis {
  const lines = turns.flatMap((t) => [...(t.user_input ? [`Customer: ${t.user_input}`] : []), ...(t.ai_response ? [`AI: ${t.ai_response}`] : [])]);
  const customer = turns.filter((t) => t.user_input && t.intent);
  const emotions = customer.map((t) => t.emotion ?? 'neutral');
  const emotion: Emotion = emotions.includes('frustrated')
    ? 'frustrated'
    : emotions.includes('positive')
      ? 'positive'
      : emotions.includes('confused')
        ? 'confused'
        : 'neutral';
  const last = customer[customer.length - 1];
  const intentScore = last?.intent ? INTENT_SCORE[last.intent] : 0;
  let csat = 3;
  if (emotion === 'positive') csat += 1;
  if (outcome === 'interested' || outcome === 'callback') csat += 1;
  if (emotion === 'frustrated' || emotion === 'confused') csat -= 1;
  if (outcome === 'opted_out') csat = 1;
  const objections = [...new Set(customer.filter((t) => t.intent === 'objection').map((t) => t.user_input))];
  const summary =
    customer.length === 0
      ? `The call ended as ${outcome.replace('_', ' ')} before the customer answered anything.`
      : `${customer.length} customer turn(s); the call ended as ${outcome.replace('_', ' ')} with a ${emotion} customer.`;
  const cost =
    (usage.durationSeconds / 60) * rates.perMinute +
    (usage.ttsCharacters / 1000) * rates.ttsPer1kChars +
    (usage.llmPromptTokens / 1000) * rates.llmPer1kPromptTokens +
    (usage.llmCompletionTokens / 1000) * rates.llmPer1kCompletionTokens;
  return {
    transcript: lines.join('\n'),
    emotion,
    intentScore,
    csatScore: Math.min(5, Math.max(1, csat)),
    insights: { summary, objections, nextStep: NEXT_STEP[outcome] ?? 'Review the call.', input: usage.input },
    cost: Math.round(cost * 10000) / 10000,
  };
}
