import { heartbeat, log } from '@temporalio/activity';
import { contactZones } from '../libs/compliance/src';
import type { AppConfig } from '../libs/config/src';
import {
  type ReanalysisCounts,
  type ReanalysisPageInput,
  type ReanalysisPageResult,
  type ReanalysisStatus,
  reanalysisNotFound,
} from '../libs/contracts/src';
import { type CallAnalysisRecord, type CallAttempts, type ReanalysisRepository, ReanalysisNotFoundError, type StoredCall } from '../libs/db/src';
import { ANALYSIS_RULES_VERSION, type ConversationTurn, type TurnReader, analyzeConversation, rereadTurns } from '../libs/conversation/src';
import { LlmUnavailableError, askLlm } from '../libs/conversation/src/llm/llm-client';
import { buildSystemPrompt, historyMessages } from '../libs/conversation/src/llm/prompt';

export interface ReanalysisActivityDeps {
  reanalyses: ReanalysisRepository;
  calls: CallAttempts;
  conversation: AppConfig['conversation'];
  /** Where a fallback to the rules is reported; the activity's own logger unless given. */
  logger?: Pick<typeof log, 'warn'>;
  /** Called after each call of a page (the activity's heartbeat unless given: tests call activities outside a worker). */
  beat?: () => void;
}

/** A run the API removed, or an id nobody created: retrying cannot find it. */
async function knownRun<T>(reanalysisId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReanalysisNotFoundError) throw reanalysisNotFound(reanalysisId);
    throw error;
  }
}

/**
 * Re-analysis over stored calls: no step here dials, speaks or touches Asterisk; they read the stored turns
 * and write analysis versions.
 */
export function createReanalysisActivities({ reanalyses, calls, conversation, logger = log, beat = heartbeat }: ReanalysisActivityDeps) {
  /**
   * With a model configured, each spoken customer turn is read by it as during a call (it sees the script and
   * the turns before); the rules read key presses, and any turn the model does not answer.
   */
  async function modelReader(callId: string): Promise<TurnReader | undefined> {
    const llm = conversation.llm;
    if (!llm) return undefined;
    const context = await calls.context(callId);
    if (!context) return undefined;
    const { zones } = await contactZones(context.contact.phone, context.contact.timezone);
    return async (input, earlier, at) => {
      try {
        const answer = await askLlm(llm, {
          systemPrompt: buildSystemPrompt({
            organizationName: context.organizationName,
            script: context.script,
            fields: context.contact.fields,
            now: at,
            timeZone: zones[0] ?? 'UTC',
            language: context.script?.language ?? 'en-US',
          }),
          history: historyMessages(earlier),
          customer: input.text ?? '',
        });
        return answer.understanding;
      } catch (error) {
        if (!(error instanceof LlmUnavailableError)) throw error;
        logger.warn('LLM unavailable; the rules read this turn', { callId, reason: error.message });
        return undefined;
      }
    };
  }

  /** Today's analysis of one stored call: its turns re-read, then analysed as at the end of a call. */
  async function reanalyze(call: StoredCall): Promise<CallAnalysisRecord> {
    const stored = call.turns as unknown as ConversationTurn[];
    const turns = await rereadTurns(stored, call.language, await modelReader(call.id));
    return analyzeConversation(
      turns,
      call.outcome,
      {
        durationSeconds: call.duration,
        ttsCharacters: turns.reduce((sum, t) => sum + t.ai_response.length, 0),
        llmPromptTokens: call.llmPromptTokens,
        llmCompletionTokens: call.llmCompletionTokens,
        input: call.input ?? (conversation.stt ? 'speech' : 'keys'),
      },
      conversation.rates,
    );
  }

  return {
    /** Marks the run started and counts its calls. */
    async startReanalysis(input: { reanalysisId: string }): Promise<{ total: number }> {
      return { total: await knownRun(input.reanalysisId, () => reanalyses.begin(input.reanalysisId)) };
    },

    /** One page of the run's calls by id, re-analysed and stored with the run's counters, in one transaction. */
    async reanalyzePage(input: ReanalysisPageInput): Promise<ReanalysisPageResult> {
      const page = await knownRun(input.reanalysisId, () => reanalyses.page(input.reanalysisId, input.after, input.pageSize));
      if (page.length === 0) return { counts: input.before, lastCallId: null };
      const analyses = new Map<string, CallAnalysisRecord>();
      for (const call of page) {
        analyses.set(call.id, await reanalyze(call));
        beat();
      }
      const counts = await reanalyses.storePage(
        input.reanalysisId,
        { kind: 'reanalysis', reanalysisId: input.reanalysisId, rulesVersion: ANALYSIS_RULES_VERSION, llmModel: conversation.llm?.model ?? null },
        analyses,
        input.before,
      );
      return { counts, lastCallId: page.length < input.pageSize ? null : page[page.length - 1]!.id };
    },

    /** The run's state as its workflow decided it (paused, running again, completed, cancelled). */
    async recordReanalysisState(input: { reanalysisId: string; status: ReanalysisStatus; counts?: ReanalysisCounts }): Promise<void> {
      await reanalyses.recordState(input.reanalysisId, input.status, input.counts);
    },
  };
}

export type ReanalysisActivities = ReturnType<typeof createReanalysisActivities>;
