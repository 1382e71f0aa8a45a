import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { callChannelId } from '../../contracts/src';
import type { AnsweredBy } from '../../telephony/src/ari-machine-detector';
import { AgiSession } from '../../telephony/src/fastagi';
import { type ConversationPort, type ConversationStartReply, createConversationHandler } from './agi-conversation.handler';
import { greetingVariable } from './early-greeting';

const GREETING = 'Hello Sam, this is an automated call from Acme (with an offer).';
const MENU = 'Press 1 if you are interested.';

/**
 * Asterisk's side of one AGI session: answers each command as the sandbox would and writes down, in one
 * timeline with the conversation port's calls, what the callee hears.
 */
class ScriptedAsterisk {
  readonly timeline: string[] = [];
  readonly commands: string[] = [];
  readonly session: AgiSession;
  private readonly texts = new Map<string, string>();
  private readonly playbackListeners: (() => void)[] = [];

  constructor(
    env: Record<string, string>,
    private readonly variables: Record<string, string>,
    /** A key the callee presses during the first thing they hear. */
    private keyDuringFirstPlayback?: string,
  ) {
    const socket = { write: (line: string) => this.answer(line.trim()), end: () => undefined } as unknown as Socket;
    this.session = new AgiSession(env, socket);
  }

  /** A URL per text, as the worker's audio server gives one per synthesised utterance. */
  audioUrl = (id: string) => `http://audio.test/${id}.wav`;
  tts = {
    checkAvailable: async () => undefined,
    synthesize: async (text: string) => {
      const id = `a${this.texts.size}`;
      this.texts.set(id, text);
      return { id, path: `/cache/${id}.wav` };
    },
  };

  onFirstPlayback(listener: () => void): void {
    this.playbackListeners.push(listener);
  }

  private answer(command: string): void {
    this.commands.push(command);
    const reply = (line: string) => queueMicrotask(() => this.session.receive(line));
    const played = /^EXEC (?:Background|Playback) http:\/\/audio\.test\/(\w+)\.wav$/.exec(command);
    if (played) {
      this.timeline.push(`hears: ${this.texts.get(played[1]!)}`);
      for (const listener of this.playbackListeners.splice(0)) listener();
      const key = this.keyDuringFirstPlayback;
      this.keyDuringFirstPlayback = undefined;
      if (key) this.timeline.push(`presses ${key}`);
      return reply(`200 result=${key ? key.charCodeAt(0) : 0}`);
    }
    const variable = /^GET VARIABLE (\w+)$/.exec(command)?.[1];
    if (variable === 'BACKGROUNDSTATUS' || variable === 'PLAYBACKSTATUS') return reply('200 result=1 (SUCCESS)');
    if (variable) return reply(this.variables[variable] === undefined ? '200 result=0' : `200 result=1 (${this.variables[variable]})`);
    if (command === 'HANGUP') this.timeline.push('hangs up');
    reply('200 result=0');
  }
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

function setup(options: { greetingOnChannel: boolean; rescue?: boolean; detected?: AnsweredBy; keyDuringGreeting?: string }) {
  const env: Record<string, string> = { uniqueid: callChannelId({ campaignId: randomUUID(), contactId: randomUUID(), attempt: 1 }) };
  if (options.rescue) Object.assign(env, { arg_1: 'resume', arg_2: '1' });
  const variables: Record<string, string> = options.greetingOnChannel ? { DIALER_GREETING: greetingVariable({ text: GREETING, language: 'en-US' })! } : {};
  const asterisk = new ScriptedAsterisk(env, variables, options.keyDuringGreeting);
  const opening = deferred<ConversationStartReply>();
  const port: ConversationPort = {
    startConversation: async () => {
      asterisk.timeline.push('workflow asked for the opening');
      const reply = await opening.promise;
      asterisk.timeline.push('workflow decided the opening');
      return reply;
    },
    resumeConversation: async () => {
      asterisk.timeline.push('workflow asked to resume');
      return { speech: ['Sorry, we lost the line.', MENU], language: 'en-US', proceed: true, nextTurn: 2 };
    },
    answeringMachine: async () => {
      asterisk.timeline.push('workflow told of a machine');
      return { speech: ['Please call Acme back.'], language: 'en-US', proceed: true };
    },
    turn: async (_workflowId, turn, customer) => {
      asterisk.timeline.push('dtmf' in customer ? `turn ${turn}: key ${customer.dtmf}` : `turn ${turn}`);
      return { reply: 'Goodbye.', end: true };
    },
    declineRecording: async () => ({ reply: '' }),
    conversationEnded: async (_workflowId, outcome) => void asterisk.timeline.push(`ended: ${outcome}`),
  };
  const handle = createConversationHandler({
    port,
    tts: asterisk.tts,
    detector: { detect: () => (options.detected ? Promise.resolve(options.detected) : new Promise<AnsweredBy>(() => undefined)) },
    recorder: { start: async () => undefined, keepLineOpen: async () => undefined, discard: async () => undefined },
    audioUrl: asterisk.audioUrl,
    listenTimeoutMs: 1000,
    handoff: () => undefined as never,
    logger: { log: () => undefined, error: () => undefined },
  });
  return { asterisk, opening, handle: () => handle(asterisk.session) };
}

const OPENING: ConversationStartReply = { speech: [GREETING, MENU], language: 'en-US', proceed: true };

describe(createConversationHandler.name, () => {
  it('plays the greeting handed over at the dial before the workflow has decided the opening, then the rest of it once', async () => {
    const { asterisk, opening, handle } = setup({ greetingOnChannel: true });
    // The workflow answers only once the callee hears something: a handler waiting for it first never would.
    asterisk.onFirstPlayback(() => opening.resolve(OPENING));

    await handle();

    expect(asterisk.timeline).toEqual([
      'workflow asked for the opening',
      `hears: ${GREETING}`,
      'workflow decided the opening',
      `hears: ${MENU}`,
      'turn 1',
      'hears: Goodbye.',
      'ended: no_decision',
      'hangs up',
    ]);
  });

  it('waits for the opening when the dial handed no greeting over (a recorded call: its recording starts first)', async () => {
    const { asterisk, opening, handle } = setup({ greetingOnChannel: false });
    opening.resolve(OPENING);

    await handle();

    expect(asterisk.timeline.slice(0, 4)).toEqual(['workflow asked for the opening', 'workflow decided the opening', `hears: ${GREETING}`, `hears: ${MENU}`]);
  });

  it('does not greet a rescued call again: it hears the apology and the last question', async () => {
    const { asterisk, handle } = setup({ greetingOnChannel: true, rescue: true });

    await handle();

    expect(asterisk.timeline).toEqual(['workflow asked to resume', 'hears: Sorry, we lost the line.', `hears: ${MENU}`, 'turn 2', 'hears: Goodbye.', 'ended: no_decision', 'hangs up']);
    expect(asterisk.commands).not.toContain('GET VARIABLE DIALER_GREETING');
  });

  it('leaves the voicemail message after the early greeting when a machine answered, once the opening is recorded', async () => {
    const { asterisk, opening, handle } = setup({ greetingOnChannel: true, detected: 'machine' });
    asterisk.onFirstPlayback(() => opening.resolve(OPENING));

    await handle();

    expect(asterisk.timeline).toEqual([
      'workflow asked for the opening',
      `hears: ${GREETING}`,
      'workflow decided the opening',
      'workflow told of a machine',
      'hears: Please call Acme back.',
      'ended: voicemail',
      'hangs up',
    ]);
  });

  it.each([true, false])('takes a key pressed during the greeting as a person answering, whatever detection says (greeting handed over: %s)', async (greetingOnChannel) => {
    const { asterisk, opening, handle } = setup({ greetingOnChannel, detected: 'machine', keyDuringGreeting: '9' });
    if (greetingOnChannel) asterisk.onFirstPlayback(() => opening.resolve(OPENING));
    else opening.resolve(OPENING);

    await handle();

    expect(asterisk.timeline).not.toContain('workflow told of a machine');
    expect(asterisk.timeline).toContain('turn 1: key 9');
  });

  it('hangs up after the early greeting when the workflow says the call is over', async () => {
    const { asterisk, opening, handle } = setup({ greetingOnChannel: true });
    asterisk.onFirstPlayback(() => opening.resolve({ speech: [], language: 'en-US', proceed: false }));

    await handle();

    expect(asterisk.timeline).toEqual(['workflow asked for the opening', `hears: ${GREETING}`, 'workflow decided the opening', 'hangs up']);
  });
});
