import { type CallOutcome, type HandoffOrder, callWorkflowId, parseCallChannelId } from '../../contracts/src';
import type { PrepareHandoff } from './agent-handoff';
import type { AnsweredBy, MachineDetector } from '../../telephony/src/ari-machine-detector';
import type { CallRecorder } from '../../telephony/src/call-recorder';
import type { AudioSink, AudioStream } from '../../telephony/src/audiosocket/audio-socket.server';
import type { AgiSession } from '../../telephony/src/fastagi';
import { UtteranceListener, wavOf } from '../../speech/src/listening/utterance-listener';
import type { SttEngine } from '../../speech/src/stt';
import type { TtsEngine } from '../../speech/src/tts';
import { GREETING_VARIABLE, readGreetingVariable } from './early-greeting';
import { declinesRecording } from './recording-consent';

/** The longest customer utterance recorded in one turn. */
const MAX_UTTERANCE_MS = 20_000;
const PLAYBACK_ATTEMPTS = 3;
const PLAYBACK_RETRY_MS = 150;
/** While the callee's audio streams in, keys are read in slices this long, so the end of speech is noticed at once. */
const KEY_SLICE_MS = 50;
/**
 * A customer's pause this long before the endpoint starts the transcription (about what a decode takes), so
 * the words are ready when the pause becomes the endpoint; speech that resumes discards it.
 */
const EARLY_TRANSCRIPTION_LEAD_MS = 300;
/** No earlier than this into a pause: shorter ones come between words, and each would start a decode. */
const EARLY_TRANSCRIPTION_MIN_PAUSE_MS = 150;

export interface ConversationStartReply {
  /** Spoken one part after another: the greeting, then the key menu; or the voicemail message. */
  speech: string[];
  /** The script's language (BCP 47), for the voice and for speech to text. */
  language: string;
  proceed: boolean;
  /** Record the whole call into this stored recording, starting before the opening (which announces it). */
  recording?: { name: string };
  /** A resumed conversation goes on from this turn (its earlier turns were the dead session's). */
  nextTurn?: number;
}

/** How the AGI side reaches the attempt's CallWorkflow (Updates and a signal in the worker). */
export interface ConversationPort {
  startConversation(workflowId: string, answeredBy: 'person' | 'machine'): Promise<ConversationStartReply>;
  /**
   * The dialplan's `rescue`-th attempt to pick up a conversation whose worker died: what to say to resume it.
   * A recording it names is already running (and not declined).
   */
  resumeConversation(workflowId: string, rescue: number): Promise<ConversationStartReply>;
  /** Detection found a machine after the greeting began: the voicemail policy's message. */
  answeringMachine(workflowId: string): Promise<ConversationStartReply>;
  /** `turn` counts from 1 in this session: with the workflow id it names the turn, so a resent one is not run twice. */
  turn(workflowId: string, turn: number, customer: { text?: string; dtmf?: string }): Promise<{ reply: string; end: boolean; handoff?: HandoffOrder }>;
  /** The customer declined the recording (by this key or in these words), which is already stopped and deleted: the acknowledgement to speak. */
  declineRecording(workflowId: string, customer: { text?: string; dtmf?: string }): Promise<{ reply: string }>;
  conversationEnded(workflowId: string, outcome: CallOutcome): Promise<void>;
}

/**
 * Spoken turns. The callee's audio streams to the worker live and each utterance ends at its endpoint;
 * when the stream is not there (detection could not start it), Asterisk records the turn until a
 * silence and the recording is fetched.
 */
export interface SpeechInput {
  stt: SttEngine;
  recordings: { fetch(name: string): Promise<Buffer>; remove(name: string): Promise<void> };
  /** The directory Asterisk records into, as Asterisk sees it. */
  recordingDir: string;
  /** The worker's AudioSocket server, and how Asterisk reaches it (host:port). */
  live?: { open(sink: AudioSink): AudioStream; address: string };
  /** The silence after speech that ends a turn. */
  endOfSpeechMs: number;
}

/**
 * The moments of a conversation that its latency is made of: the AGI session begins; the workflow answers
 * the opening's Update (`decided`, while the greeting handed over at the dial plays); the session goes on
 * with the opening (`opened`: after that greeting, or before the first part when none was handed over);
 * the greeting is voiced; its playback is asked of Asterisk; in a turn,
 * the customer's utterance is ended by the endpoint, transcribed, answered by the workflow, the reply voiced
 * and its playback asked.
 */
export type ConversationMoment =
  | 'session'
  | 'decided'
  | 'opened'
  | 'greeting-voiced'
  | 'greeting-play'
  | 'heard'
  | 'transcribed'
  | 'replied'
  | 'reply-voiced'
  | 'reply-play';

/** Told of each moment as it happens (bench/voice.ts breaks the latency down with it). */
export type ConversationTrace = (channelId: string, moment: ConversationMoment, at: number) => void;

export interface ConversationDeps {
  port: ConversationPort;
  tts: TtsEngine;
  detector: MachineDetector;
  recorder: Pick<CallRecorder, 'start' | 'keepLineOpen' | 'discard'>;
  audioUrl(id: string): string;
  /** How long to wait for a key press (or for speech to start) in each turn. */
  listenTimeoutMs: number;
  /** Without it the conversation runs on key presses alone. */
  speech?: SpeechInput;
  /** Puts a customer through to a person when a turn's reply says so (agent-handoff.ts). */
  handoff: PrepareHandoff;
  logger: { log(message: string): void; error(message: string, error?: unknown): void };
  trace?: ConversationTrace;
}

/**
 * The conversation on an answered channel. The AI greets at once while answering-machine detection runs
 * beside it; a machine found by the end of any part of the opening gets the voicemail message, people
 * get the rest of the opening and then turns (a key or speech in, the workflow's reply out) until a reply
 * ends the call. A hang-up surfaces as AgiHangupError, which the FastAGI server treats as the end.
 */
export function createConversationHandler({ port, tts, detector, recorder, audioUrl, listenTimeoutMs, speech, handoff, logger, trace }: ConversationDeps) {
  const mark = (session: AgiSession, moment: ConversationMoment) => trace?.(session.env.uniqueid ?? '', moment, Date.now());
  /**
   * Plays synthesised audio; `audio` may still be on its way, so the next part is voiced while one plays.
   * Interruptible audio stops at a key, which is returned: the customer's answer (an opt-out above all) need
   * not wait for the AI to finish speaking. Closings and messages play to their end.
   */
  const play = async (
    session: AgiSession,
    audio: Promise<{ id: string }>,
    interruptible = false,
    moments?: { voiced: ConversationMoment; play: ConversationMoment },
  ): Promise<string | undefined> => {
    const url = audioUrl((await audio).id);
    if (moments) mark(session, moments.voiced);
    // Background stops at a key and returns it (the context has no such extension, so the dialplan stays put).
    const [application, status] = interruptible ? ['Background', 'BACKGROUNDSTATUS'] : ['Playback', 'PLAYBACKSTATUS'];
    for (let attempt = 1; ; attempt++) {
      if (moments && attempt === 1) mark(session, moments.play);
      const played = await session.exec(application, url);
      if (interruptible && played.result > 0) return String.fromCharCode(played.result);
      // Channels fetching the same new URL at once race in Asterisk's media cache and some fail; the
      // file is cached a moment later, so one more try plays it instead of leaving the caller in silence.
      if ((await session.getVariable(status)) !== 'FAILED') {
        await recorder.keepLineOpen(session);
        return undefined;
      }
      if (attempt === PLAYBACK_ATTEMPTS) {
        logger.error(`playback of ${url} failed ${attempt} times`);
        return undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, PLAYBACK_RETRY_MS));
    }
  };
  const speak = (session: AgiSession, text: string, language: string, interruptible = false, moments?: { voiced: ConversationMoment; play: ConversationMoment }) =>
    play(session, tts.synthesize(text, language), interruptible, moments);
  /** Parts spoken one after another; all are voiced at once, so no part waits for its synthesis. */
  const voiced = (parts: string[], language: string) => {
    const audio = parts.map((part) => tts.synthesize(part, language));
    // A part never played (the call ended first) must not leave an unhandled rejection behind.
    for (const pending of audio) pending.catch(() => undefined);
    return audio;
  };

  const transcribe = async (stt: SttEngine, audio: () => Promise<Buffer>, name: string, language: string): Promise<{ text?: string }> => {
    try {
      const { text } = await stt.transcribe(await audio(), 'audio/wav', language);
      return text ? { text } : {};
    } catch (error) {
      // A failed transcription is an unclear turn, not a dropped call.
      logger.error(`transcription of ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      return {};
    }
  };

  /**
   * One spoken turn from the live stream: keys are read in short slices until the utterance ends. Its
   * transcription starts at the pause that becomes the endpoint, and its words are returned at once.
   */
  const listenLive = async (session: AgiSession, speech: SpeechInput, listener: UtteranceListener, name: string, language: string) => {
    const words = (audio: Buffer) => transcribe(speech.stt, async () => wavOf(audio), name, language);
    const next = listener.next(
      { startTimeoutMs: listenTimeoutMs, endSilenceMs: speech.endOfSpeechMs, maxMs: MAX_UTTERANCE_MS, pauseMs: Math.max(EARLY_TRANSCRIPTION_MIN_PAUSE_MS, speech.endOfSpeechMs - EARLY_TRANSCRIPTION_LEAD_MS) },
      words,
    );
    let ended = false;
    const spoken: Promise<{ text?: string } | undefined> = next.utterance.then((utterance) => {
      ended = true;
      if (!utterance) return undefined;
      mark(session, 'heard');
      // Transcribed from the pause that became the endpoint: the same speech, its decoding already under way.
      return (utterance.early ?? words(utterance.audio)).then((text) => {
        mark(session, 'transcribed');
        return text;
      });
    });
    // The clock bounds it too, should the stream stop mid-turn.
    const deadline = Date.now() + listenTimeoutMs + MAX_UTTERANCE_MS;
    const keys = (async (): Promise<{ dtmf?: string; text?: string }> => {
      // The line carries silence, not nothing, while the customer speaks: as a real open line does, and as
      // the far end's own silence detection needs (PlayTones runs on while the keys are read).
      await session.exec('PlayTones', '0');
      try {
        while (!ended && Date.now() < deadline) {
          const dtmf = await session.waitForDigit(KEY_SLICE_MS);
          if (dtmf) return { dtmf };
        }
      } finally {
        next.cancel();
        await session.exec('StopPlayTones');
      }
      return (await spoken) ?? {};
    })();
    // Words go to the turn at once; the key slice under way and StopPlayTones finish in the session's
    // command queue meanwhile, ahead of the reply's playback. No utterance (a key, or silence): the keys decide.
    return Promise.race([keys, spoken.then((text) => text ?? keys)]);
  };

  /** One spoken turn recorded by Asterisk until a silence as long as the listening time, then fetched. */
  const listenRecorded = async (session: AgiSession, speech: SpeechInput, name: string, language: string) => {
    const recorded = await session.recordFile({
      path: `${speech.recordingDir}/${name}`,
      format: 'wav',
      escapeDigits: '0123456789*#',
      maxMs: MAX_UTTERANCE_MS,
      silenceSeconds: Math.max(1, Math.round(listenTimeoutMs / 1000)),
    });
    if (recorded.digit) return { dtmf: recorded.digit };
    try {
      return await transcribe(speech.stt, () => speech.recordings.fetch(name), name, language);
    } finally {
      await speech.recordings.remove(name).catch(() => undefined);
    }
  };

  /** One customer turn: a key, or speech until its end, transcribed; {} when nothing came. */
  const listen = async (session: AgiSession, callee: Callee, name: string, language: string): Promise<{ text?: string; dtmf?: string }> => {
    if (!speech) {
      const dtmf = await session.waitForDigit(listenTimeoutMs);
      return dtmf ? { dtmf } : {};
    }
    return callee.stream?.receiving()
      ? listenLive(session, speech, callee.listener, name, language)
      : listenRecorded(session, speech, name, language);
  };

  /** The whole call is recorded from before the opening, whose consent announcement says so. */
  const startRecording = async (session: AgiSession, start: ConversationStartReply): Promise<Recording | undefined> => {
    if (!start.recording) return undefined;
    await recorder.start(session, start.recording.name);
    return { name: start.recording.name, active: true };
  };

  /**
   * One customer turn (`pressed`: a key that stopped the AI's speech already answered it). A customer who
   * declines the recording (by key or in words) has it stopped and deleted at once, hears it acknowledged,
   * and is heard again: the call goes on unrecorded.
   */
  const hearTurn = async (
    session: AgiSession,
    turn: { callee: Callee; recording: Recording | undefined; workflowId: string; name: string; language: string; pressed: string | undefined },
  ) => {
    const { callee, recording, workflowId, name, language } = turn;
    const heard = turn.pressed ? { dtmf: turn.pressed } : await listen(session, callee, name, language);
    if (!recording?.active || !declinesRecording(heard, language)) {
      await recorder.keepLineOpen(session);
      return heard;
    }
    recording.active = false;
    await recorder.discard(session, recording.name);
    const { reply } = await port.declineRecording(workflowId, heard);
    const pressed = await speak(session, reply, language, true);
    return pressed ? { dtmf: pressed } : listen(session, callee, `${name}-after-decline`, language);
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

  /** Plays the greeting set on the channel at the dial, if any: its text and the key that interrupted it. */
  const greetEarly = async (session: AgiSession): Promise<{ text: string; pressed: string | undefined } | undefined> => {
    const greeting = readGreetingVariable(await session.getVariable(GREETING_VARIABLE));
    if (!greeting) return undefined;
    const pressed = await speak(session, greeting.text, greeting.language, true, { voiced: 'greeting-voiced', play: 'greeting-play' });
    return { text: greeting.text, pressed };
  };

  /** The opening's parts still to say once `greeted` was said: the workflow records the whole opening, so it is the truth. */
  const openingAfter = (greeted: string | undefined, speech: string[]): string[] => {
    if (greeted === undefined) return speech;
    if (speech[0] === greeted) return speech.slice(1);
    logger.error('the greeting played differs from the opening the workflow recorded; the whole opening follows');
    return speech;
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
    mark(session, 'session');
    // [dialer-rescue] passes "resume" and its count when the session holding this conversation died.
    const rescue = session.env.arg_1 === 'resume' ? Number(session.env.arg_2) || 1 : 0;
    const listener = new UtteranceListener();
    const live = speech?.live;
    const callee: Callee = { listener, stream: live?.open((pcm) => listener.push(pcm)) };
    const detection: { answeredBy?: AnsweredBy } = {};
    const stream = callee.stream && live ? { id: callee.stream.id, address: live.address } : undefined;
    void detector.detect(channelId, stream).then((verdict) => (detection.answeredBy = verdict));
    try {
      const starting = rescue ? port.resumeConversation(workflowId, rescue) : port.startConversation(workflowId, 'person');
      // Awaited after the greeting; should the callee hang up during it, the answer must not go unhandled.
      void starting.then(() => mark(session, 'decided'), () => undefined);
      // The greeting the dial step handed over plays while the workflow decides the opening; a resumed
      // conversation does not greet again.
      const greeted = rescue ? undefined : await greetEarly(session);
      const start = await starting;
      // Every end hangs up: a channel the dialplan gets back still up is a conversation that lost its worker.
      if (!start.proceed) return await session.hangup();
      const recording = rescue ? start.recording && { name: start.recording.name, active: true } : await startRecording(session, start);
      mark(session, 'opened');
      if (greeted && !greeted.pressed && detection.answeredBy === 'machine') return await leaveVoicemail(session, workflowId);
      let pressed = greeted?.pressed;
      const opening = pressed ? [] : voiced(openingAfter(greeted?.text, start.speech), start.language);
      for (const part of opening) {
        const moments = !greeted && part === opening[0] ? ({ voiced: 'greeting-voiced', play: 'greeting-play' } as const) : undefined;
        pressed = await play(session, part, true, moments);
        // A resumed conversation was with a person: detection only opens the audio stream. So was one where a key
        // was pressed, whatever detection says: a machine presses none, and a 9 must reach the do-not-call list.
        if (!rescue && !pressed && detection.answeredBy === 'machine') return await leaveVoicemail(session, workflowId);
        if (pressed) break;
      }
      // A verdict still out after the whole opening is taken as a person's, as AMD's own NOTSURE is.
      for (let turn = start.nextTurn ?? 1; ; turn++) {
        const customer = await hearTurn(session, { callee, recording, workflowId, name: `${channelId}-turn-${turn}`, language: start.language, pressed });
        const answer = await port.turn(workflowId, turn, customer);
        mark(session, 'replied');
        // The agent's summary is voiced while the customer hears the reply ("please hold").
        const putThrough = answer.handoff && handoff(answer.handoff, start.language);
        pressed = await speak(session, answer.reply, start.language, !answer.end && !putThrough, { voiced: 'reply-voiced', play: 'reply-play' });
        if (putThrough) {
          await putThrough.run({ session, workflowId, channelId, language: start.language, speak: async (text) => void (await speak(session, text, start.language)) });
          return await session.hangup();
        }
        if (answer.end) break;
      }
      await port.conversationEnded(workflowId, 'no_decision');
      await session.hangup();
    } finally {
      callee.stream?.close();
    }
  };
}

/** The call's recording on Asterisk; inactive once the customer declined it. */
interface Recording {
  name: string;
  active: boolean;
}

/** What the conversation hears of the callee: their live audio, when it streams. */
interface Callee {
  listener: UtteranceListener;
  stream?: AudioStream;
}
