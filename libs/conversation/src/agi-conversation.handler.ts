import { type CallOutcome, callWorkflowId, parseCallChannelId } from '../../contracts/src';
import type { AgiSession } from '../../telephony/src/fastagi';
import { AgiHangupError } from '../../telephony/src/fastagi';
import type { TtsEngine } from '../../speech/src/tts';

/** How the AGI side reaches the attempt's CallWorkflow (an Update and a signal in the worker). */
export interface ConversationPort {
  startConversation(workflowId: string): Promise<{ greeting: string; proceed: boolean }>;
  conversationEnded(workflowId: string, outcome: CallOutcome): Promise<void>;
}

export interface ConversationDeps {
  port: ConversationPort;
  tts: TtsEngine;
  audioUrl(id: string): string;
  logger: { log(message: string): void; error(message: string, error?: unknown): void };
}

/** The conversation on an answered channel: the greeting, spoken, then a polite end. */
export function createConversationHandler({ port, tts, audioUrl, logger }: ConversationDeps) {
  return async function handleConversation(session: AgiSession): Promise<void> {
    const channelId = session.env.uniqueid ?? '';
    const attempt = parseCallChannelId(channelId);
    if (!attempt) {
      logger.error(`AGI session on a channel that is not a dialer call: ${channelId}`);
      await session.hangup();
      return;
    }
    const workflowId = callWorkflowId(attempt);
    try {
      const start = await port.startConversation(workflowId);
      if (!start.proceed) return;
      const greeting = await tts.synthesize(start.greeting);
      await session.exec('Playback', audioUrl(greeting.id));
      await port.conversationEnded(workflowId, 'no_decision');
      await session.hangup();
    } catch (error) {
      // The callee hanging up mid-sentence is an outcome, not a fault.
      if (error instanceof AgiHangupError) return;
      throw error;
    }
  };
}
