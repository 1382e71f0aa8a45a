import { log } from '@temporalio/activity';
import { contactZones } from '../libs/compliance/src';
import type { AppConfig } from '../libs/config/src';
import { type CallOutcome, DEFAULT_LANGUAGE, type ScriptLanguage, type TurnResult, callNotFound } from '../libs/contracts/src';
import type { CallAttempts, CallContext, DncRepository } from '../libs/db/src';
import { ANALYSIS_RULES_VERSION, analyzeConversation, catalogueFor, describeKey, nextReply, type ConversationTurn } from '../libs/conversation/src';
import { LlmUnavailableError, type LlmTurn, type LlmUsage, askLlm } from '../libs/conversation/src/llm/llm-client';
import { buildSystemPrompt, historyMessages } from '../libs/conversation/src/llm/prompt';
import { type TurnInput, type Understanding, understand } from '../libs/conversation/src/understanding';

export interface ConversationActivityDeps {
  calls: CallAttempts;
  dnc: DncRepository;
  conversation: AppConfig['conversation'];
  /** Where a fallback to the rules is reported; the activity's own logger unless given (tests call activities outside a worker). */
  logger?: Pick<typeof log, 'warn'>;
}

export function createConversationActivities({ calls, dnc, conversation, logger = log }: ConversationActivityDeps) {
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
     * greeting, then the key menu; to an answering machine the voicemail message, or nothing when the
     * campaign hangs up on machines.
     */
    async openConversation(input: { callId: string; greeting: string; answeredBy: 'person' | 'machine'; turn: number }): Promise<{ speech: string[] }> {
      const context = await callContext(input.callId);
      const phrases = catalogueFor(context.language);
      const speech =
        input.answeredBy === 'person'
          ? [input.greeting, phrases.keyMenu]
          : conversation.voicemailAction === 'message'
            ? [context.script?.voicemailMessage || phrases.voicemail(context.organizationName)]
            : [];
      const turn: ConversationTurn = {
        user_input: input.answeredBy === 'machine' ? '[answering machine]' : '',
        ai_response: speech.join(' '),
        timestamp: new Date().toISOString(),
      };
      await calls.appendTurn(input.callId, context.organizationId, input.turn, turn);
      return { speech };
    },

    /** One turn: understand the customer, choose the reply, record both; an opt-out goes on the DNC list now. */
    async runConversationTurn(input: { callId: string; turn: number; unclearTurns: number; customer: TurnInput }): Promise<TurnResult> {
      const context = await callContext(input.callId);
      const rules = understand(input.customer, new Date(), context.timeZone, context.language);
      const spokenTurn = await askModel(context, input.turn, input.customer, rules);
      const understanding = spokenTurn?.understanding ?? rules;
      const unclear = understanding.intent === 'unclear';
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
      });
      // The model may word an open reply; endings (opt-out, callback, closing) stay the script's.
      const reply = { ...decided, text: !decided.end && spokenTurn ? spokenTurn.reply : decided.text };
      if (understanding.intent === 'opt_out') await dnc.addFromCall(context.organizationId, context.contact.phone);
      const spoken = input.customer.dtmf ? describeKey(input.customer.dtmf, context.language) : (input.customer.text ?? '');
      const turn: ConversationTurn = {
        user_input: spoken || '[no answer]',
        ai_response: reply.text,
        intent: understanding.intent,
        emotion: understanding.emotion,
        confidence: understanding.confidence,
        timestamp: new Date().toISOString(),
      };
      await calls.appendTurn(input.callId, context.organizationId, input.turn, turn);
      return { reply: reply.text, end: reply.end, outcome: reply.outcome ?? null, callbackAt: understanding.callbackAt ?? null, unclear };
    },

    /** Transcript and analysis from the recorded exchanges: the call's first analysis version, shown on the call. */
    async analyzeCall(input: { callId: string; outcome: CallOutcome; durationSeconds: number }): Promise<void> {
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
