import { log } from '@temporalio/activity';
import { contactZones } from '../libs/compliance/src';
import type { AppConfig } from '../libs/config/src';
import {
  type CallHandoff,
  type CallOutcome,
  DEFAULT_LANGUAGE,
  HANDOFF_DEFAULTS,
  type ScriptLanguage,
  type TurnResult,
  callNotFound,
  handoffKey,
} from '../libs/contracts/src';
import type { CallAttempts, CallContext, CallRecordingRepository, DncRepository } from '../libs/db/src';
import { ANALYSIS_RULES_VERSION, analyzeConversation, catalogueFor, consentAnnouncement, describeKey, keyMenu, nextReply, type ConversationTurn } from '../libs/conversation/src';
import { handoffOrder, handsOff } from '../libs/conversation/src/handoff-decision';
import { asteriskRecordingName } from '../libs/recordings/src';
import { SIMULATED_AGENT } from '../libs/telephony/src/simulated-customers';
import { LlmUnavailableError, type LlmTurn, type LlmUsage, askLlm } from '../libs/conversation/src/llm/llm-client';
import { buildSystemPrompt, historyMessages } from '../libs/conversation/src/llm/prompt';
import { type TurnInput, type Understanding, understand } from '../libs/conversation/src/understanding';

export interface ConversationActivityDeps {
  calls: CallAttempts;
  callRecordings: CallRecordingRepository;
  dnc: DncRepository;
  conversation: AppConfig['conversation'];
  /** A handoff to a phone number dials it as the customers are dialed. */
  dialing: Pick<AppConfig['dialing'], 'dialStringTemplate'>;
  /** Where a fallback to the rules is reported; the activity's own logger unless given (tests call activities outside a worker). */
  logger?: Pick<typeof log, 'warn'>;
}

/** How far into the call (from the answer) a turn was taken, so a player of the recording can jump to it. */
export function offsetFromAnswer(answeredAt: string | null | undefined): number {
  return answeredAt ? Math.max(0, Date.now() - Date.parse(answeredAt)) : 0;
}

export function createConversationActivities({ calls, callRecordings, dnc, conversation, dialing, logger = log }: ConversationActivityDeps) {
  async function callContext(callId: string): Promise<CallContext & { timeZone: string; language: ScriptLanguage }> {
    const context = await calls.context(callId);
    if (!context) throw callNotFound(callId);
    const { zones } = await contactZones(context.contact.phone, context.contact.timezone);
    return { ...context, timeZone: zones[0] ?? 'UTC', language: context.script?.language ?? DEFAULT_LANGUAGE };
  }

  /**
   * A spoken turn through the configured model, which sees the script and the call so far; undefined (the
   * rules answer) without a model or when it fails. Every billed request is added to the call's tokens.
   */
  async function askModel(context: Awaited<ReturnType<typeof callContext>>, turn: number, customer: TurnInput, rules: Understanding) {
    if (!conversation.llm || !customer.text) return undefined;
    const earlier = await calls.turns<ConversationTurn>(context.callId, turn);
    let answer: LlmTurn | undefined;
    let usage: LlmUsage | undefined;
    try {
      answer = await askLlm(conversation.llm, {
        systemPrompt: buildSystemPrompt({
          organizationName: context.organizationName,
          script: context.script,
          fields: context.contact.fields,
          now: new Date(),
          timeZone: context.timeZone,
          language: context.language,
        }),
        history: historyMessages(earlier),
        customer: customer.text,
      });
      usage = answer.usage;
    } catch (error) {
      if (!(error instanceof LlmUnavailableError)) throw error;
      logger.warn('LLM unavailable; the rules answer this turn', { reason: error.message });
      usage = error.usage;
    }
    if (usage && usage.promptTokens + usage.completionTokens > 0) await calls.addLlmUsage(context.callId, usage);
    if (!answer) return undefined;
    // The rules' reading of a named time is deterministic; the model's fills in when they found none.
    const callbackAt = rules.callbackAt ?? answer.understanding.callbackAt;
    return { reply: answer.reply, understanding: { ...answer.understanding, ...(callbackAt ? { callbackAt } : {}) } };
  }

  return {
    /**
     * Records what the AI says first (as `turn`) and returns it in the parts to speak: to a person the
     * greeting, the recording's consent announcement when the campaign records its calls, then the key
     * menu; to an answering machine the voicemail message, or nothing when the campaign hangs up on machines.
     */
    async openConversation(input: {
      callId: string;
      greeting: string;
      answeredBy: 'person' | 'machine';
      turn: number;
      answeredAt?: string | null;
    }): Promise<{ speech: string[]; recording?: { name: string } }> {
      const context = await callContext(input.callId);
      const phrases = catalogueFor(context.language);
      const recording = input.answeredBy === 'person' && context.callSettings.recording?.enabled ? context.callSettings.recording : undefined;
      const speech =
        input.answeredBy === 'person'
          ? [input.greeting, ...(recording ? [consentAnnouncement(context.language, recording.consentMessage)] : []), keyMenu(context.language, handoffKey(context.handoff))]
          : conversation.voicemailAction === 'message'
            ? [context.script?.voicemailMessage || phrases.voicemail(context.organizationName)]
            : [];
      const turn: ConversationTurn = {
        user_input: input.answeredBy === 'machine' ? '[answering machine]' : '',
        ai_response: speech.join(' '),
        timestamp: new Date().toISOString(),
        offset_ms: offsetFromAnswer(input.answeredAt),
      };
      await calls.appendTurn(input.callId, context.organizationId, input.turn, turn);
      if (!recording) return { speech };
      await callRecordings.started(input.callId);
      return { speech, recording: { name: asteriskRecordingName(input.callId) } };
    },

    /** One turn: understand the customer, choose the reply, record both; an opt-out (of a live call) goes on the DNC list now. */
    async runConversationTurn(input: { callId: string; turn: number; unclearTurns: number; customer: TurnInput; answeredAt?: string | null }): Promise<TurnResult> {
      const context = await callContext(input.callId);
      const personKey = handoffKey(context.handoff);
      const rules = understand(input.customer, new Date(), context.timeZone, context.language, personKey);
      const spokenTurn = await askModel(context, input.turn, input.customer, rules);
      const understanding = spokenTurn?.understanding ?? rules;
      const unclear = understanding.intent === 'unclear';
      const handingOff = handsOff(understanding.intent, input.customer.dtmf !== undefined, context.handoff);
      const decided = nextReply(understanding, {
        script: {
          mainPitch: context.script?.mainPitch ?? '',
          objectionHandling: context.script?.objectionHandling ?? {},
          closing: context.script?.closing ?? '',
          followUp: context.script?.followUp ?? '',
        },
        fields: context.contact.fields,
        turn: input.turn,
        maxTurns: conversation.maxTurns,
        unclearTurns: input.unclearTurns + (unclear ? 1 : 0),
        timeZone: context.timeZone,
        language: context.language,
        handsOff: handingOff,
        personKey,
      });
      // The model may word an open reply; endings (opt-out, callback, closing) stay the script's.
      const reply = { ...decided, text: !decided.end && !handingOff && spokenTurn ? spokenTurn.reply : decided.text };
      // A rehearsal's customer is simulated: the contact never asked to opt out.
      if (understanding.intent === 'opt_out' && !context.rehearsal) await dnc.addFromCall(context.organizationId, context.contact.phone);
      const spoken = input.customer.dtmf ? describeKey(input.customer.dtmf, context.language) : (input.customer.text ?? '');
      const turn: ConversationTurn = {
        user_input: spoken || '[no answer]',
        ai_response: reply.text,
        intent: understanding.intent,
        emotion: understanding.emotion,
        confidence: understanding.confidence,
        timestamp: new Date().toISOString(),
        offset_ms: offsetFromAnswer(input.answeredAt),
      };
      await calls.appendTurn(input.callId, context.organizationId, input.turn, turn);
      const result: TurnResult = { reply: reply.text, end: reply.end, outcome: reply.outcome ?? null, callbackAt: understanding.callbackAt ?? null, unclear };
      if (!handingOff || !context.handoff) return result;
      const handoff = handoffOrder({
        // A rehearsal never rings the real agents.
        handoff: context.rehearsal ? { ...context.handoff, destination: SIMULATED_AGENT } : context.handoff,
        numberTemplate: dialing.dialStringTemplate,
        intent: understanding.intent === 'interested' ? 'interested' : 'person_request',
        language: context.language,
        organizationName: context.organizationName,
        contact: context.contact,
        turns: await calls.turns<ConversationTurn>(input.callId),
      });
      return { ...result, handoff };
    },

    /**
     * Another worker picks up a conversation whose worker died mid-call: records as turn `turn` what the AI
     * says to pick it up (the dropped-line apology, then the question it last asked) and returns it.
     */
    async resumeConversation(input: { callId: string; turn: number; answeredAt?: string | null }): Promise<{ speech: string[] }> {
      const context = await callContext(input.callId);
      const earlier = await calls.turns<ConversationTurn>(input.callId, input.turn);
      const lastSaid = earlier.at(-1)?.ai_response || keyMenu(context.language, handoffKey(context.handoff));
      const speech = [catalogueFor(context.language).lineDropped, lastSaid];
      const turn: ConversationTurn = { user_input: '', ai_response: speech.join(' '), timestamp: new Date().toISOString(), offset_ms: offsetFromAnswer(input.answeredAt) };
      await calls.appendTurn(input.callId, context.organizationId, input.turn, turn);
      return { speech };
    },

    /**
     * No agent answered a handoff in time: books the callback (the campaign's callbackDelayMinutes from now),
     * records what the AI tells the customer as turn `turn`, and returns it.
     */
    async bookAgentCallback(input: { callId: string; turn: number; answeredAt?: string | null }): Promise<{ reply: string; callbackAt: string }> {
      const context = await callContext(input.callId);
      const delayMinutes = context.handoff?.callbackDelayMinutes ?? HANDOFF_DEFAULTS.callbackDelayMinutes;
      const callbackAt = new Date(Date.now() + delayMinutes * 60_000);
      const phrases = catalogueFor(context.language);
      const reply = phrases.agentsBusy(phrases.spokenTime(callbackAt, context.timeZone, context.language));
      const turn: ConversationTurn = { user_input: '', ai_response: reply, timestamp: new Date().toISOString(), offset_ms: offsetFromAnswer(input.answeredAt) };
      await calls.appendTurn(input.callId, context.organizationId, input.turn, turn);
      return { reply, callbackAt: callbackAt.toISOString() };
    },

    /** Transcript and analysis from the recorded exchanges: the call's first analysis version, shown on the call. */
    async analyzeCall(input: { callId: string; outcome: CallOutcome; durationSeconds: number; handoff?: CallHandoff }): Promise<void> {
      if (input.handoff) await calls.saveHandoff(input.callId, input.handoff);
      const turns = await calls.turns<ConversationTurn>(input.callId);
      const ttsCharacters = turns.reduce((sum, t) => sum + t.ai_response.length, 0);
      const tokens = await calls.llmUsage(input.callId);
      const analysis = analyzeConversation(
        turns,
        input.outcome,
        {
          durationSeconds: input.durationSeconds,
          ttsCharacters,
          llmPromptTokens: tokens.promptTokens,
          llmCompletionTokens: tokens.completionTokens,
          input: conversation.stt ? 'speech' : 'keys',
        },
        conversation.rates,
      );
      await calls.saveAnalysis(input.callId, analysis, { kind: 'call', rulesVersion: ANALYSIS_RULES_VERSION, llmModel: conversation.llm?.model ?? null });
    },
  };
}

export type ConversationActivities = ReturnType<typeof createConversationActivities>;
