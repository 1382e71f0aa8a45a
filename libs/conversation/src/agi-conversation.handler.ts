import { type CallOutcome, callWorkflowId, parseCallChannelId } from '../../contracts/src';
import type { AgiSession } from '../../telephony/src/fastagi';
import type { TtsEngine } from '../../speech/src/tts';

export interface ConversationStartReply {
  speech: string | null;
  proceed: boolean;
}

/** How the AGI side reaches the attempt's CallWorkflow (Updates and a signal in the worker). */
export interface ConversationPort {
  startConversation(workflowId: string, answeredBy: 'person' | 'machine'): Promise<ConversationStartReply>;
  turn(workflowId: string, customer: { text?: string; dtmf?: string }): Promise<{ reply: string; end: boolean }>;
  conversationEnded(workflowId: string, outcome: CallOutcome): Promise<void>;
}

export interface ConversationDeps {
  port: ConversationPort;
  tts: TtsEngine;
  audioUrl(id: string): string;
  /** How long to wait for a key press in each turn. */
  listenTimeoutMs: number;
  logger: { log(message: string): void; error(message: string, error?: unknown): void };
}

/**
 * The conversation on an answered channel: answering machines get the voicemail message; people get the
 * greeting, then turns (a key press in, the workflow's reply out) until a reply ends the call.
 * A hang-up surfaces as AgiHangupError, which the FastAGI server treats as the end, not as a fault.
 */
export function createConversationHandler({ port, tts, audioUrl, listenTimeoutMs, logger }: ConversationDeps) {
  const speak = async (session: AgiSession, text: string) => {
    const audio = await tts.synthesize(text);
    await session.exec('Playback', audioUrl(audio.id));
  };

  return async function handleConversation(session: AgiSession): Promise<void> {
    const channelId = session.env.uniqueid ?? '';
    const attempt = parseCallChannelId(channelId);
    if (!attempt) {
      logger.error(`AGI session on a channel that is not a dialer call: ${channelId}`);
      await session.hangup();
      return;
    }
    const workflowId = callWorkflowId(attempt);
    // Set by AMD() in the dialplan before the AGI runs; NOTSURE is treated as a person.
    const answeredBy = (await session.getVariable('AMDSTATUS')) === 'MACHINE' ? 'machine' : 'person';
    const start = await port.startConversation(workflowId, answeredBy);
    if (!start.proceed) return;
    if (answeredBy === 'machine') {
      if (start.speech) {
        // Speak after the greeting and its beep, into the recording.
        await session.exec('WaitForSilence', 1000, 1, 10);
        await speak(session, start.speech);
      }
      await port.conversationEnded(workflowId, 'voicemail');
      await session.hangup();
      return;
    }

    if (start.speech) await speak(session, start.speech);
    for (;;) {
      const dtmf = await session.waitForDigit(listenTimeoutMs);
      const answer = await port.turn(workflowId, dtmf ? { dtmf } : {});
      await speak(session, answer.reply);
      if (answer.end) break;
    }
    await port.conversationEnded(workflowId, 'no_decision');
    await session.hangup();
  };
}
