import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { contactZones } from '../libs/compliance/src/timezone';
import type { AppConfig } from '../libs/config/src';
import type { CallOutcome } from '../libs/contracts/src';
import { Campaign, Contact, Organization, Script } from '../libs/db/src';
import { KEY_MENU, analyzeConversation, describeKey, nextReply, type ConversationTurn } from '../libs/conversation/src';
import { LlmUnavailableError, askLlm } from '../libs/conversation/src/llm/llm-client';
import { type TurnInput, type Understanding, understand } from '../libs/conversation/src/understanding';

export interface ConversationActivityDeps {
  dataSource: DataSource;
  conversation: AppConfig['conversation'];
}

export interface TurnResult {
  reply: string;
  end: boolean;
  outcome: CallOutcome | null;
  callbackAt: string | null;
  unclear: boolean;
}

/** Each exchange is one call_events row; the dedupe key makes a retried activity write it once. */
const INSERT_TURN = `INSERT INTO call_events (call_id, organization_id, event_type, event_data, dedupe_key)
                     VALUES ($1, $2, 'ai_conversation', $3, $4) ON CONFLICT DO NOTHING`;

export function createConversationActivities({ dataSource, conversation }: ConversationActivityDeps) {
  async function callContext(callId: string) {
    const [row] = (await dataSource.query('SELECT organization_id, campaign_id, contact_id FROM calls WHERE id = $1', [callId])) as {
      organization_id: string;
      campaign_id: string;
      contact_id: string;
    }[];
    if (!row) throw new Error(`call ${callId} not found`);
    const contact = await dataSource.getRepository(Contact).findOneByOrFail({ id: row.contact_id });
    const campaign = await dataSource.getRepository(Campaign).findOneByOrFail({ id: row.campaign_id });
    const script = campaign.scriptId ? await dataSource.getRepository(Script).findOneBy({ id: campaign.scriptId }) : null;
    const organization = await dataSource.getRepository(Organization).findOneByOrFail({ id: row.organization_id });
    const { zones } = await contactZones(contact.phone, contact.timezone);
    return { organizationId: row.organization_id, contact, script, organization, timeZone: zones[0] ?? 'UTC' };
  }

  /** A spoken turn through the configured model; undefined (the rules answer) without one or on failure. */
  async function askModel(context: Awaited<ReturnType<typeof callContext>>, customer: TurnInput, rules: Understanding) {
    if (!conversation.llm || !customer.text) return undefined;
    try {
      const turn = await askLlm(conversation.llm, {
        systemPrompt: `You are a polite phone assistant calling for ${context.organization.name}. Pitch: ${context.script?.mainPitch ?? ''}`,
        history: [],
        customer: customer.text,
      });
      return { reply: turn.reply, understanding: { ...turn.understanding, ...(rules.callbackAt ? { callbackAt: rules.callbackAt } : {}) } };
    } catch (error) {
      if (error instanceof LlmUnavailableError) {
        log.warn('LLM unavailable; the rules answer this turn', { reason: error.message });
        return undefined;
      }
      throw error;
    }
  }

  return {
    /**
     * Records what the AI says first and returns it: to a person the greeting and the key menu; to an
     * answering machine the voicemail message, or nothing when the campaign hangs up on machines.
     */
    async openConversation(input: { callId: string; greeting: string; answeredBy: 'person' | 'machine' }): Promise<{ speech: string | null }> {
      const context = await callContext(input.callId);
      const speech =
        input.answeredBy === 'person'
          ? `${input.greeting} ${KEY_MENU}`
          : conversation.voicemailAction === 'message'
            ? context.script?.voicemailMessage || defaultVoicemail(context.organization.name)
            : null;
      const turn: ConversationTurn = {
        user_input: input.answeredBy === 'machine' ? '[answering machine]' : '',
        ai_response: speech ?? '',
        timestamp: new Date().toISOString(),
      };
      await dataSource.query(INSERT_TURN, [input.callId, context.organizationId, JSON.stringify(turn), 'turn-0']);
      return { speech };
    },

    /** One turn: understand the customer, choose the reply, record both; an opt-out goes on the DNC list now. */
    async runConversationTurn(input: { callId: string; turn: number; unclearTurns: number; customer: TurnInput }): Promise<TurnResult> {
      const context = await callContext(input.callId);
      const rules = understand(input.customer, new Date(), context.timeZone);
      const spokenTurn = await askModel(context, input.customer, rules);
      const understanding = spokenTurn?.understanding ?? rules;
      const unclear = understanding.intent === 'unclear';
      const decided = nextReply(understanding, {
        script: {
          mainPitch: context.script?.mainPitch ?? '',
          objectionHandling: context.script?.objectionHandling ?? {},
          closing: context.script?.closing ?? '',
          followUp: context.script?.followUp ?? '',
        },
        fields: { first_name: context.contact.firstName, last_name: context.contact.lastName, company: context.contact.company, ...context.contact.customFields },
        turn: input.turn,
        maxTurns: conversation.maxTurns,
        unclearTurns: input.unclearTurns + (unclear ? 1 : 0),
        timeZone: context.timeZone,
      });
      // The model may word an open reply; endings (opt-out, callback, closing) stay the script's.
      const reply = { ...decided, text: !decided.end && spokenTurn ? spokenTurn.reply : decided.text };
      if (understanding.intent === 'opt_out') {
        await dataSource.query(
          `INSERT INTO dnc_entries (organization_id, phone, reason, source) VALUES ($1, $2, 'Opted out during a call', 'call')
           ON CONFLICT (organization_id, phone) DO NOTHING`,
          [context.organizationId, context.contact.phone],
        );
      }
      const spoken = input.customer.dtmf ? describeKey(input.customer.dtmf) : (input.customer.text ?? '');
      const turn: ConversationTurn = {
        user_input: spoken || '[no answer]',
        ai_response: reply.text,
        intent: understanding.intent,
        emotion: understanding.emotion,
        confidence: understanding.confidence,
        timestamp: new Date().toISOString(),
      };
      await dataSource.query(INSERT_TURN, [input.callId, context.organizationId, JSON.stringify(turn), `turn-${input.turn}`]);
      return { reply: reply.text, end: reply.end, outcome: reply.outcome ?? null, callbackAt: understanding.callbackAt ?? null, unclear };
    },

    /** Transcript and analysis from the recorded exchanges, saved on the call. */
    async analyzeCall(input: { callId: string; outcome: CallOutcome; durationSeconds: number }): Promise<void> {
      const events = (await dataSource.query(
        `SELECT event_data FROM call_events WHERE call_id = $1 AND event_type = 'ai_conversation' ORDER BY timestamp, id`,
        [input.callId],
      )) as { event_data: ConversationTurn }[];
      const turns = events.map((e) => e.event_data);
      const ttsCharacters = turns.reduce((sum, t) => sum + t.ai_response.length, 0);
      const analysis = analyzeConversation(
        turns,
        input.outcome,
        { durationSeconds: input.durationSeconds, ttsCharacters, input: conversation.stt ? 'speech' : 'keys' },
        conversation.rates,
      );
      await dataSource.query(
        `UPDATE calls SET transcript = $2, emotion = $3, intent_score = $4, csat_score = $5, ai_insights = $6, cost = $7, updated_at = now()
          WHERE id = $1`,
        [input.callId, analysis.transcript, analysis.emotion, analysis.intentScore, analysis.csatScore, JSON.stringify(analysis.insights), analysis.cost],
      );
    },
  };
}

function defaultVoicemail(organizationName: string): string {
  return `Hello, this is an automated assistant calling on behalf of ${organizationName}. We will try to reach you again later. Goodbye.`;
}

export type ConversationActivities = ReturnType<typeof createConversationActivities>;
