import { type CallOutcome, callWorkflowId, parseCallChannelId } from '../../contracts/src';
import type { AnsweredBy, MachineDetector } from '../../telephony/src/ari-machine-detector';
import type { AgiSession } from '../../telephony/src/fastagi';
import type { SttEngine } from '../../speech/src/stt';
import type { TtsEngine } from '../../speech/src/tts';

/** The longest customer utterance recorded in one turn. */
const MAX_UTTERANCE_MS = 20_000;
const PLAYBACK_ATTEMPTS = 3;
const PLAYBACK_RETRY_MS = 150;

export interface ConversationStartReply {
  /** Spoken one part after another: the greeting, then the key menu; or the voicemail message. */
  speech: string[];
  /** The script's language (BCP 47), for the voice and for speech to text. */
  language: string;
  proceed: boolean;
}

/** How the AGI side reaches the attempt's CallWorkflow (Updates and a signal in the worker). */
export interface ConversationPort {
  startConversation(workflowId: string, answeredBy: 'person' | 'machine'): Promise<ConversationStartReply>;
  /** Detection found a machine after the greeting began: the voicemail policy's message. */
  answeringMachine(workflowId: string): Promise<ConversationStartReply>;
  /** `turn` counts from 1 in this session: with the workflow id it names the turn, so a resent one is not run twice. */
  turn(workflowId: string, turn: number, customer: { text?: string; dtmf?: string }): Promise<{ reply: string; end: boolean }>;
  conversationEnded(workflowId: string, outcome: CallOutcome): Promise<void>;
}

/** Spoken turns: Asterisk records the customer, the recording is fetched and transcribed. */
export interface SpeechInput {
  stt: SttEngine;
  recordings: { fetch(name: string): Promise<Buffer>; remove(name: string): Promise<void> };
  /** The directory Asterisk records into, as Asterisk sees it. */
  recordingDir: string;
}

export interface ConversationDeps {
  port: ConversationPort;
  tts: TtsEngine;
  detector: MachineDetector;
  audioUrl(id: string): string;
  /** How long to wait for a key press (or for speech to start) in each turn. */
  listenTimeoutMs: number;
  /** Without it the conversation runs on key presses alone. */
  speech?: SpeechInput;
  logger: { log(message: string): void; error(message: string, error?: unknown): void };
}

/**
 * The conversation on an answered channel. The AI greets at once while answering-machine detection runs
 * beside it; a machine found by the end of any part of the opening gets the voicemail message, people
 * get the rest of the opening and then turns (a key or speech in, the workflow's reply out) until a reply
 * ends the call. A hang-up surfaces as AgiHangupError, which the FastAGI server treats as the end.
 */
export function createConversationHandler({ port, tts, detector, audioUrl, listenTimeoutMs, speech, logger }: ConversationDeps) {
  /** Plays synthesised audio; `audio` may still be on its way, so the next part is voiced while one plays. */
  const play = async (session: AgiSession, audio: Promise<{ id: string }>) => {
    const url = audioUrl((await audio).id);
    for (let attempt = 1; ; attempt++) {
      await session.exec('Playback', url);
      // Channels fetching the same new URL at once race in Asterisk's media cache and some fail; the
      // file is cached a moment later, so one more try plays it instead of leaving the caller in silence.
      if ((await session.getVariable('PLAYBACKSTATUS')) !== 'FAILED') return;
      if (attempt === PLAYBACK_ATTEMPTS) {
        logger.error(`playback of ${url} failed ${attempt} times`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, PLAYBACK_RETRY_MS));
    }
  };
  const speak = (session: AgiSession, text: string, language: string) => play(session, tts.synthesize(text, language));
  /** Parts spoken one after another; all are voiced at once, so no part waits for its synthesis. */
  const voiced = (parts: string[], language: string) => {
    const audio = parts.map((part) => tts.synthesize(part, language));
    // A part never played (the call ended first) must not leave an unhandled rejection behind.
    for (const pending of audio) pending.catch(() => undefined);
    return audio;
  };

  /** One customer turn: a key, or speech recorded until silence and transcribed; {} when nothing came. */
  const listen = async (session: AgiSession, recordingName: string, language: string): Promise<{ text?: string; dtmf?: string }> => {
    if (!speech) {
      const dtmf = await session.waitForDigit(listenTimeoutMs);
      return dtmf ? { dtmf } : {};
    }
    const recorded = await session.recordFile({
      path: `${speech.recordingDir}/${recordingName}`,
      format: 'wav',
      escapeDigits: '0123456789*#',
      maxMs: MAX_UTTERANCE_MS,
      silenceSeconds: Math.max(1, Math.round(listenTimeoutMs / 1000)),
    });
    if (recorded.digit) return { dtmf: recorded.digit };
    try {
      const { text } = await speech.stt.transcribe(await speech.recordings.fetch(recordingName), 'audio/wav', language);
      return text ? { text } : {};
    } catch (error) {
      // A failed transcription is an unclear turn, not a dropped call.
      logger.error(`transcription of ${recordingName} failed: ${error instanceof Error ? error.message : String(error)}`);
      return {};
    } finally {
      await speech.recordings.remove(recordingName).catch(() => undefined);
    }
  };

  const leaveVoicemail = async (session: AgiSession, workflowId: string): Promise<void> => {
    const message = await port.answeringMachine(workflowId);
    if (!message.proceed) return;
    if (message.speech.length > 0) {
      const parts = voiced(message.speech, message.language);
      // Speak after the machine's greeting and its beep, into the recording.
      await session.exec('WaitForSilence', 1000, 1, 10);
      for (const part of parts) await play(session, part);
    }
    await port.conversationEnded(workflowId, 'voicemail');
    await session.hangup();
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
    const detection: { answeredBy?: AnsweredBy } = {};
    void detector.detect(channelId).then((verdict) => (detection.answeredBy = verdict));
    const start = await port.startConversation(workflowId, 'person');
    if (!start.proceed) return;
    for (const part of voiced(start.speech, start.language)) {
      await play(session, part);
      if (detection.answeredBy === 'machine') return leaveVoicemail(session, workflowId);
    }
    // A verdict still out after the whole opening is taken as a person's, as AMD's own NOTSURE is.
    for (let turn = 1; ; turn++) {
      const answer = await port.turn(workflowId, turn, await listen(session, `${channelId}-turn-${turn}`, start.language));
      await speak(session, answer.reply, start.language);
      if (answer.end) break;
    }
    await port.conversationEnded(workflowId, 'no_decision');
    await session.hangup();
  };
}
